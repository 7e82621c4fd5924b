// The clients panel: one row per connection as the server and, for built-in clients, the client see it.
import {Box, Text} from 'ink';
import type {ClientRow, ClientRowState} from './monitor-store.js';
import {Panel} from './panel.js';
import {cell, formatBytes, formatCount} from './format.js';
import {tint} from './theme.js';

export type ClientsPanelProps = {
	/** The first rows; `total` counts them all. */
	readonly rows: readonly ClientRow[];
	readonly total: number;
	/** Clients still in the listen backlog. */
	readonly waiting: number;
	/** Rows that fit; the rest are counted on the last line. */
	readonly maxRows: number;
	readonly mismatchedBytes: number;
};

const STATE_COLOR: Record<ClientRowState, 'yellow' | 'green' | 'gray' | 'magenta'> = {
	waiting: 'yellow', served: 'green', idle: 'gray', closing: 'magenta',
};

const HEADER = `${cell('peer', 15)} ${cell('fd', 4, true)} ${cell('owner', 10)} ${cell('state', 7)} ${cell('in', 7, true)} ${cell('out', 7, true)} ${cell('recv/send', 9, true)} ${cell('recv-q', 7, true)} ${cell('send-q', 7, true)} ${cell('app-q', 7, true)}  last data`;

function queue(bytes: number | undefined): string {
	return bytes === undefined ? '-' : formatBytes(bytes);
}

/** Clients: address, fd, owner, state, bytes and recv/send calls each way, kernel receive/send queue, application queue, last data (escaped). */
export function ClientsPanel({rows, total, waiting, maxRows, mismatchedBytes}: ClientsPanelProps) {
	const shown = rows.slice(0, Math.max(0, maxRows - (mismatchedBytes > 0 ? 1 : 0)));
	const hidden = total - shown.length;
	const note = `${total} connected${waiting ? `, ${waiting} in backlog` : ''}`;
	return (
		<Panel title="clients" note={note}>
			<Text dimColor wrap="truncate-end">{HEADER}</Text>
			{shown.map(row => (
				<Box key={`${row.fd ?? 'b'}-${row.peer}`}>
					<Text wrap="truncate-end">
						{`${cell(row.peer, 15)} ${cell(row.fd === undefined ? '-' : String(row.fd), 4, true)} ${cell(row.owner ?? '-', 10)} `}
						<Text color={tint(STATE_COLOR[row.state])}>{cell(row.state, 7)}</Text>
						{` ${cell(formatBytes(row.bytesIn), 7, true)} ${cell(formatBytes(row.bytesOut), 7, true)} ${cell(`${formatCount(row.recvCalls)}/${formatCount(row.sendCalls)}`, 9, true)} ${cell(queue(row.receiveQueue), 7, true)} ${cell(queue(row.sendQueue), 7, true)} ${cell(formatBytes(row.appQueue), 7, true)}  `}
						{row.mismatchedBytes > 0 ? <Text color={tint('red')} bold>{`${row.mismatchedBytes} B WRONG `}</Text> : null}
						<Text dimColor>{row.lastData ?? ''}</Text>
					</Text>
				</Box>
			))}
			{hidden > 0 ? <Text dimColor>{`+ ${hidden} more`}</Text> : null}
			{rows.length === 0 ? <Text dimColor>no clients - press n to add one, or connect: nc 127.0.0.1 PORT</Text> : null}
			{mismatchedBytes > 0 ? <Text color={tint('red')} bold>{`${mismatchedBytes} echoed bytes did not match what was sent`}</Text> : null}
		</Panel>
	);
}
