// Idle connections held by a child process (idle-clients-process.ts), so hundreds of them cost the lesson's process no fd.
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {childExecArgv} from '../load/run-load.js';
import {childEnv} from '../util/child-env.js';
import {siblingProcessArgs} from '../util/sibling-module.js';

/** The line the child prints once every connection is established. */
export const IDLE_READY = 'connected';

/** How long a child may take to start and connect all its clients before it is given up. */
const CONNECT_MS = 30_000;

/** A child process holding `count` idle connections. */
export class IdleClients {
	private constructor(private readonly child: ChildProcess, readonly count: number) {}

	/**
	 * Start a child that opens `count` connections to host:port and resolves once all are
	 * established. Rejects (the child killed) when one fails or `CONNECT_MS` pass.
	 */
	static async open(host: string, port: number, count: number, signal?: AbortSignal): Promise<IdleClients> {
		const child = spawn(process.execPath, [...childExecArgv(), ...siblingProcessArgs(import.meta.url, 'idle-clients-process'), host, String(port), String(count)], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: childEnv(),
		});
		const clients = new IdleClients(child, count);
		let output = '';
		child.stdout!.setEncoding('utf8');
		child.stderr!.setEncoding('utf8').on('data', (text: string) => {
			output += text;
		});
		const ready = new Promise<void>((resolve, reject) => {
			child.stdout!.on('data', (text: string) => {
				output += text;
				if (output.includes(IDLE_READY)) {
					resolve();
				} else if (output.includes('\n')) {
					reject(new Error(`idle clients: ${output.trim()}`));
				}
			});
			child.once('exit', () => reject(new Error(`idle clients ended: ${output.trim() || 'no output'}`)));
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), CONNECT_MS);
		const abort = (): void => {
			child.kill('SIGKILL');
		};

		signal?.addEventListener('abort', abort, {once: true});
		try {
			await ready;
			return clients;
		} catch (error) {
			await clients.close();
			throw error;
		} finally {
			clearTimeout(timer);
			signal?.removeEventListener('abort', abort);
		}
	}

	/** Close every connection and end the child (killed if it does not end at once). */
	async close(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) {
			return;
		}

		const exited = once(this.child, 'exit');
		this.child.stdin?.end();
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 500);
		await exited;
		clearTimeout(timer);
	}
}
