// Whether io_uring can run here, and why not: a 1-entry ring set up and closed again (man 2 io_uring_setup).
import {raw, lastErrno} from './libc.js';
import {errno, errnoName} from './errors.js';
import {IO_URING_BUF_SIZE, IO_URING_PARAMS_SIZE, SYS_io_uring_setup} from './io-uring-constants.js';
import {registerBufferRing} from './io-uring-buffers.js';
import {mapAnonymous, unmap} from './io-uring-memory.js';
import {ioUringSwitchedOff} from './io-uring-switches.js';

/** The kernel's answer, asked once per thread: it cannot change while the process lives. */
let kernelAnswer: {readonly reason: string | undefined} | undefined;

/**
 * Undefined when io_uring can serve here; otherwise why not, in one line: switched off by
 * `ECHO_TUI_NO_IO_URING=1` or the `kernel.io_uring_disabled` sysctl, a kernel too old (io_uring
 * needs 5.1, the provided buffer rings used here 5.19), or refused by a seccomp filter (EPERM or
 * ENOSYS, as in many containers). Cheap: after `ioUringSwitchedOff`'s checks, the first call sets
 * up a 1-entry ring and registers a 1-entry buffer ring, then closes both; later calls reuse the
 * kernel's answer. Loads koffi: where it must not, `ioUringSwitchedOff` answers without it.
 */
export function ioUringUnavailable(): string | undefined {
	const switchedOff = ioUringSwitchedOff();
	if (switchedOff) {
		return switchedOff;
	}

	kernelAnswer ??= {reason: askKernel()};
	return kernelAnswer.reason;
}

function askKernel(): string | undefined {
	const params = Buffer.alloc(IO_URING_PARAMS_SIZE);
	const fd = Number(raw.io_uring_setup(SYS_io_uring_setup, 1, params));
	if (fd < 0) {
		return describeSetupFailure(lastErrno());
	}

	let ring: number;
	try {
		ring = mapAnonymous(IO_URING_BUF_SIZE, 'io_uring buffer ring probe');
	} catch (error) {
		raw.close(fd);
		return (error as Error).message;
	}

	try {
		const result = registerBufferRing(fd, ring, 1, 0);
		if (result === -errno.EINVAL) {
			return 'this kernel has no provided buffer rings (Linux 5.19 or newer has)';
		}

		return result < 0 ? `io_uring_register: ${errnoName(-result)}` : undefined;
	} finally {
		// Closing the ring fd unregisters the buffer ring; nothing was ever submitted on it.
		raw.close(fd);
		unmap(ring, IO_URING_BUF_SIZE);
	}
}

function describeSetupFailure(code: number): string {
	if (code === errno.ENOSYS) {
		return 'io_uring_setup: ENOSYS: this kernel is built without io_uring, or a seccomp filter hides it';
	}

	if (code === errno.EPERM) {
		// The sysctl was read before this call (ioUringSwitchedOff): what is left is a filter.
		return 'io_uring_setup: EPERM: refused, most likely by a seccomp filter (as in many containers)';
	}

	if (code === errno.ENOMEM) {
		return 'io_uring_setup: ENOMEM: the locked-memory limit is too low (ulimit -l)';
	}

	return `io_uring_setup: ${errnoName(code)}`;
}
