// Drives a real terminal through tmux, as a person would: type keys, read the screen.
import {execFileSync} from 'node:child_process';
import {waitUntil} from './time.js';

/** A tmux server of its own (-L), so tests never touch the user's sessions. */
export type TmuxSession = {
	readonly socket: string;
	/** Send keys (tmux key names: 'q', 'Enter', 'C-c', or literal text with `literal`). */
	keys(keys: string, literal?: boolean): void;
	/** The screen's text now. */
	screen(): string;
	/** The screen with its escape sequences (colours, bold, inverse). */
	styledScreen(): string;
	/** Resize the window, as a user dragging the terminal does. */
	resize(columns: number, rows: number): void;
	/** Wait until the screen matches. */
	waitFor(pattern: RegExp | string, ms?: number): Promise<string>;
	/** The pane's title, as an escape sequence would set it. */
	title(): string;
	/** The pid of the pane's process (the shell). */
	panePid(): number;
	kill(): void;
};

let counter = 0;

/** The environment of a person's terminal: neither the test runner's colour forcing nor CI's variables. */
const terminalEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) =>
	key !== 'FORCE_COLOR' && key !== 'NO_COLOR' && key !== 'CI' && !key.startsWith('CI_') && key !== 'CONTINUOUS_INTEGRATION'));

function tmux(socket: string, args: readonly string[]): string {
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: {...terminalEnv, TERM: 'xterm-256color'}});
}

/** Start `command` in a detached tmux session of the given size. */
export function startTmux(command: string, {columns = 120, rows = 40} = {}): TmuxSession {
	const socket = `echo-tui-test-${process.pid}-${counter++}`;
	tmux(socket, ['-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), command]);
	// Keep the pane after its command ends, so a test can still read how it ended.
	tmux(socket, ['set-option', '-g', 'remain-on-exit', 'on']);
	const screen = (): string => tmux(socket, ['capture-pane', '-p']);
	return {
		socket,
		keys(keys, literal = false) {
			tmux(socket, ['send-keys', ...(literal ? ['-l'] : []), keys]);
		},
		screen,
		styledScreen: () => tmux(socket, ['capture-pane', '-p', '-e']),
		resize(columns, rows) {
			tmux(socket, ['resize-window', '-x', String(columns), '-y', String(rows)]);
		},
		async waitFor(pattern, ms = 10_000) {
			return waitUntil(ms, `the screen to show ${String(pattern)}`, () => {
				const text = screen();
				return (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) ? text : undefined;
			});
		},
		title: () => tmux(socket, ['display-message', '-p', '#{pane_title}']).trim(),
		panePid: () => Number(tmux(socket, ['display-message', '-p', '#{pane_pid}']).trim()),
		kill() {
			try {
				tmux(socket, ['kill-server']);
			} catch {
				// Already gone.
			}
		},
	};
}

/** Whether tmux is installed (CI installs it; see .ci/run). */
export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}
