// Raises the open-files limit before any server starts: every client costs an fd on each side.
import {getFileLimit, setFileLimit, type FileLimit} from '../sys/index.js';

/** Soft limit raised to the hard limit (or left alone when that fails). Returns the limit in force. */
export function raiseOpenFileLimit(): FileLimit {
	const limit = getFileLimit();
	if (limit.soft < limit.hard) {
		try {
			setFileLimit(limit.hard);
		} catch {
			return limit; // Not permitted here: the servers then report EMFILE when they reach it.
		}
	}

	return getFileLimit();
}
