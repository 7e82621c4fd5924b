// The monitor's handle on its built-in clients: commands in, reports out, the worker kept off the UI thread.
import {EventEmitter} from 'node:events';
import {setTimeout as delay} from 'node:timers/promises';
import type {Worker} from 'node:worker_threads';
import {startSiblingWorker} from '../util/sibling-module.js';
import type {BuiltinCommand, BuiltinReport} from './builtin-protocol.js';

/** Built-in echo clients running in their own worker thread. */
export class BuiltinClients extends EventEmitter<{report: [report: BuiltinReport]}> {
	private readonly worker: Worker;
	private readonly exited: Promise<void>;

	constructor() {
		super();
		this.worker = startSiblingWorker(import.meta.url, './builtin-clients-worker');
		this.worker.on('message', (report: BuiltinReport) => this.emit('report', report));
		this.exited = new Promise(resolve => {
			this.worker.on('exit', () => resolve());
		});
	}

	/** Send a command to the worker. */
	command(command: BuiltinCommand): void {
		this.worker.postMessage(command);
	}

	/** Close every client and end the worker. */
	async stop(): Promise<void> {
		this.command({type: 'stop'});
		await Promise.race([this.exited, delay(1000, undefined, {ref: false})]);
		await this.worker.terminate();
	}
}
