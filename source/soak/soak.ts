// A whole soak run: every model asked for, one after another, under every fault asked for.
import {raiseFileLimit} from '../sys/index.js';
import {soakModel, type SoakRow} from './soak-model.js';
import type {SoakOptions} from './soak-options.js';

/**
 * Run the soak; `onRow` hears each row as it is done. One model at a time: on two cores the
 * clients and one server already take both.
 */
export async function runSoak(options: SoakOptions, onRow: (row: SoakRow) => void = () => undefined): Promise<SoakRow[]> {
	// The clients of one round at the fd limit alone hold 150 sockets on this side.
	raiseFileLimit();
	const rows: SoakRow[] = [];
	for (const model of options.models) {
		await soakModel(model, options, row => {
			rows.push(row);
			onRow(row);
		});
	}

	return rows;
}
