// The queue depths panel: the accept queue against its limit, the kernel receive queues, application queues, charts, the deepest sockets.
import {useMemo} from 'react';
import {Text} from 'ink';
import type {AcceptQueueDepth, ClientRow} from './store/snapshot.js';
import {Panel, contentRows} from './panel.js';
import {lineChart, sparkline} from './chart.js';
import {cell} from './format.js';
import {formatBytes} from '../format/bytes.js';
import {tint} from './theme.js';

export type QueuesPanelProps = {
	readonly acceptQueue?: AcceptQueueDepth;
	/** Connections the kernel dropped at the full accept queue since the model started. */
	readonly listenDrops?: number;
	readonly acceptHistory: readonly number[];
	readonly receiveQueueHistory: readonly number[];
	/** Bytes in the kernel receive queues now, waiting connections included. */
	readonly receiveQueueTotal: number;
	readonly appQueueHistory: readonly number[];
	/** The connections with the most bytes queued, deepest first. */
	readonly deepest: readonly ClientRow[];
	/** Inner width in columns, for the charts. */
	readonly width: number;
	/** The panel's rows, border included; the chart and the deepest list shrink to fit. */
	readonly height: number;
	/** Sparklines only, no braille chart: the panel gives its width to the log. */
	readonly compact: boolean;
	/** io_uring: its submission and completion queues, two lines under the accept queue. */
	readonly ring?: RingQueues;
};

/** io_uring's two queues: their sizes and, per sample, the most entries one enter call found in them. */
export type RingQueues = {
	readonly sqSize: number;
	readonly cqSize: number;
	readonly submissionHistory: readonly number[];
	readonly completionHistory: readonly number[];
};

const TITLE = 'queue depths';
const NOTE = 'kernel: TCP_INFO, FIONREAD, sock_diag';
/** The figure lines and sparklines above and below the receive queue's chart. */
const FIXED_ROWS = 5;
const MAX_CHART_ROWS = 6;

/**
 * `sq 1 of 64` beside `cq 3 of 1024`, their sparklines under them, each in half the width: the
 * figure is the most entries one io_uring_enter call found in the queue over the last sample.
 */
function ringLines(ring: RingQueues, width: number): readonly [string, string] {
	const half = Math.floor((width - 1) / 2);
	const sq = `sq ${ring.submissionHistory.at(-1) ?? 0} of ${ring.sqSize}`;
	const cq = `cq ${ring.completionHistory.at(-1) ?? 0} of ${ring.cqSize}`;
	return [
		`${cell(sq, half)} ${cell(cq, width - half - 1)}`,
		`${sparkline(ring.submissionHistory, half)} ${sparkline(ring.completionHistory, width - half - 1)}`,
	];
}

/** `fd 7  recv-q 9.0 KiB  send-q 0 B  app 0 B`, or the address of a connection still waiting. */
function describeDeepest(row: ClientRow): string {
	const who = row.fd === undefined ? `${row.peer} (${row.state})` : `fd ${row.fd}`;
	return `${who}  recv-q ${formatBytes(row.receiveQueue ?? 0)}  send-q ${formatBytes(row.sendQueue ?? 0)}  app ${formatBytes(row.appQueue)}`;
}

/** Numbers from the kernel (TCP_INFO, FIONREAD, SIOCOUTQ, sock_diag) and the model, with their history. */
export function QueuesPanel({acceptQueue, listenDrops, acceptHistory, receiveQueueHistory, receiveQueueTotal, appQueueHistory, deepest, width, height, compact, ring}: QueuesPanelProps) {
	const note = NOTE.length + TITLE.length + 2 <= width ? NOTE : undefined;
	const lines = contentRows(height, TITLE, note, width);
	const ringRows = ring ? ringLines(ring, width) : [];
	// The chart takes what the deepest sockets (or the line saying there are none) leave.
	const chartRows = compact ? 1 : Math.max(1, Math.min(MAX_CHART_ROWS, lines - FIXED_ROWS - ringRows.length - Math.max(1, deepest.length)));
	// Three lines above the chart (and the ring's two), two below it, then the deepest sockets.
	const above = 3 + ringRows.length;
	const afterChart = above + chartRows;
	const deepestRows = Math.max(0, lines - afterChart - 2);
	const appNow = appQueueHistory.at(-1) ?? 0;
	const accept = acceptQueue ? `${acceptQueue.depth} of ${acceptQueue.limit}` : '-';
	// System-wide (/proc/net/netstat): labelled so, as another server's drops count too.
	const drops = listenDrops ? `  drops ${listenDrops} (host)` : '';
	// Drawn again only when a series moved (a sample), not on every frame: the histories are kept arrays, new only when they change.
	const chart = useMemo(() => chartRows === 1 ? [sparkline(receiveQueueHistory, width)] : lineChart(receiveQueueHistory, width, chartRows), [receiveQueueHistory, width, chartRows]);
	const acceptLine = useMemo(() => sparkline(acceptHistory, width), [acceptHistory, width]);
	const appLine = useMemo(() => sparkline(appQueueHistory, width), [appQueueHistory, width]);
	return (
		<Panel title={TITLE} note={note} width={width}>
			<Text>{cell(`accept queue ${accept}${drops}`, width)}</Text>
			<Text color={tint(acceptQueue?.depth ? 'yellow' : 'green')}>{acceptLine}</Text>
			{ringRows[0] === undefined || lines < 3 ? null : <Text>{ringRows[0]}</Text>}
			{ringRows[1] === undefined || lines < 4 ? null : <Text color={tint('cyan')}>{ringRows[1]}</Text>}
			{lines < above ? null : <Text>{cell(`${compact ? 'kernel recv-q' : 'kernel receive queues'} ${formatBytes(receiveQueueTotal)}`, width)}</Text>}
			{chart.slice(0, Math.max(0, lines - above)).map((row, index) => (
				// Chart rows have no identity but their position.
				<Text key={index} color={tint('blue')}>{row}</Text>
			))}
			{lines >= afterChart + 1 ? <Text>{cell(`${compact ? 'app queues' : 'application queues'} ${formatBytes(appNow)}`, width)}</Text> : null}
			{lines >= afterChart + 2 ? <Text color={tint('magenta')}>{appLine}</Text> : null}
			{deepestRows === 0 ? null : deepest.length === 0
				? <Text dimColor>every queue empty</Text>
				: deepest.slice(0, deepestRows).map(row => <Text key={row.key}>{cell(describeDeepest(row), width)}</Text>)}
		</Panel>
	);
}
