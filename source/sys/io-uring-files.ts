// io_uring's registered file table (IORING_REGISTER_FILES2, sparse): sockets that a ring's requests name by slot instead of by fd.
import koffi from 'koffi';
import {raw} from './libc.js';
import {
	IORING_REGISTER_FILES2, IORING_REGISTER_FILES_UPDATE, IORING_RSRC_REGISTER_SPARSE, IORING_UNREGISTER_FILES,
	IO_URING_FILES_UPDATE_SIZE, IO_URING_RSRC_REGISTER_SIZE, SYS_io_uring_register,
} from './io-uring-constants.js';

/** The most slots asked for: the kernel allocates the table whole, 8 bytes a slot and more. */
const MAX_SLOTS = 65_536;

/**
 * A request that names an fd makes the kernel look the fd up and take a reference to its file,
 * and drop it after: in a process with more than one thread (every Node process) both are atomic
 * operations, paid twice a message. C's single-threaded reference server skips them (its fd
 * table is not shared). A request that names a slot of this table (IOSQE_FIXED_FILE) skips them
 * too: the table holds its own reference to each file.
 *
 * Slot `fd` holds fd `fd`, so nothing maps one to the other. The table holds each file open of
 * its own, so a slot is emptied before its fd is closed: otherwise the peer would not see the
 * close until the ring itself goes.
 */
export class FixedFiles {
	/**
	 * struct io_uring_files_update: a Buffer, so that step mode can read the slot it names (see
	 * describe-call); `fds` points at `fdCell`, one s32 in native memory, since a Buffer has no
	 * address to give the kernel.
	 */
	private readonly update = Buffer.alloc(IO_URING_FILES_UPDATE_SIZE);
	private readonly fdCell: bigint;
	private readonly fdView: Int32Array;
	private closed = false;

	private constructor(private readonly ringFd: number, readonly slots: number) {
		this.fdCell = koffi.alloc('int32_t', 1) as bigint;
		this.fdView = new Int32Array(koffi.view(this.fdCell, 4));
		this.update.writeBigUInt64LE(BigInt(this.fdCell), 8);
	}

	/**
	 * An empty table of `min(slots, 65,536)` slots for the ring `ringFd` (the kernel refuses more
	 * than RLIMIT_NOFILE), or undefined where the kernel has no sparse tables (before 5.19):
	 * requests then name fds.
	 */
	static register(ringFd: number, slots: number): FixedFiles | undefined {
		const size = Math.max(1, Math.min(slots, MAX_SLOTS));
		const registration = Buffer.alloc(IO_URING_RSRC_REGISTER_SIZE);
		registration.writeUInt32LE(size, 0);
		registration.writeUInt32LE(IORING_RSRC_REGISTER_SPARSE, 4);
		const result = Number(raw.io_uring_register(SYS_io_uring_register, ringFd, IORING_REGISTER_FILES2, registration, IO_URING_RSRC_REGISTER_SIZE));
		return result < 0 ? undefined : new FixedFiles(ringFd, size);
	}

	/** Put `fd` in slot `fd`. False when it has no slot (too high) or the kernel refused: name the fd then. */
	install(fd: number): boolean {
		return fd < this.slots && this.set(fd, fd);
	}

	/** Empty slot `fd`, before the fd is closed. */
	remove(fd: number): void {
		this.set(fd, -1);
	}

	/** Drop the table and the files it holds, once; requests that use it must be over. */
	close(): void {
		if (this.closed) {
			return;
		}

		this.closed = true;
		raw.io_uring_register(SYS_io_uring_register, this.ringFd, IORING_UNREGISTER_FILES, null, 0);
		koffi.free(this.fdCell);
	}

	/** IORING_REGISTER_FILES_UPDATE of one slot. */
	private set(slot: number, fd: number): boolean {
		if (this.closed) {
			return false;
		}

		this.update.writeUInt32LE(slot, 0); // offset
		this.fdView[0] = fd;
		return Number(raw.io_uring_register(SYS_io_uring_register, this.ringFd, IORING_REGISTER_FILES_UPDATE, this.update, 1)) === 1;
	}
}
