// Kernel constants for Linux (x86-64 and arm64 share these values), spelled as in C.

export const AF_INET = 2;
export const AF_NETLINK = 16;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const IPPROTO_TCP = 6;

export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;
export const TCP_NODELAY = 1;
export const TCP_INFO = 11;

export const SHUT_RDWR = 2;

export const MSG_PEEK = 0x2;
export const MSG_DONTWAIT = 0x40;
export const MSG_NOSIGNAL = 0x4000;

export const F_GETFL = 3;
export const F_SETFL = 4;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;

/** Writes to a pipe of at most this many bytes are atomic: never interleaved with other writers' (man 7 pipe). */
export const PIPE_BUF = 4096;
export const F_SETPIPE_SZ = 1031;

export const EFD_CLOEXEC = 0o2000000;
export const EFD_NONBLOCK = 0o4000;

/** `ioctl` request: bytes in the receive queue not yet read by the application (man 7 tcp). */
export const FIONREAD = 0x541b;
/** `ioctl` request: bytes in the send queue not yet acknowledged by the peer (man 7 tcp). */
export const SIOCOUTQ = 0x5411;

/** select()'s fixed fd_set capacity: fds at or above it cannot be watched (man 2 select). */
export const FD_SETSIZE = 1024;

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;

export const EPOLL_CLOEXEC = 0o2000000;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLIN = 0x001;
export const EPOLLOUT = 0x004;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
export const EPOLLRDHUP = 0x2000;
export const EPOLLET = 0x80000000;

export const RLIMIT_NOFILE = 7;

export const PR_SET_PDEATHSIG = 1;
export const SIGKILL = 9;
export const SIGTERM = 15;
export const WNOHANG = 1;

export const _SC_CLK_TCK = 2;
export const _SC_PAGESIZE = 30;

/** TCP states as in `tcpi_state` and `idiag_state` (include/net/tcp_states.h). */
export const TCP_ESTABLISHED = 1;
export const TCP_SYN_SENT = 2;
export const TCP_SYN_RECV = 3;
export const TCP_FIN_WAIT1 = 4;
export const TCP_FIN_WAIT2 = 5;
export const TCP_TIME_WAIT = 6;
export const TCP_CLOSE = 7;
export const TCP_CLOSE_WAIT = 8;
export const TCP_LAST_ACK = 9;
export const TCP_LISTEN = 10;
export const TCP_CLOSING = 11;

/** netlink(7) family of the socket diagnostics (man 7 sock_diag). */
export const NETLINK_SOCK_DIAG = 4;
/** nlmsg_type of a sock_diag request and of each socket in its answer. */
export const SOCK_DIAG_BY_FAMILY = 20;
export const NLM_F_REQUEST = 0x1;
/** NLM_F_ROOT | NLM_F_MATCH: every matching object, in as many messages as it takes. */
export const NLM_F_DUMP = 0x300;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
