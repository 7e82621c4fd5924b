// mmap(2) and munmap(2) for io_uring: the rings the kernel shares, and anonymous memory for buffers it writes.
import {raw, lastErrno} from './libc.js';
import {SysError} from './errors.js';
import {
	MAP_ANONYMOUS, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE,
} from './io-uring-constants.js';

/** mmap(2)'s failure value is `(void *) -1`, not NULL. */
const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

/** Mappings made here and not yet unmapped, in this thread: what a leak test reads. */
let live = 0;

function mmap(length: number, flags: number, fd: number, offset: number, what: string): number {
	const address = raw.mmap(null, length, PROT_READ | PROT_WRITE, flags, fd, offset) as bigint;
	if (address === MAP_FAILED) {
		throw new SysError('mmap', lastErrno(), what);
	}

	live++;
	// User-space addresses fit in 48 bits: exact as a double, and SQE fields take them as two u32s.
	return Number(address);
}

/** Map part of a ring fd (`offset` selects which part), shared with the kernel and populated at once. */
export function mapShared(length: number, fd: number, offset: number, what: string): number {
	return mmap(length, MAP_SHARED | MAP_POPULATE, fd, offset, what);
}

/** Reserve private anonymous memory; a page becomes resident only when first written. */
export function mapAnonymous(length: number, what: string): number {
	return mmap(length, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, what);
}

/** Unmap what `mapShared` or `mapAnonymous` returned, once: no view of it may be used after. */
export function unmap(address: number, length: number): void {
	if (raw.munmap(address, length) === 0) {
		live--;
	}
}

/** Mappings made through this file and not unmapped yet, in this thread. */
export function liveMappings(): number {
	return live;
}
