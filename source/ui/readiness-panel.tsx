// The readiness panel: each wait call and what it returned, or, for the models that block, what each thread is blocked in.
import {Text} from 'ink';
import type {BlockedThread, Rates, TaskCost, WaitCall} from './store/snapshot.js';
import {Panel, contentRows} from './panel.js';
import {cell, formatCount} from './format.js';
import {formatBytes} from '../format/bytes.js';
import {formatMicros} from '../format/duration.js';
import {formatReadyList} from '../format/ready-list.js';
import {wrapText} from './wrap-text.js';
import {tint} from './theme.js';
import {useNativeSpawnCost} from './use-native-spawn-cost.js';
import {isUnavailable, type Unavailable} from '../bench/c-reference.js';
import type {NativeSpawnCost} from '../bench/spawn-cost.js';

export type ReadinessPanelProps = {
	readonly waits: readonly WaitCall[];
	readonly threads: readonly BlockedThread[];
	readonly rates: Rates;
	/** fork and threads: what their processes or threads cost. */
	readonly cost?: TaskCost;
	/** What fork() and pthread_create() cost in C, or `measuring`; by default measured here, once, when a cost is shown. */
	readonly nativeCost?: NativeSpawnCost | Unavailable | 'measuring';
	/** The eventfd the wait call watches for a stop, counted in `watched`. */
	readonly controlFd?: number;
	readonly listenFd?: number;
	/** The panel's rows, border included. */
	readonly height: number;
	/** Inner width in columns. */
	readonly width: number;
	/** Now, in ms since the epoch, for "blocked for" times. */
	readonly now: number;
};

/** `epoll_wait 12/3 -> 2  31 us: 7 IN, 9 IN|OUT` (watched/scanned -> ready, the call's time); ASCII, see format.ts. */
export function describeWait(wait: WaitCall, width = Number.POSITIVE_INFINITY): string {
	const head = `${wait.call} ${wait.watched}/${wait.scanned} -> ${wait.ready.length}${wait.durationUs === undefined ? '' : `  ${formatMicros(wait.durationUs)}`}`;
	const room = width - head.length - 2;
	// The count is in the head already: a list with no room for one fd (or `+12 more`) is left out, not cut.
	if (wait.ready.length === 0 || room < Math.max(`${wait.ready[0]!.fd} IN`.length, `+${wait.ready.length} more`.length)) {
		return head;
	}

	return `${head}: ${formatReadyList(wait.ready, {maxChars: room, short: true})}`;
}

/**
 * What one more costs in C, for the cost line: `fork() in C: 139 us, 508 KiB` (resident, as the
 * Node figure beside it), `pthread_create() in C: 20 us, 16 KiB` (the stack pages it touched).
 */
function describeNative(unit: TaskCost['unit'], native: NativeSpawnCost | Unavailable | 'measuring'): string {
	const call = unit === 'process' ? 'fork()' : 'pthread_create()';
	if (native === 'measuring') {
		return `${call} in C: measuring...`;
	}

	if (isUnavailable(native)) {
		return `${call} in C: unavailable${native.unavailable.startsWith('no C compiler') ? ' (no cc)' : ''}`;
	}

	return unit === 'process'
		? `${call} in C: ${formatMicros(native.forkMs * 1000)}, ${formatBytes(native.forkRssKb * 1024)}`
		: `${call} in C: ${formatMicros(native.threadMs * 1000)}, ${formatBytes(native.threadTouchedKb * 1024)}`;
}

/**
 * `3 processes, 124 MiB RSS; each a new Node process: 47 ms, 41 MiB; fork() in C: 139 us, 508 KiB`,
 * `2 threads, 100 MiB RSS; each a worker, own isolate: 61 ms, +12 MiB; pthread_create() in C: 20 us, 16 KiB`:
 * how many, their memory, what the last start cost here (a child is a new Node process: Node cannot fork() and go on running JavaScript; a thread is a worker thread with its own V8 isolate) and what the same costs in C.
 */
