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

test.run();
