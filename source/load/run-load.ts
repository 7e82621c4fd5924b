// Runs one load in its own process, so it never shares a JS thread (or a core) with the server it measures.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import type {Duplex} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {siblingModule} from '../util/sibling-module.js';
import {resolveLoadOptions, type LoadOptions, type LoadResult} from './load-options.js';
import {childEnv} from '../util/child-env.js';

/** How long past its own end a load process may take (connecting, closing 10 000 sockets) before it is killed. */
const graceMs = 15_000;

/** The entry point of the load process: `.ts` under tsx, `.js` from dist/. */
export const loadProcessPath = fileURLToPath(siblingModule(import.meta.url, 'load-process'));

/** Flags that run code given on the command line (`-e`, `--print`, `-pe`): the child would run it again, and so start another child. */
const evalFlag = /^(-[a-z]*[ep]|--eval|--print)(=|$)/;

/**
 * Node flags handed on to the child: `--import tsx` must be (the entry is `.ts` from source),
 * an inspector port must not be (two processes cannot listen on it), nor code to evaluate
 * (`node -e "...runLoad(...)"` would start load after load, each the parent of the next).
 */
export function childExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
	const flags: string[] = [];
	for (let index = 0; index < execArgv.length; index++) {
		const flag = execArgv[index]!;
		if (evalFlag.test(flag)) {
			index += flag.includes('=') ? 0 : 1; // its code, when it is the next word
		} else if (!flag.startsWith('--inspect')) {
			flags.push(flag);
		}
	}

	return flags;
}

/**
 * Runs the load generator against `options.host:options.port` in a child process and resolves
 * with its result. Rejects when the options are invalid, when the process fails or prints no
 * result, or when `signal` aborts (the process is killed either way, never left behind).
 */
export async function runLoad(options: LoadOptions, {signal, onWindow}: {readonly signal?: AbortSignal; readonly onWindow?: (edge: 'open' | 'close') => void} = {}): Promise<LoadResult> {
	const resolved = resolveLoadOptions(options);
	signal?.throwIfAborted();
	const child = spawn(process.execPath, [...childExecArgv(), loadProcessPath, JSON.stringify(resolved)], {
		// fd 3: the load says when its measured window opens and closes, one word a line.
		stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
		env: childEnv(),
	});
	const notices = child.stdio[3] as Duplex;
	let pending = '';
	notices.setEncoding('utf8');
	notices.on('data', (text: string) => {
		pending += text;
		for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
			const edge = pending.slice(0, end);
			pending = pending.slice(end + 1);
			if (edge === 'open' || edge === 'close') {
				onWindow?.(edge);
			}

			// The load keeps its clients connected until told the closing edge was handled (load-process.ts).
			if (edge === 'close') {
				notices.write('\n');
			}
		}
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (text: string) => {
		stdout += text;
	});
	child.stderr!.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});

	const kill = () => child.kill('SIGKILL');
	const limitMs = ((resolved.warmupSeconds + resolved.seconds) * 1000) + graceMs;
	const timer = setTimeout(kill, limitMs);
	signal?.addEventListener('abort', kill, {once: true});
	try {
		const [code, signalName] = await once(child, 'close') as [number | null, NodeJS.Signals | null];
		signal?.throwIfAborted();
		if (code !== 0) {
			const reason = signalName ? `killed by ${signalName}` : `exit code ${code}`;
			throw new Error(`load process failed (${reason}): ${stderr.trim() || 'no message'}`);
		}

		return JSON.parse(stdout) as LoadResult;
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', kill);
	}
}
