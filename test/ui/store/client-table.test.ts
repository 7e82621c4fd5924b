// The server's clients by fd: stats, owner, last data, when they last moved.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {ClientTable, nextClient} from '../../../source/ui/store/client-table.js';
import {emptyCounters, type ClientStats} from '../../../source/models/probe/events.js';

const stats = (changes: Partial<ClientStats> = {}): ClientStats => ({fd: 7, peer: '127.0.0.1:50001', bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, appQueue: 0, closed: false, ...changes});
const test = suite('client table');

test('should note when a client last moved and was last read from', () => {
	const first = nextClient(undefined, stats(), 100);
	assert.equal([first.lastActive, first.lastReadAt], [100, 100]);
	const same = nextClient(first, stats(), 200);
	assert.equal([same.lastActive, same.lastReadAt], [100, 100]);
	const read = nextClient(same, stats({bytesIn: 5, recvCalls: 1}), 300);
	assert.equal([read.lastActive, read.lastReadAt], [300, 300]);
	const echoed = nextClient(read, stats({bytesIn: 5, recvCalls: 1, bytesOut: 5}), 400);
	assert.equal([echoed.lastActive, echoed.lastReadAt], [400, 300]);
});

test('should name the owner from accepted, thread-started or child-spawned, keep the last data escaped, and forget a closed client', () => {
	const table = new ClientTable();
	table.apply({counters: emptyCounters(), clients: [stats()], events: [{t: 1, kind: 'accepted', fd: 7, peer: '127.0.0.1:50001'}]}, 1);
	assert.is(table.get(7)?.owner, undefined);
	table.apply({counters: emptyCounters(), clients: [], events: [
		{t: 2, kind: 'thread-started', tid: 813, fd: 7, startMs: 1, threads: 1, rssKb: 1},
		{t: 2, kind: 'recv', fd: 7, bytes: 3, head: Buffer.from('a\u0007b')},
	]}, 2);
	assert.equal([table.get(7)?.owner, table.get(7)?.lastData], ['tid 813', 'a\\ab']);
	table.apply({counters: emptyCounters(), clients: [stats({bytesIn: 3})], events: []}, 3);
	assert.equal([table.get(7)?.owner, table.get(7)?.lastData], ['tid 813', 'a\\ab'], 'kept across stats');
	table.apply({counters: emptyCounters(), clients: [stats({closed: true})], events: []}, 4);
	assert.is(table.size, 0);
});

test.run();
