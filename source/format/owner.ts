// Who serves a client: the thread or the process, as every screen and line names it.

/** `tid 812`, `pid 4410`, or undefined when the event names neither (a process wins over a thread). */
export function formatOwner({tid, pid}: {readonly tid?: number | undefined; readonly pid?: number | undefined}): string | undefined {
	if (pid !== undefined) {
		return `pid ${pid}`;
	}

	return tid === undefined ? undefined : `tid ${tid}`;
}
