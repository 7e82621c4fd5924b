// The clients panel: one row per connection as the server, the kernel and, for built-in clients, the client see it.
import {memo, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import type {ClientCounts, ClientRow, ClientRowState} from './store/snapshot.js';
import {Panel, contentRows} from './panel.js';
import {cell} from './format.js';
import {fitEscaped} from '../util/escape-bytes.js';
import {fitColumns, headerText, rowText, type ClientColumn} from './client-columns.js';
import {tint} from './theme.js';

export type ClientsPanelProps = {
	/** The first rows; `counts` counts them all. */
	readonly rows: readonly ClientRow[];
	readonly counts: ClientCounts;
	/** The panel's rows, border included; clients that do not fit are counted on the last line. */
	readonly height: number;
	/** Inner width in columns. */
	readonly width: number;
	readonly mismatchedBytes: number;
	/** The address to connect to, for the empty panel's hint. */
	readonly host: string;
	readonly port: number;
	/** The selected row's key: highlighted, and kept in view. */
	readonly selected?: string;
	/** Connections dropped at a full accept queue since the model started. */
	readonly listenDrops?: number;
	/** The accept queue's limit, for the title when no queue panel shows it. */
	readonly backlogLimit?: number;
	/** A lesson drives the clients: the empty panel does not offer `n`, which is refused then. */
	readonly lessonRunning?: boolean;
};

const STATE_COLOR: Record<ClientRowState, 'blue' | 'yellow' | 'green' | 'gray' | 'red' | 'magenta'> = {
	connecting: 'blue', waiting: 'yellow', served: 'green', idle: 'gray', stalled: 'red', closing: 'magenta',
};

/** What the kernel says of a connection that is not plainly ESTABLISHED, short enough for its last-data cell (the help explains). */
const TCP_STATE_NOTE: Readonly<Record<string, string>> = {
	'CLOSE-WAIT': 'CLOSE-WAIT: it left',
	'SYN-SENT': 'SYN-SENT: no SYN-ACK',
	'SYN-RECV': 'SYN-RECV: ACK dropped',
};

/** `10 connected, 9 in backlog (1 closed), 2 connecting, 3 listen drops`: closed = its client closed while it waited. */
export function describeCounts(counts: ClientCounts, listenDrops?: number, backlogLimit?: number): string {
	const parts = [`${counts.connected} connected`];
	if (counts.waiting > 0 || backlogLimit !== undefined) {
		parts.push(`${counts.waiting} in backlog${backlogLimit === undefined ? '' : ` of ${backlogLimit}`}${counts.waitingClosed > 0 ? ` (${counts.waitingClosed} closed)` : ''}`);
	}

	if (counts.connecting > 0) {
		parts.push(`${counts.connecting} connecting`);
		// The kernel's counter is system-wide: it says something about this port only while its clients cannot connect.
		if (listenDrops) {
			parts.push(`${listenDrops} listen drops`);
		}
	}

	return parts.join(', ');
}

/** The first row to show so that the selected one is in view. */
function firstRow(rows: readonly ClientRow[], selected: string | undefined, visible: number): number {
	const at = selected === undefined ? -1 : rows.findIndex(row => row.key === selected);
	return at < visible ? 0 : at - visible + 1;
}

type ClientLineProps = {
	readonly row: ClientRow;
	readonly columns: readonly ClientColumn[];
	/** Columns of the last-data cell; 0: none. */
	readonly lastData: number;
	readonly isSelected: boolean;
};

/**
 * One client's line. The cells drawn plainly are joined into one string between the styled
 * ones: the same line as a Text per cell, with a fifth of the nodes for React and Ink to go
 * through on every frame. Memoized: a key press redraws with the same snapshot, whose rows
 * are the same objects, so only the rows whose selection changed are drawn again.
 */
const ClientLine = memo(function ClientLine({row, columns, lastData, isSelected}: ClientLineProps) {
	const stuck = (row.receiveQueue ?? 0) > 0 && (row.state === 'stalled' || row.state === 'waiting');
	// Received bytes are cut between their escapes, not inside one (`\xf~` would read as another byte).
	const note = row.note ?? (row.tcpState ? TCP_STATE_NOTE[row.tcpState] ?? row.tcpState : row.lastData === undefined ? undefined : fitEscaped(row.lastData, lastData));
	const parts: ReactNode[] = [];
	let plain = '';
	/** A styled cell ends the plain run before it. */
	const styled = (node: ReactNode): void => {
		parts.push(...(plain ? [plain, node] : [node]));
		plain = '';
	};

	for (const [index, {id, text}] of rowText(row, columns).entries()) {
		plain += index === 0 ? '' : ' ';
		if (id === 'state') {
			styled(<Text key={id} bold={row.state === 'stalled'} inverse={row.state === 'stalled' && !isSelected} color={tint(STATE_COLOR[row.state])}>{text}</Text>);
		} else if (id === 'recv-q' && stuck) {
			styled(<Text key={id} bold inverse={!isSelected} color={tint('yellow')}>{text}</Text>);
		} else {
			plain += text;
		}
	}

	if (lastData > 0) {
		plain += '  ';
		styled(row.mismatchedBytes > 0
			? <Text key="last" color={tint('red')} bold>{cell(`${row.mismatchedBytes} B WRONG`, lastData)}</Text>
			: <Text key="last" dimColor={!isSelected}>{cell(note ?? '', lastData)}</Text>);
	} else if (plain) {
		parts.push(plain);
	}

	return (
		<Box>
			<Text inverse={isSelected}>{parts}</Text>
		</Box>
	);
});

/** Clients: address, fd, owner, state, bytes and calls each way, kernel and application queues, last data (escaped). */
export function ClientsPanel({rows, counts, height, width, mismatchedBytes, host, port, selected, listenDrops, backlogLimit, lessonRunning = false}: ClientsPanelProps) {
	const {columns, lastData} = fitColumns(width);
	const note = describeCounts(counts, listenDrops, backlogLimit);
	// Below the title: the header line, then the rows.
	const maxRows = contentRows(height, 'clients', note, width) - 1;
	const total = counts.accepted + counts.waiting + counts.connecting;
	const warning = mismatchedBytes > 0 ? 1 : 0;
	// One line is kept for "+ N more" when not everything fits.
	const room = Math.max(0, maxRows - warning);
	const visible = total > room ? Math.max(0, room - 1) : room;
	const start = firstRow(rows, selected, visible);
	const shown = rows.slice(start, start + visible);
	const hidden = total - shown.length;
	return (
		<Panel title="clients" note={note} width={width}>
			<Text dimColor>{headerText(columns, lastData)}</Text>
			{shown.map(row => <ClientLine key={row.key} row={row} columns={columns} lastData={lastData} isSelected={row.key === selected}/>)}
			{hidden > 0 ? <Text dimColor>{cell(`+ ${hidden} more${counts.unlisted > 0 ? ` (${counts.unlisted} in the accept queue, unnamed)` : ''}  j/k or up/down scroll`, width)}</Text> : null}
			{total === 0 ? <Text dimColor>{cell(lessonRunning ? 'no clients yet - the lesson starts them' : `no clients - press n to add one, or connect: nc ${host} ${port}`, width)}</Text> : null}
			{warning ? <Text color={tint('red')} bold>{`${mismatchedBytes} echoed bytes did not match what was sent`}</Text> : null}
		</Panel>
	);
}
