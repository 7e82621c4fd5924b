// io_uring's numbers and struct layouts (include/uapi/linux/io_uring.h), spelled as in C; the same on x86-64 and arm64.

/** System call numbers: io_uring came after the tables were unified, so every architecture shares them. */
export const SYS_io_uring_setup = 425;
export const SYS_io_uring_enter = 426;
export const SYS_io_uring_register = 427;

/** io_uring_setup(2) flags. */
export const IORING_SETUP_CQSIZE = 1 << 3;
export const IORING_SETUP_SUBMIT_ALL = 1 << 7;
export const IORING_SETUP_COOP_TASKRUN = 1 << 8;
/** With COOP_TASKRUN or DEFER_TASKRUN: the kernel sets IORING_SQ_TASKRUN in the SQ ring's flags while completion work waits for io_uring_enter (Linux 5.19+). */
export const IORING_SETUP_TASKRUN_FLAG = 1 << 9;
export const IORING_SETUP_SINGLE_ISSUER = 1 << 12;
export const IORING_SETUP_DEFER_TASKRUN = 1 << 13;

/** `io_uring_params.features`: what this kernel's rings can do. */
export const IORING_FEAT_SINGLE_MMAP = 1 << 0;
export const IORING_FEAT_EXT_ARG = 1 << 8;
/** IOSQE_CQE_SKIP_SUCCESS is honoured (Linux 5.17+). */
export const IORING_FEAT_CQE_SKIP = 1 << 11;

/** io_uring_enter(2) flags. */
export const IORING_ENTER_GETEVENTS = 1 << 0;
export const IORING_ENTER_EXT_ARG = 1 << 3;
/** The fd argument is an index into this thread's registered ring fds (IORING_REGISTER_RING_FDS), not an fd (Linux 5.18+). */
export const IORING_ENTER_REGISTERED_RING = 1 << 4;

/** `sq_ring->flags`: completions did not fit in the CQ and wait in the kernel for room. */
export const IORING_SQ_CQ_OVERFLOW = 1 << 0;
/** `sq_ring->flags`: completion work is waiting to be run by io_uring_enter with GETEVENTS (IORING_SETUP_TASKRUN_FLAG). */
export const IORING_SQ_TASKRUN = 1 << 1;

/** mmap(2) offsets that select which part of a ring to map. */
export const IORING_OFF_SQ_RING = 0;
export const IORING_OFF_CQ_RING = 0x800_0000;
export const IORING_OFF_SQES = 0x1000_0000;

/** io_uring_register(2) opcodes. */
export const IORING_UNREGISTER_FILES = 3;
/** Replace entries of the registered file table: `struct io_uring_files_update`, nr_args = how many fds. */
export const IORING_REGISTER_FILES_UPDATE = 6;
/** Register a file table described by `struct io_uring_rsrc_register`; nr_args is that struct's size (Linux 5.13+). */
export const IORING_REGISTER_FILES2 = 13;
export const IORING_REGISTER_RING_FDS = 20;
export const IORING_UNREGISTER_RING_FDS = 21;
export const IORING_REGISTER_PBUF_RING = 22;
export const IORING_UNREGISTER_PBUF_RING = 23;

/** Operations (`io_uring_sqe.opcode`). */
export const IORING_OP_NOP = 0;
export const IORING_OP_POLL_ADD = 6;
export const IORING_OP_ACCEPT = 13;
export const IORING_OP_ASYNC_CANCEL = 14;
export const IORING_OP_SEND = 26;
export const IORING_OP_RECV = 27;

/** `io_uring_sqe.flags`: `fd` is a slot of the ring's registered file table, not an fd. */
export const IOSQE_FIXED_FILE = 1 << 0;
/** `io_uring_sqe.flags`: pick the buffer from a provided buffer group (`buf_group`). */
export const IOSQE_BUFFER_SELECT = 1 << 5;
/** `io_uring_sqe.flags`: post no completion when the request succeeds; a failure still posts one (Linux 5.17+). */
export const IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

/** send(2) flag: a stream socket's send is not done until every byte is (io_uring retries the rest itself). */
export const MSG_WAITALL = 0x100;