export function describeCost(cost: TaskCost, native: NativeSpawnCost | Unavailable | 'measuring'): string {
	const isProcess = cost.unit === 'process';
	const count = isProcess ? `${cost.alive} ${cost.alive === 1 ? 'process' : 'processes'}` : `${cost.alive} ${cost.alive === 1 ? 'thread' : 'threads'}`;
	const each = cost.eachRssKb === undefined ? '' : `, ${isProcess ? '' : '+'}${formatBytes(cost.eachRssKb * 1024)}`;
	const what = isProcess ? 'a new Node process' : 'a worker, own isolate';
	return `${count}, ${formatBytes(cost.rssKb * 1024)} RSS; each ${what}: ${cost.lastStartMs.toFixed(0)} ms${each}; ${describeNative(cost.unit, native)}`;
}

/** `tid 812 recv(fd 7) 2.5s`, or `pid 4410 running 0.4s`: how long since it blocked, or since it last reported. */
function describeThread(thread: BlockedThread, now: number): {readonly label: string; readonly state: string} {
	const seconds = `${((now - thread.since) / 1000).toFixed(1)}s`;
	return {
		label: `${thread.unit === 'process' ? 'pid' : 'tid'} ${thread.tid} `,
		state: thread.blocked ? `${thread.call}(fd ${thread.fd}) ${seconds}` : `running ${seconds}`,
	};
}

/** Wait calls (select/poll/epoll) or blocked threads (the others), whichever the model has. */
export function ReadinessPanel({waits, threads, rates, cost, nativeCost, controlFd, listenFd, height, width, now}: ReadinessPanelProps) {
	const measured = useNativeSpawnCost({isActive: cost !== undefined && nativeCost === undefined});
	if (waits.length === 0 && threads.length > 0) {
		const note = `${formatCount(rates.recvCalls)} recv/s`;
		const lines = contentRows(height, 'blocked in', note, width);
		const costLines = cost ? wrapText(describeCost(cost, nativeCost ?? measured ?? 'measuring'), width, {indent: '  ', maxLines: 4}) : [];
		const room = Math.max(0, lines - costLines.length);
		// The newest threads last; when they do not all fit, a line counts the others.
		const fits = threads.length <= room;
		const shown = fits ? threads : (room > 1 ? threads.slice(-(room - 1)) : []);
		return (
			<Panel title="blocked in" note={note} width={width}>
				{costLines.slice(0, lines).map(line => <Text key={line} color={tint('cyan')}>{line}</Text>)}
				{!fits && room > 0 ? <Text dimColor>{`+ ${threads.length - shown.length} more`}</Text> : null}
				{shown.map(thread => {
					const {label, state} = describeThread(thread, now);
					return (
						<Text key={thread.tid}>
							{label}
							<Text color={tint(thread.blocked ? 'yellow' : 'green')}>{cell(state, Math.max(0, width - label.length))}</Text>
						</Text>
					);
				})}
			</Panel>
		);
	}

	const note = `${formatCount(rates.waitCalls)} waits/s  ${formatCount(rates.recvCalls)} recv/s`;
	const fds = [
		...(controlFd === undefined ? [] : [`fd ${controlFd} = stop (keyboard)`]),
		...(listenFd === undefined ? [] : [`fd ${listenFd} = listening`]),
	];
	const legend = wrapText(`watched/scanned -> ready fds, the call's time${rates.waitMeanUs === undefined ? '' : `; mean ${formatMicros(rates.waitMeanUs)}/call`}${fds.length > 0 ? `; ${fds.join(', ')}` : ''}`, width, {indent: '  '});
	const lines = contentRows(height, 'readiness', note, width);
	const room = Math.max(0, lines - legend.length);
	return (
		<Panel title="readiness" note={note} width={width}>
			{legend.slice(0, lines).map(line => <Text key={line} dimColor>{line}</Text>)}
			{room > 0 && waits.length === 0 ? <Text dimColor>{cell(`no wait calls${rates.eagain > 0 ? `: ${formatCount(rates.eagain)} EAGAIN/s` : ''}`, width)}</Text> : null}
			{(room > 0 ? waits.slice(-room) : []).map((wait, index) => (
				// Wait calls have no identity of their own; a row is its place in the window.
				<Text key={index}>{cell(describeWait(wait, width), width)}</Text>
			))}
		</Panel>
	);
}
