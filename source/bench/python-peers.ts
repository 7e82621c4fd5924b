// The CPython peers: the textbook's loops as CPython runs them (python/*.py), one per model that has a textbook version.
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Unavailable} from './c-reference.js';
import {startPrintingPeer, type PeerServer} from './peer-process.js';

/** `--peers` takes this word for the CPython peers. */
export const PYTHON = 'python';

/** Each model with a textbook version, and its file under python/. */
const files: Readonly<Record<string, string>> = {
	blocking: 'echo_blocking.py',
	fork: 'echo_fork.py',
	threads: 'echo_threads.py',
	nonblocking: 'echo_nonblocking.py',
	select: 'echo_select.py',
	'select-queue': 'echo_select_queue.py',
	'epoll-lt': 'echo_epoll_lt.py',
	'epoll-et': 'echo_epoll_et.py',
};

/** The interpreter found, for the command line and the machine line. */
export type Python = {
	/** Its own path (sys.executable): run directly, a launcher such as pyenv's shim would stand between it and bench. */
	readonly executable: string;
	/** `3.12.3` */
	readonly version: string;
};

/** How long `python3 -c ...` may take to say where it is. */
const FIND_TIMEOUT_MS = 10_000;

/** The row name of `model`'s CPython peer (`python:epoll-lt`), or undefined when it has none. */
export function pythonPeerOf(model: string): string | undefined {
	return model in files ? `${PYTHON}:${model}` : undefined;
}

/**
 * The folder of the peers: beside this module (dist/bench/python, copied there by the build;
 * source/bench/python under tsx), then the package's source/ seen from dist/bench/.
 */
function pythonFolder(): string | undefined {
	return [new URL('python/', import.meta.url), new URL('../../source/bench/python/', import.meta.url)]
		.map(url => fileURLToPath(url))
		.find(folder => existsSync(`${folder}peer.py`));
}

/** `python3` on the PATH, where it really is and its version, or why it cannot be used. */
export async function findPython(): Promise<Python | Unavailable> {
	if (!pythonFolder()) {
		return {unavailable: 'python/ (the CPython peers) not found beside the package'};
	}

	return new Promise(resolve => {
		execFile('python3', ['-c', 'import sys; print(sys.executable); print(sys.version.split()[0])'], {timeout: FIND_TIMEOUT_MS}, (error, stdout, stderr) => {
			const [executable, version] = stdout.trim().split('\n');
			if (error || !executable || !version) {
				// A launcher with no interpreter behind it (pyenv's shim) is there and fails: say what it said.
				const said = stderr.trim().split('\n')[0] || error?.message.split('\n')[0] || 'no answer';
				resolve({unavailable: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'python3 not found' : `python3 did not run: ${said}`});
			} else {
				resolve({executable, version});
			}
		});
	});
}

/** The interpreter's arguments for `model`'s peer, before the port: `-B`, no bytecode written into the package. */
function peerArgs(model: string): string[] {
	return ['-B', `${pythonFolder() ?? ''}${files[model] ?? ''}`];
}

/** The command line of `model`'s peer, without the port and pid bench adds: for the row. */
export function pythonCommand(python: Python, model: string): string {
	return [python.executable, ...peerArgs(model)].join(' ');
}

/**
 * Starts `model`'s CPython peer on a port the kernel picks, dying with this process (it asks
 * for PR_SET_PDEATHSIG itself, as the C reference does).
 */
export async function startPythonPeer(python: Python, model: string, {signal}: {readonly signal?: AbortSignal} = {}): Promise<PeerServer> {
	return startPrintingPeer(python.executable, [...peerArgs(model), '0', String(process.pid)], pythonPeerOf(model) ?? model, {signal});
}
