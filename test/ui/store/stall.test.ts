// Stuck bytes: queued and unread for a second.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {isStalled, STALL_MS, trackQueued} from '../../../source/ui/store/stall.js';

const test = suite('stall');

test('should remember since when each receive queue holds bytes, and forget an emptied one', () => {
	let since = trackQueued(new Map(), [{fd: 7, receive: 5, send: 0}, {fd: 8, receive: 0, send: 0}], 100);
	since = trackQueued(since, [{fd: 7, receive: 9, send: 0}, {fd: 8, receive: 3, send: 0}], 200);
	assert.equal([...since], [[7, 100], [8, 200]]);
	assert.equal([...trackQueued(since, [{fd: 7, receive: 0, send: 0}], 300)], []);
});

test('should call stalled only bytes queued and unread for STALL_MS', () => {
	assert.ok(isStalled(5, 0, 0, STALL_MS));
	assert.not.ok(isStalled(5, 0, 0, STALL_MS - 1), 'not yet');
	assert.not.ok(isStalled(5, 0, 500, STALL_MS), 'read half a second ago');
	assert.not.ok(isStalled(0, 0, 0, STALL_MS * 5), 'nothing queued');
	assert.not.ok(isStalled(undefined, undefined, 0, STALL_MS * 5), 'not sampled');
});

test.run();