/** `io_uring_sqe.ioprio` of an accept: keep accepting until cancelled or an error (Linux 5.19+). */
export const IORING_ACCEPT_MULTISHOT = 1 << 0;
/** `io_uring_sqe.ioprio` of a recv: one completion per read until cancelled, end of stream or an error (Linux 6.0+). */
export const IORING_RECV_MULTISHOT = 1 << 1;

/** `io_uring_sqe.cancel_flags`: every request on the fd, or any request at all (Linux 5.19+). */
export const IORING_ASYNC_CANCEL_ALL = 1 << 0;
export const IORING_ASYNC_CANCEL_FD = 1 << 1;
export const IORING_ASYNC_CANCEL_ANY = 1 << 2;

/** `io_uring_cqe.flags`: a provided buffer was used, its id in the upper 16 bits. */
export const IORING_CQE_F_BUFFER = 1 << 0;
/** `io_uring_cqe.flags`: a multishot request stays armed; more completions follow. */
export const IORING_CQE_F_MORE = 1 << 1;
/** The provided buffer id sits in the upper 16 bits of `io_uring_cqe.flags`. */
export const IORING_CQE_BUFFER_SHIFT = 16;

/** struct io_uring_params: 120 bytes; the ring offsets (`sq_off`, `cq_off`) are filled in by the kernel. */
export const IO_URING_PARAMS_SIZE = 120;
export const PARAMS_SQ_ENTRIES = 0;
export const PARAMS_CQ_ENTRIES = 4;
export const PARAMS_FLAGS = 8;
export const PARAMS_FEATURES = 20;
/** struct io_sqring_offsets: head, tail, ring_mask, ring_entries, flags, dropped, array (u32 each). */
export const PARAMS_SQ_OFF = 40;
/** struct io_cqring_offsets: head, tail, ring_mask, ring_entries, overflow, cqes, flags (u32 each). */
export const PARAMS_CQ_OFF = 80;

/** struct io_uring_sqe: 64 bytes; byte offsets of the fields used here. */
export const IO_URING_SQE_SIZE = 64;
/** The first word: opcode (byte 0), flags (byte 1), ioprio (bytes 2-3). */
export const SQE_OPCODE = 0;
export const SQE_FD = 4;
export const SQE_OFF = 8;
export const SQE_ADDR = 16;
export const SQE_LEN = 24;
/** The per-operation flags word: msg_flags, accept_flags, poll32_events, cancel_flags. */
export const SQE_OP_FLAGS = 28;
export const SQE_USER_DATA = 32;
export const SQE_BUF_GROUP = 40;

/** struct io_uring_cqe: 16 bytes, {u64 user_data; s32 res; u32 flags}. */
export const IO_URING_CQE_SIZE = 16;

/** struct io_uring_buf: 16 bytes, {u64 addr; u32 len; u16 bid; u16 resv}; entry 0's resv is the ring's tail. */
export const IO_URING_BUF_SIZE = 16;
/** struct io_uring_buf_reg: 40 bytes, {u64 ring_addr; u32 ring_entries; u16 bgid; u16 flags; u64 resv[3]}. */
export const IO_URING_BUF_REG_SIZE = 40;

/** struct io_uring_rsrc_update: 16 bytes, {u32 offset; u32 resv; u64 data}; for ring fds, `data` is the fd and `offset` the slot (-1: any free one). */
export const IO_URING_RSRC_UPDATE_SIZE = 16;

/** struct io_uring_rsrc_register: 32 bytes, {u32 nr; u32 flags; u64 resv2; u64 data; u64 tags}. */
export const IO_URING_RSRC_REGISTER_SIZE = 32;
/** `io_uring_rsrc_register.flags`: a table of `nr` empty slots, no `data` (Linux 5.19+). */
export const IORING_RSRC_REGISTER_SPARSE = 1 << 0;
/** struct io_uring_files_update: 16 bytes, {u32 offset; u32 resv; u64 fds}, `fds` pointing at s32 fds (-1 empties a slot). */
export const IO_URING_FILES_UPDATE_SIZE = 16;

/** struct io_uring_getevents_arg: 24 bytes, {u64 sigmask; u32 sigmask_sz; u32 min_wait_usec; u64 ts}. */
export const IO_URING_GETEVENTS_ARG_SIZE = 24;

export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
