// What rules io_uring out before any system call: the environment switch, the kernel.io_uring_disabled sysctl, the kernel's version (man 2 io_uring_setup).
import {readFileSync} from 'node:fs';
import {release} from 'node:os';

/**
 * Set to `1`, this environment variable makes io_uring count as unavailable here, as on a kernel
 * without it: for tests of that path, and for anyone who wants io_uring left alone.
 */
export const NO_IO_URING_ENV = 'ECHO_TUI_NO_IO_URING';

/** Provided buffer rings (IORING_REGISTER_PBUF_RING), which the io-uring model needs, came in Linux 5.19. */
const OLDEST_KERNEL: readonly [number, number] = [5, 19];

function readProc(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8').trim();
	} catch {
		return undefined; // Kernels before 6.6 have no io_uring_disabled switch.
	}
}

/**
 * Why io_uring cannot be used, from what can be read without a system call (and without koffi,
 * so the catalog and `--help` can ask): `ECHO_TUI_NO_IO_URING=1`, the `kernel.io_uring_disabled`
 * sysctl (2: off; 1: only for root and `kernel.io_uring_group`), a kernel older than 5.19. Only a
 * real io_uring_setup can tell a seccomp filter apart: `ioUringUnavailable` makes one.
 */
export function ioUringSwitchedOff(): string | undefined {
	if (process.env[NO_IO_URING_ENV] === '1') {
		return `switched off by ${NO_IO_URING_ENV}=1`;
	}

	const disabled = readProc('/proc/sys/kernel/io_uring_disabled');
	if (disabled === '2') {
		return 'switched off on this host (sysctl kernel.io_uring_disabled = 2)';
	}

	if (disabled === '1' && process.geteuid?.() !== 0) {
		const group = Number(readProc('/proc/sys/kernel/io_uring_group') ?? -1);
		if (!(process.getgroups?.() ?? []).includes(group)) {
			return 'limited to root and kernel.io_uring_group (sysctl kernel.io_uring_disabled = 1)';
		}
	}

	const [major = 0, minor = 0] = release().split('.').map(part => Number.parseInt(part, 10));
	const [oldestMajor, oldestMinor] = OLDEST_KERNEL;
	if (major < oldestMajor || (major === oldestMajor && minor < oldestMinor)) {
		return `Linux ${major}.${minor} is too old: provided buffer rings need ${oldestMajor}.${oldestMinor} or newer`;
	}

	return undefined;
}
