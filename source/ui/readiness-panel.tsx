// The readiness panel: each wait call and what it returned, or, for blocking models, what each thread is blocked in.
import {Text} from 'ink';
import type {BlockedThread, Rates, WaitCall} from './monitor-store.js';
import {Panel} from './panel.js';
import {formatCount} from './format.js';
import {tint} from './theme.js';

export type ReadinessPanelProps = {
	readonly waits: readonly WaitCall[];
	readonly threads: readonly BlockedThread[];
	readonly rates: Rates;
	readonly maxRows: number;
	/** Now, in ms since the epoch, for "blocked for" times. */
	readonly now: number;
};

/** `epoll_wait 12/3 -> 2: 7 EPOLLIN, 9 EPOLLIN|EPOLLOUT` (watched/scanned -> ready); ASCII, see format.ts. */
function describeWait(wait: WaitCall): string {
	const ready = wait.ready.map(({fd, flags}) => `${fd} ${flags.join('|')}`).join(', ');
	return `${wait.call} ${wait.watched}/${wait.scanned} -> ${wait.ready.length}${ready ? `: ${ready}` : ''}`;
}

/** Wait calls (select/poll/epoll) or blocked threads (the others), whichever the model has. */
export function ReadinessPanel({waits, threads, rates, maxRows, now}: ReadinessPanelProps) {
	const note = `${formatCount(rates.waitCalls)} waits/s  ${formatCount(rates.recvCalls)} recv/s  ${formatCount(rates.eagain)} EAGAIN/s`;
	if (waits.length === 0 && threads.length > 0) {
		return (
			<Panel title="blocked in" note={note}>
				{threads.slice(-maxRows).map(thread => (
					<Text key={thread.tid} wrap="truncate-end">
						{`tid ${thread.tid}  `}
						{thread.blocked
							? <Text color={tint('yellow')}>{`${thread.call}(fd ${thread.fd})  ${((now - thread.since) / 1000).toFixed(1)} s`}</Text>
							: <Text color={tint('green')}>running</Text>}
					</Text>
				))}
			</Panel>
		);
	}

	return (
		<Panel title="readiness" note={`watched/scanned -> ready  ${note}`}>
			{waits.length === 0 ? <Text dimColor>no wait calls yet</Text> : null}
			{waits.slice(-maxRows).map((wait, index) => (
				// Wait calls have no identity of their own; a row is its place in the window.
				<Text key={index} wrap="truncate-end">{describeWait(wait)}</Text>
			))}
		</Panel>
	);
}
