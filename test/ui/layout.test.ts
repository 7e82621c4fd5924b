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
			const layout = monitorLayout(columns, rows, {wideLog: wide});
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
	const at120 = monitorLayout(120, 40);
	assert.is(at120.arrangement, 'stacked');
	assert.ok(at120.log.width > at120.readiness!.width, 'the log is the widest lower panel');
	assert.is(at120.queues?.compact, true);
	assert.is(monitorLayout(120, 40, {wideLog: true}).log.width, 120);
	assert.is(monitorLayout(80, 24).queues, undefined, 'no queue panel at 80 columns: the clients\' title says the accept queue');
	assert.is(monitorLayout(200, 50).queues?.compact, false);
});

test('should fit a lesson pane below the clients at every size, taking the lower panels\' room only when they would be too short', () => {
	for (const [columns, rows] of [[80, 24], [100, 30], [120, 40], [160, 48], [220, 60]] as const) {
		for (const wideLog of [false, true]) {
			const layout = monitorLayout(columns, rows, {wideLog, lesson: true});
			assert.is(MODEL_BAR_ROWS + layout.clients.height + layout.lesson!.height + layout.log.height + FOOTER_ROWS, layout.height, `${columns}x${rows} rows`);
			assert.is(layout.lesson!.width, columns);
			assert.ok(layout.lesson!.height >= 11, 'the claim, the step, what to watch and three checks');
			assert.ok(layout.clients.height >= 6, 'the clients\' title, header and rows');
			if (layout.arrangement !== 'none') {
				assert.is(widths(layout), columns, `${columns}x${rows} columns`);
				assert.ok(layout.log.height >= 6);
			}
		}
	}

	assert.is(monitorLayout(80, 24, {lesson: true}).arrangement, 'none', 'at 80x24 the pane takes the lower panels\' room');
	assert.is(monitorLayout(120, 40, {lesson: true}).readiness?.height, monitorLayout(120, 40, {lesson: true}).log.height);
	assert.equal(monitorLayout(120, 40, {lesson: false}), monitorLayout(120, 40), 'no lesson, no change');
});

test('should take a held-call line across the width from the lower panels, or from the clients when a lesson has taken those', () => {
	for (const [columns, rows] of [[80, 24], [100, 30], [120, 40], [160, 48], [220, 60]] as const) {
		for (const options of [{}, {wideLog: true}, {lesson: true}]) {
			const plain = monitorLayout(columns, rows, options);
			const held = monitorLayout(columns, rows, {...options, heldCall: true});
			const label = `${columns}x${rows} ${JSON.stringify(options)}`;
			assert.equal(held.heldCall, {width: columns, height: 1}, label);
			assert.is(MODEL_BAR_ROWS + held.clients.height + (held.lesson?.height ?? 0) + 1 + held.log.height + FOOTER_ROWS, held.height, `${label} rows`);
			if (plain.arrangement === 'none') {
				assert.is(held.clients.height, plain.clients.height - 1, label);
			} else {
				assert.is(held.clients.height, plain.clients.height, `${label}: the clients keep their rows`);
				assert.is(held.log.height, plain.log.height - 1, label);
				assert.is(widths(held), columns, `${label} columns`);
			}
		}
	}

	assert.is(monitorLayout(120, 40).heldCall, undefined, 'only when asked for');
});

test.run();
