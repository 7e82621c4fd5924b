// The queue depths panel: the accept queue against its limit, the deepest sockets, application queues, and charts.
import {Text} from 'ink';
import type {ClientRow} from './monitor-store.js';
import {Panel} from './panel.js';
import {lineChart, sparkline} from './chart.js';
import {formatBytes} from './format.js';
import {tint} from './theme.js';

export type QueuesPanelProps = {
	readonly acceptQueue?: {readonly depth: number; readonly limit: number};
	readonly acceptHistory: readonly number[];
	readonly receiveQueueHistory: readonly number[];
	readonly appQueueHistory: readonly number[];
	/** The connections with the most bytes queued, deepest first. */
	readonly deepest: readonly ClientRow[];
	/** Inner width in columns, for the charts. */
	readonly width: number;
	/** Lines available below the title; the chart and the deepest list shrink to fit. */
	readonly maxRows: number;
};

const FIXED_ROWS = 5;
const MAX_CHART_ROWS = 6;

/** Numbers from the kernel (TCP_INFO, FIONREAD, SIOCOUTQ) and the model, with their history. */
export function QueuesPanel({acceptQueue, acceptHistory, receiveQueueHistory, appQueueHistory, deepest, width, maxRows}: QueuesPanelProps) {
	// Five fixed lines (two labelled sparklines and the chart's label), then the chart, then the deepest sockets.
	const chartRows = Math.max(0, Math.min(MAX_CHART_ROWS, maxRows - FIXED_ROWS - 1));
	const deepestRows = Math.max(0, maxRows - FIXED_ROWS - chartRows);
	const receiveNow = receiveQueueHistory.at(-1) ?? 0;
	const appNow = appQueueHistory.at(-1) ?? 0;
	return (
		<Panel title="queue depths" note="kernel: TCP_INFO, FIONREAD, SIOCOUTQ">
			<Text wrap="truncate-end">{`accept queue ${acceptQueue ? `${acceptQueue.depth} of ${acceptQueue.limit}` : '-'}`}</Text>
			<Text color={tint(acceptQueue?.depth ? 'yellow' : 'green')}>{sparkline(acceptHistory, width)}</Text>
			<Text wrap="truncate-end">{`kernel receive queues ${formatBytes(receiveNow)}`}</Text>
			{lineChart(receiveQueueHistory, width, chartRows).map((row, index) => (
				// Chart rows have no identity but their position.
				<Text key={index} color={tint('blue')}>{row}</Text>
			))}
			<Text wrap="truncate-end">{`application queues ${formatBytes(appNow)}`}</Text>
			<Text color={tint('magenta')}>{sparkline(appQueueHistory, width)}</Text>
			{deepestRows === 0 ? null : deepest.length === 0
				? <Text dimColor>every queue empty</Text>
				: deepest.slice(0, deepestRows).map(client => (
					<Text key={client.fd ?? client.peer} wrap="truncate-end">
						{`fd ${client.fd ?? '-'}  recv-q ${formatBytes(client.receiveQueue ?? 0)}  send-q ${formatBytes(client.sendQueue ?? 0)}  app ${formatBytes(client.appQueue)}`}
					</Text>
				))}
		</Panel>
	);
}
