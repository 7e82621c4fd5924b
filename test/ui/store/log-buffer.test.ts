// The log's lines: bounded, formatted once, and only when shown.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {LogBuffer, LOG_KEPT} from '../../../source/ui/store/log-buffer.js';

const test = suite('log buffer');

test('should keep the last LOG_KEPT lines, count every one, and format what is asked for', () => {
	const log = new LogBuffer();
	for (let fd = 0; fd < LOG_KEPT * 3; fd++) {
		log.add({t: fd, kind: 'recv', fd, bytes: 1});
	}

	assert.is(log.total, LOG_KEPT * 3);
	const lines = log.recent(2);
	assert.equal(lines.map(line => line.text), [`fd ${LOG_KEPT * 3 - 2}  1 B`, `fd ${LOG_KEPT * 3 - 1}  1 B`]);
	assert.is(log.recent(LOG_KEPT * 5).length, LOG_KEPT);
	assert.is(log.recent(1)[0], log.recent(1)[0], 'formatted once, then kept');
});

test('should format an event that carries a text of its own, a step\'s call, as any other', () => {
	const log = new LogBuffer();
	log.add({t: 1, kind: 'step', phase: 'before', call: 'recv', text: 'recv(fd 9, 65536 bytes)', seq: 12});
	log.add({t: 2, kind: 'step', phase: 'after', call: 'recv', text: '-> 64 bytes', seq: 12});
	assert.equal(log.recent(2).map(line => line.text), ['#12 recv(fd 9, 65536 bytes)', '#12 -> 64 bytes']);
	assert.equal(log.recent(2).map(line => line.text), ['#12 recv(fd 9, 65536 bytes)', '#12 -> 64 bytes'], 'the second time from the lines kept');
});

test.run();
