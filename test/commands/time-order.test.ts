// Queue samples, taken on the main thread, put in time order with the model's events, which arrive in batches.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {TimeOrder} from '../../source/commands/time-order.js';
import {delay} from '../helpers/time.js';

const test = suite('time order');

test('should write a sample between the events of a later batch that came before and after it', () => {
	const order = new TimeOrder(10_000);
	const written: string[] = [];
	const now = Date.now();
	order.hold(now + 5, () => written.push('sample at +5'));
	assert.equal(written, [], 'held: events stamped before it may still be on their way');
	for (const t of [now, now + 3, now + 6, now + 9]) {
		order.reached(t);
		written.push(`event at +${t - now}`);
	}

	assert.equal(written, ['event at +0', 'event at +3', 'sample at +5', 'event at +6', 'event at +9']);
});

test('should write held samples after the hold when no event comes (an idle server)', async () => {
	const order = new TimeOrder(50);
	const written: number[] = [];
	const now = Date.now();
	order.hold(now, () => written.push(1));
	order.hold(now + 20, () => written.push(2));
	await delay(30);
	assert.equal(written, []);
	await delay(200);
	assert.equal(written, [1, 2]);
});

test('should write every held sample, in order, once the model has stopped', () => {
	const order = new TimeOrder(10_000);
	const written: number[] = [];
	const now = Date.now();
	order.hold(now + 1, () => written.push(1));
	order.hold(now + 2, () => written.push(2));
	order.releaseAll();
	assert.equal(written, [1, 2]);
});

test.run();
