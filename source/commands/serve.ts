// `echo-tui serve`: one model, headless, events on stdout as lines or NDJSON, until a signal.
import {Engine} from '../engine/engine.js';
import {raiseFileLimit} from '../sys/index.js';
import {formatAcceptQueue, formatEvent} from './format-event.js';
import {onEveryExit} from './exit-hooks.js';
import {describeStartError} from './start-errors.js';
import {escapeBytes} from '../util/escape-bytes.js';

/** What `serve` was asked for, already validated. */
export type ServeOptions = {
	readonly model: string;
	readonly host: string;
	readonly port: number;
	/** listen()'s backlog. */
	readonly backlog: number;
	readonly json: boolean;
	readonly readOnce: boolean;
	/** fork: most child processes at once. */
	readonly maxProcs: number;
	/** threads: most client threads at once. */
	readonly maxThreads: number;
};

/** JSON replacer: received bytes become escaped text, so a line never carries a raw control byte. */
function bytesAsEscapedText(_key: string, value: unknown): unknown {
	return value instanceof Uint8Array ? escapeBytes(value) : value;
}

/** Serve until SIGINT, SIGTERM or SIGHUP; then stop the model cleanly and exit 0. */
export async function serve({model, host, port, backlog, json, readOnce, maxProcs, maxThreads}: ServeOptions): Promise<void> {
	raiseFileLimit();
	const engine = new Engine({host, port, backlog});
	const write = (line: string): void => {
		process.stdout.write(`${line}\n`);
	};

	engine.on('batch', batch => {
		for (const event of batch.events) {
			write(json ? JSON.stringify(event, bytesAsEscapedText) : formatEvent(event));
		}
	});

	// The accept queue is reported when it changes, not on every sample.
	let lastDepth = 0;
	engine.on('sample', sample => {
		const depth = sample.acceptQueue?.depth ?? 0;
		if (depth !== lastDepth) {
			lastDepth = depth;
			write(json ? JSON.stringify({kind: 'accept-queue', t: sample.t, ...sample.acceptQueue}) : formatAcceptQueue(sample));
		}
	});

	engine.on('failed', message => {
		process.stderr.write(`echo-tui: model ${model} failed: ${message}\n`);
		void engine.stop().then(() => process.exit(1));
	});

	onEveryExit(async () => engine.stop());

	try {
		await engine.start(model, {readOnce, maxProcs, maxThreads});
	} catch (error) {
		throw describeStartError(error, host, port);
	}
}
