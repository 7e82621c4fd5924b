// Stopping a server started in a process group of its own (spawn's `detached`): the whole group, whatever it forked.
import type {ChildProcess} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';

/** How often a stop looks whether the group is gone. */
const POLL_MS = 20;
/** How long to wait for the group to go after SIGKILL, which cannot be refused. */
const KILL_WAIT_MS = 2000;

/** kill(2) to every process of group `pgid`; false when none is left (ESRCH). */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/** Whether group `pgid` emptied within `ms` (its leader reaped too: a zombie still counts). */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
	const deadline = performance.now() + ms;
	while (signalGroup(pgid, 0)) {
		if (performance.now() >= deadline) {
			return false;
		}

		await sleep(POLL_MS);
	}

	return true;
}

/**
 * SIGTERM to the group `child` leads, SIGKILL to what is left after `graceMs`; resolves once
 * the group is empty (at once if it never started). The leader's pid names the group for as
 * long as any member lives, so the signals cannot reach anyone else's processes.
 */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
	const pgid = child.pid;
	if (pgid === undefined || !signalGroup(pgid, 'SIGTERM')) {
		return;
	}

	if (!await groupGone(pgid, graceMs)) {
		signalGroup(pgid, 'SIGKILL');
		await groupGone(pgid, KILL_WAIT_MS);
	}
}
