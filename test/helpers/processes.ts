// Processes as /proc shows them: whether one exists, its children, and the monitor a tmux pane runs.
import fs from 'node:fs';
import type {TmuxSession} from './tmux.js';

export {childrenOf} from '../../source/bench/process-stats.js';

/** Whether a process exists at all (a zombie does too: it has not been reaped). */
export function processExists(pid: number): boolean {
	return fs.existsSync(`/proc/${pid}`);
}

/** The monitor's node process: the shell in the pane runs it as its only child. */
export function monitorPid(session: TmuxSession): number {
	const shell = session.panePid();
	const children = fs.readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
	return Number(children[0] ?? 0);
}
