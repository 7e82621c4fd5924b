// The charts' history: one value per sample, the last 24 seconds.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {HISTORY_LENGTH, historyMoving, initialQueueHistory, reduceQueueHistory} from '../../../source/ui/store/queue-history.js';

const test = suite('queue history');

test('should keep the last HISTORY_LENGTH totals of each queue', () => {
	let state = initialQueueHistory;
	for (let index = 0; index < HISTORY_LENGTH + 3; index++) {
		state = reduceQueueHistory(state, {type: 'sample', totals: {accept: index, receive: index * 2, app: 0, submission: 0, completion: index % 4}});
	}

	assert.is(state.accept.length, HISTORY_LENGTH);
	assert.is(state.accept[0], 3);
	assert.is(state.receive.at(-1), (HISTORY_LENGTH + 2) * 2);
	assert.ok(historyMoving(state));
	assert.is(state.completion.at(-1), (HISTORY_LENGTH + 2) % 4);
	const idle = {accept: 0, receive: 0, app: 0, submission: 0, completion: 0};
	assert.not.ok(historyMoving(reduceQueueHistory(initialQueueHistory, {type: 'sample', totals: idle})));
	assert.ok(historyMoving(reduceQueueHistory(initialQueueHistory, {type: 'sample', totals: {...idle, submission: 1}})), 'a ring\'s queue moves the charts too');
});

test.run();
