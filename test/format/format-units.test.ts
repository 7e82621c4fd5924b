// The formatters the CLI and the monitor share: bytes, resident memory, owners, ready lists, durations.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {formatBytes, formatResident} from '../../source/format/bytes.js';
import {formatOwner} from '../../source/format/owner.js';
import {formatReadyList} from '../../source/format/ready-list.js';
import {formatMicros} from '../../source/format/duration.js';

const test = suite('formatters');

test('should write bytes with binary units, three figures at most', () => {
	assert.equal([0, 512, 1023, 1024, 1536, 10 * 1024, 12.4 * 1024 * 1024].map(bytes => formatBytes(bytes)), ['0 B', '512 B', '1023 B', '1.0 KiB', '1.5 KiB', '10 KiB', '12 MiB']);
});

test('should write resident memory in MiB, and ? when unknown', () => {
	assert.is(formatResident(51_200), '50.0 MiB');
	assert.is(formatResident(-1), '?');
});

test('should name a process before a thread, and nothing when neither is known', () => {
	assert.is(formatOwner({tid: 812}), 'tid 812');
	assert.is(formatOwner({tid: 812, pid: 4410}), 'pid 4410');
	assert.is(formatOwner({}), undefined);
});

test('should list ready fds with their flags, short if asked, and count those that do not fit instead of cutting one', () => {
	const ready = [{fd: 7, flags: ['EPOLLIN']}, {fd: 9, flags: ['EPOLLIN', 'EPOLLOUT']}, {fd: 10, flags: ['EPOLLIN']}];
	assert.is(formatReadyList(ready), '7 EPOLLIN, 9 EPOLLIN|EPOLLOUT, 10 EPOLLIN');
	assert.is(formatReadyList(ready, {maxChars: 30}), '7 EPOLLIN, +2 more');
	assert.is(formatReadyList(ready, {maxChars: 5}), '+3 more');
	assert.is(formatReadyList(ready, {short: true}), '7 IN, 9 IN|OUT, 10 IN');
	assert.is(formatReadyList([{fd: 4, flags: ['readfds', 'writefds']}], {short: true}), '4 IN|OUT');
	assert.is(formatReadyList([]), '');
});

test('should write durations in us, ms or s', () => {
	assert.equal([0.4, 850, 1234, 12_345, 1_250_000].map(us => formatMicros(us)), ['0 us', '850 us', '1.23 ms', '12.3 ms', '1.25 s']);
});

test.run();
