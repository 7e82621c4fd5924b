import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Payload, patternPeriod} from '../../source/load/payload.js';

const payload = suite('payload');

payload('should continue the pattern past the period so no slice wraps', () => {
	const {bytes} = new Payload(100);
	assert.is(bytes.length, patternPeriod + 100);
	assert.equal(bytes.subarray(patternPeriod), bytes.subarray(0, 100));
});

payload('should start connections at different points', () => {
	const pattern = new Payload(64);
	assert.is.not(pattern.start(0, 0), pattern.start(1, 0));
	assert.is(pattern.start(3, patternPeriod + 5), pattern.start(3, 5));
});

payload('should count exactly the bytes that differ', () => {
	const pattern = new Payload(64);
	const start = pattern.start(7, 1234);
	const echo = Buffer.from(pattern.bytes.subarray(start, start + 64));
	assert.is(pattern.mismatches(echo, 64, start), 0);
	echo[0]! ^= 1;
	echo[63]! ^= 0x80;
	assert.is(pattern.mismatches(echo, 64, start), 2);
	assert.is(pattern.mismatches(echo, 10, start), 1);
});

payload.run();
