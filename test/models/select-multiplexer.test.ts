// The select backend: the fds it reports are exactly those the kernel flipped, across fd_set words.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {close, eventfdCreate, eventfdSignal} from '../../source/sys/index.js';
import {createSelectMultiplexer} from '../../source/models/readiness/select-multiplexer.js';
import {READABLE, WRITABLE} from '../../source/models/readiness/multiplexer.js';

const test = suite('select multiplexer');

test('should report exactly the ready fds, lowest first, and scan only up to the highest fd watched', () => {
	// 40 eventfds span two 32-fd words of the fd_set.
	const fds = Array.from({length: 40}, () => eventfdCreate());
	const mux = createSelectMultiplexer();
	try {
		for (const fd of fds) {
			mux.add(fd, READABLE);
		}

		const signalled = [fds[1]!, fds[20]!, fds[39]!];
		for (const fd of signalled) {
			eventfdSignal(fd);
		}

		assert.is(mux.wait(0), 3);
		assert.equal([0, 1, 2].map(index => [mux.readyFd(index), mux.readyFlags(index)]), signalled.map(fd => [fd, READABLE]));
		assert.is(mux.watched, 40);
		assert.is(mux.scanned, fds[39]! + 1);

		// Watched for writing too: an eventfd is always writable.
		mux.modify(fds[5]!, READABLE | WRITABLE);
		assert.is(mux.wait(0), 4);
		assert.equal([mux.readyFd(1), mux.readyFlags(1)], [fds[5], WRITABLE]);

		// The highest leaves: the scan shrinks to the next one; an fd watched for nothing is not counted.
		mux.remove(fds[39]!);
		mux.modify(fds[38]!, 0);
		assert.is(mux.wait(0), 3);
		assert.is(mux.watched, 38);
		assert.is(mux.scanned, fds[37]! + 1);
	} finally {
		mux.close();
		for (const fd of fds) {
			close(fd);
		}
	}
});

test.run();
