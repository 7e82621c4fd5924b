// The clients panel's rows and counts, from the model's clients, the built-in clients and the kernel.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {buildClientView, type ClientViewInput} from '../../../source/ui/store/client-rows.js';
import {nextClient, type ServedClient} from '../../../source/ui/store/client-table.js';
import {STALL_MS} from '../../../source/ui/store/stall.js';
import type {BuiltinClientReport} from '../../../source/load/builtin-protocol.js';

const NOW = 1_000_000;

function served(fd: number, port: number, at = NOW): ServedClient {
	return nextClient(undefined, {fd, peer: `127.0.0.1:${port}`, bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, appQueue: 0, closed: false}, at);
}

function builtin(id: number, localPort: number, state: BuiltinClientReport['state'] = 'connected'): BuiltinClientReport {
	return {id, localPort, state, sentBytes: 0, receivedBytes: 0, messages: 0, mismatchedBytes: 0, pendingBytes: 0};
}

function view(input: Partial<ClientViewInput>) {
	return buildClientView({served: [], builtin: [], sockets: new Map(), queuedSince: new Map(), now: NOW, limit: 100, ...input});
}

const test = suite('client rows');

test('should list built-in clients the server has not accepted as waiting when there is no kernel list, and count by the accept queue', () => {
	const result = view({served: [served(7, 50001)], builtin: [builtin(1, 50001), builtin(2, 50002), builtin(3, 0, 'connecting')], acceptQueue: {depth: 2, limit: 128}});
	assert.equal(result.rows.map(row => [row.key, row.builtinId, row.state]), [['127.0.0.1:50001', 1, 'served'], ['127.0.0.1:50002', 2, 'waiting']]);
	assert.equal(result.counts, {connected: 3, accepted: 1, waiting: 2, connecting: 1, waitingClosed: 0, unlisted: 1});
});

test('should mark a connection stalled, and one whose client closed as closing', () => {
	const stuck = {...served(7, 50001, NOW - STALL_MS * 2)};
	const result = view({
		served: [stuck, served(8, 50002)],
		builtin: [builtin(2, 50002, 'closed')],
		sockets: new Map([[7, {fd: 7, receive: 17, send: 0}]]),
		queuedSince: new Map([[7, NOW - STALL_MS * 2]]),
	});
	assert.equal(result.rows.map(row => [row.fd, row.state, row.receiveQueue]), [[7, 'stalled', 17], [8, 'closing', undefined]]);
	assert.equal(result.deepest.map(row => row.fd), [7]);
	assert.is(result.receiveQueueTotal, 17);
});

test('should count every client but build only the rows asked for', () => {
	const clients = Array.from({length: 50}, (_, index) => served(10 + index, 50_000 + index));
	const result = view({served: clients, limit: 5});
	assert.is(result.rows.length, 5);
	assert.is(result.counts.accepted, 50);
});

test('should not list a waiting connection twice when the model has reported it accepted since the kernel read', () => {
	const result = view({
		served: [served(7, 50001)],
		kernel: {server: [{state: 'ESTABLISHED', peer: '127.0.0.1:50001', receive: 0, send: 0, accepted: false}], connecting: []},
	});
	assert.equal(result.counts, {connected: 1, accepted: 1, waiting: 0, connecting: 0, waitingClosed: 0, unlisted: 0});
});

test('should take an accepted connection\'s queues from the kernel list when the server holds no fd of it to ask (fork)', () => {
	const result = view({
		served: [served(7, 50001), served(8, 50002)],
		sockets: new Map([[8, {fd: 8, receive: 3, send: 0}]]),
		kernel: {server: [
			{state: 'ESTABLISHED', peer: '127.0.0.1:50001', receive: 40, send: 2, accepted: true},
			{state: 'ESTABLISHED', peer: '127.0.0.1:50002', receive: 99, send: 0, accepted: true},
		], connecting: []},
	});
	assert.equal(result.rows.map(row => [row.fd, row.receiveQueue, row.sendQueue]), [[7, 40, 2], [8, 3, 0]], 'the fd\'s own reading wins where there is one');
	assert.is(result.receiveQueueTotal, 43, 'each connection counted once');
});

test('should show a connection seen from both ends in its handshake once, as connecting', () => {
	const result = view({
		kernel: {server: [{state: 'SYN-RECV', peer: '127.0.0.1:50009', receive: 0, send: 0, accepted: false}], connecting: [{state: 'SYN-SENT', address: '127.0.0.1:50009'}, {state: 'SYN-SENT', address: '127.0.0.1:50010'}]},
		builtin: [builtin(9, 50009), builtin(10, 50010, 'connecting')],
	});
	assert.equal(result.rows.map(row => [row.builtinId, row.state, row.tcpState]), [[9, 'connecting', 'SYN-RECV'], [10, 'connecting', 'SYN-SENT']]);
	assert.is(result.counts.connecting, 2);
});

test('should show a built-in client whose handshake the full queue dropped as connecting, with why', () => {
	const result = view({
		acceptQueue: {depth: 2, limit: 1},
		kernel: {server: [
			{state: 'ESTABLISHED', peer: '127.0.0.1:50002', receive: 0, send: 0, accepted: false},
			{state: 'ESTABLISHED', peer: '127.0.0.1:50003', receive: 0, send: 0, accepted: false},
		], connecting: []},
		builtin: [builtin(2, 50002), builtin(3, 50003), builtin(4, 50004)],
	});
	assert.equal(result.rows.map(row => [row.builtinId, row.state]), [[2, 'waiting'], [3, 'waiting'], [4, 'connecting']]);
	assert.match(result.rows[2]!.note!, 'ACK dropped');
	assert.is(result.counts.connecting, 1);
	assert.is(view({...{acceptQueue: {depth: 0, limit: 128}}, kernel: {server: [], connecting: []}, builtin: [builtin(4, 50004)]}).counts.connecting, 0, 'not while the queue has room: it was accepted since the kernel read');
});

test.run();
