// The clients table's columns: which fit in a width, most needed first, and each cell's text.
import type {ClientRow} from './store/snapshot.js';
import {formatBytes} from '../format/bytes.js';
import {cell, formatCount} from './format.js';

/** One column: its header, width, alignment, and how much it is needed (0 = always shown). */
export type ClientColumn = {
	readonly id: 'peer' | 'fd' | 'owner' | 'state' | 'in' | 'out' | 'calls' | 'recv-q' | 'send-q' | 'app-q';
	readonly header: string;
	readonly width: number;
	readonly alignRight: boolean;
	/** Dropped first when the width is short: the highest number goes first. */
	readonly drop: number;
	readonly text: (row: ClientRow) => string;
};

function queue(bytes: number | undefined): string {
	return bytes === undefined ? '-' : formatBytes(bytes);
}

/** Every column, in order on screen. */
export const CLIENT_COLUMNS: readonly ClientColumn[] = [
	{id: 'peer', header: 'peer', width: 15, alignRight: false, drop: 0, text: row => row.peer},
	{id: 'fd', header: 'fd', width: 4, alignRight: true, drop: 1, text: row => row.fd === undefined ? '-' : String(row.fd)},
	{id: 'owner', header: 'owner', width: 9, alignRight: false, drop: 2, text: row => row.owner ?? '-'},
	{id: 'state', header: 'state', width: 10, alignRight: false, drop: 0, text: row => row.state},
	{id: 'in', header: 'in', width: 7, alignRight: true, drop: 2, text: row => formatBytes(row.bytesIn)},
	{id: 'out', header: 'out', width: 7, alignRight: true, drop: 3, text: row => formatBytes(row.bytesOut)},
	{id: 'calls', header: 'recv/send', width: 9, alignRight: true, drop: 6, text: row => `${formatCount(row.recvCalls)}/${formatCount(row.sendCalls)}`},
	{id: 'recv-q', header: 'recv-q', width: 7, alignRight: true, drop: 1, text: row => queue(row.receiveQueue)},
	{id: 'send-q', header: 'send-q', width: 7, alignRight: true, drop: 5, text: row => queue(row.sendQueue)},
	{id: 'app-q', header: 'app-q', width: 7, alignRight: true, drop: 4, text: row => row.state === 'waiting' || row.state === 'connecting' ? '-' : formatBytes(row.appQueue)},
];

/** Narrowest the last-data column is worth showing at. */
export const MIN_LAST_DATA = 10;

/** The columns that fit in `width`, dropping the least needed first, and what is left for the last data. */
export function fitColumns(width: number): {columns: ClientColumn[]; lastData: number} {
	const columns = [...CLIENT_COLUMNS];
	const used = (): number => columns.reduce((sum, column) => sum + column.width + 1, 0);
	while (used() > width) {
		const least = columns.reduce((worst, column) => (column.drop > worst.drop ? column : worst));
		if (least.drop === 0) {
			break;
		}

		columns.splice(columns.indexOf(least), 1);
	}

	const rest = width - used() - 1;
	return {columns, lastData: rest >= MIN_LAST_DATA ? rest : 0};
}

/** A row's cells joined, each to its width. */
export function rowText(row: ClientRow, columns: readonly ClientColumn[]): Array<{readonly id: ClientColumn['id']; readonly text: string}> {
	return columns.map(column => ({id: column.id, text: cell(column.text(row), column.width, column.alignRight)}));
}

/** The header line. */
export function headerText(columns: readonly ClientColumn[], lastData: number): string {
	const cells = columns.map(column => cell(column.header, column.width, column.alignRight)).join(' ');
	return lastData > 0 ? `${cells}  ${cell('last data', lastData)}` : cells;
}
