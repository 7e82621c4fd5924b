// Spare fds held for a whole run (`--reserve-fds`), so the model's clients get high fd numbers: select's FD_SETSIZE wall within reach.
import fs from 'node:fs';
import {SysError, errno} from '../sys/index.js';

/** fds opened on /dev/null and held until `close()`, which closes each one once. */
export class ReservedFds {
	private constructor(private fds: readonly number[]) {}

	/**
	 * Open `count` fds (close-on-exec: a forked model's children do not inherit them). The kernel
	 * hands out the lowest free numbers, so they fill the table from below. Throws SysError
	 * (EMFILE) when the open-files limit does not leave room for all of them, none left open.
	 */
	static open(count: number): ReservedFds {
		const fds: number[] = [];
		try {
			for (let index = 0; index < count; index++) {
				fds.push(fs.openSync('/dev/null', 'r'));
			}
		} catch (error) {
			for (const fd of fds) {
				fs.closeSync(fd);
			}

			const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
			throw new SysError('open', errno[code] ?? errno.EINVAL, `/dev/null: ${fds.length} of ${count} spare fds (--reserve-fds) opened`);
		}

		return new ReservedFds(fds);
	}

	/** How many are held. */
	get count(): number {
		return this.fds.length;
	}

	/** Close them all; later calls do nothing. */
	close(): void {
		for (const fd of this.fds) {
			fs.closeSync(fd);
		}

		this.fds = [];
	}
}
