// `echo-tui serve`: one model, headless, events on stdout as lines or NDJSON, until a signal.
import {Engine} from '../engine/engine.js';
import {emptyCounters, type ServerEvent} from '../models/probe/events.js';
import {raiseFileLimit} from '../sys/index.js';
import {BoundedOutput} from './bounded-output.js';
import {formatAcceptQueue, formatEvent} from '../format/format-event.js';
import {formatSlowReader, formatTotals} from './format-totals.js';
import {exitProcess, isTerminalGone, onEveryExit, outputError} from './exit-hooks.js';
import {describeStartError} from './start-errors.js';
import {TimeOrder} from './time-order.js';
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
	/** Spare fds opened before the model starts (select's FD_SETSIZE wall sooner). */
	readonly reserveFds: number;
};

/** Lines never left out for a slow reader: where the server is, what went wrong, when it stops accepting. */
const ESSENTIAL = new Set<ServerEvent['kind']>(['listening', 'error', 'capacity']);

/**
 * Longest the totals may wait for the reader at exit; within onEveryExit's own deadline, so a
 * reader that never reads costs this much and no more.
 */
const TOTALS_FLUSH_MS = 2000;

/**
 * An event as one JSON line; received bytes become escaped text, so a line never carries a raw
 * control byte. Only a recv event carries bytes: no replacer, which JSON.stringify would call for
 * every key of every event (it made JSON output a third of the server process's main thread).
 */
function eventAsJson(event: ServerEvent): string {
	return event.kind === 'recv' && event.head ? JSON.stringify({...event, head: escapeBytes(event.head)}) : JSON.stringify(event);
}

/** Serve until SIGINT, SIGTERM or SIGHUP; then stop the model cleanly, say the totals and exit 0. */
export async function serve({model, host, port, backlog, reserveFds, json, readOnce, maxProcs, maxThreads}: ServeOptions): Promise<void> {
	raiseFileLimit();
	const engine = new Engine({host, port, backlog, reserveFds});
	let counters = emptyCounters();
	let summarisedByProbe = 0;
	let finished: Promise<void> | undefined;
	const output = new BoundedOutput(process.stdout, {
		describeSuppressed: suppressed => formatSlowReader(suppressed, Date.now(), json),
		onClosed(error) {
			if (finished) {
				return;
			}

			// Nobody reads any more (the pipe's reader left, the terminal closed): end as on a hangup.
			if (isTerminalGone(error)) {
				process.kill(process.pid, 'SIGHUP');
				return;
			}

			// The output itself failed (a full disk): a script must not take the server's end for a clean stop.
			process.stderr.write(`echo-tui: ${outputError(error).message}; stopping the server\n`);
			void finish().then(() => exitProcess(1));
		},
	});
	const order = new TimeOrder();
	const render = (event: ServerEvent) => (): string => json ? eventAsJson(event) : formatEvent(event);

	engine.on('batch', batch => {
		counters = batch.counters;
		for (const event of batch.events) {
			order.reached(event.t);
			if (event.kind === 'summary') {
				for (const count of Object.values(event.suppressed)) {
					summarisedByProbe += count;
				}

				output.summary(event.suppressed, render(event));
			} else if (ESSENTIAL.has(event.kind)) {
				output.essential(render(event)());
			} else {
				output.detail(event.kind, render(event));
			}
		}
	});

	// The accept queue is reported when it changes, not on every sample.
	let lastDepth = 0;
	engine.on('sample', sample => {
		const depth = sample.acceptQueue?.depth ?? 0;
		if (depth !== lastDepth) {
			lastDepth = depth;
			order.hold(sample.t, () => {
				output.detail('accept-queue', () => json ? JSON.stringify({kind: 'accept-queue', t: sample.t, ...sample.acceptQueue}) : formatAcceptQueue(sample));
			});
		}
	});

	/** Stop the model (its last batch comes first), then say the totals and wait until they are out. */
	const finish = async (): Promise<void> => {
		finished ??= (async () => {
			await engine.stop();
			order.releaseAll();
			const totals = {t: Date.now(), model, counters, summarisedByProbe, summarisedByOutput: output.leftOut};
			await output.end(formatTotals(totals, json), TOTALS_FLUSH_MS);
		})();
		return finished;
	};

	engine.on('failed', message => {
		process.stderr.write(`echo-tui: model ${model} failed: ${message}\n`);
		void finish().then(() => exitProcess(1));
	});

	onEveryExit(finish);

	try {
		await engine.start(model, {readOnce, maxProcs, maxThreads});
	} catch (error) {
		throw describeStartError(error, host, port);
	}
}
