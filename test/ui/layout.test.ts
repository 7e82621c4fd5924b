// Panel sizes for the terminal sizes people use: every row of the screen accounted for.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {FOOTER_ROWS, MODEL_BAR_ROWS, monitorLayout, SPARE_ROWS, type MonitorLayout} from '../../source/ui/layout.js';

function widths(layout: MonitorLayout): number {
	if (layout.arrangement === 'stacked') {
		return layout.readiness!.width + layout.log.width;
	}

	return (layout.readiness?.width ?? 0) + (layout.queues?.width ?? 0) + layout.log.width;
}

const test = suite('layout');

test('should fill the terminal exactly at every size', () => {
	for (const [columns, rows] of [[80, 24], [100, 30], [120, 40], [160, 48], [220, 60]] as const) {
		for (const wide of [false, true]) {
			const layout = monitorLayout(columns, rows, wide);
			assert.is(layout.height, rows - SPARE_ROWS);
			assert.is(MODEL_BAR_ROWS + layout.clients.height + layout.log.height + FOOTER_ROWS, layout.height, `${columns}x${rows} rows`);
			assert.is(widths(layout), columns, `${columns}x${rows} columns`);
			if (layout.arrangement === 'stacked') {
				assert.is(layout.readiness!.height + layout.queues!.height, layout.log.height);
			}
		}
	}
});

test('should give the log the width when it is short, and all of it on request', () => {
	const at120 = monitorLayout(120, 40, false);
	assert.is(at120.arrangement, 'stacked');
	assert.ok(at120.log.width > at120.readiness!.width, 'the log is the widest lower panel');
	assert.is(at120.queues?.compact, true);
	assert.is(monitorLayout(120, 40, true).log.width, 120);
	assert.is(monitorLayout(80, 24, false).queues, undefined, 'no queue panel at 80 columns: the clients\' title says the accept queue');
	assert.is(monitorLayout(200, 50, false).queues?.compact, false);
});

test.run();
