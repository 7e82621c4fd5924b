// Step mode's line: the last result and the call held, fitted to one row whatever the width.
import {render} from 'ink-testing-library';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {HeldCallLine, heldCallParts} from '../../source/ui/held-call-line.js';
import type {StepView} from '../../source/ui/store/snapshot.js';

// eslint-disable-next-line no-control-regex -- styles are checked apart from the text
const STYLE = /\u001b\[[\d;]*m/g;

const held: StepView = {current: {seq: 12, call: 'recv', text: 'recv(fd 9, 65536 bytes)', released: false}};
const stepped: StepView = {
	current: {seq: 13, call: 'select', text: 'select(nfds 43, read {20,27,42}, write {}, timeout none)', released: false},
	last: {seq: 12, call: 'recv', text: 'recv(fd 27, 65536 bytes)', result: '-> 64 bytes'},
};
const text = (view: StepView, width: number, modelId = 'select'): string => heldCallParts(view, modelId, width).map(part => part.text).join('');

const test = suite('held call line');

test('should show the call held, highlighted', () => {
	assert.equal(heldCallParts(held, 'select', 76), [{text: '#12 held: recv(fd 9, 65536 bytes)', style: 'held'}]);
});

test('should show the last result, then the call held, in full where they fit', () => {
	assert.is(text(stepped, 116), '#12 recv(fd 27, 65536 bytes) -> 64 bytes  #13 held: select(nfds 43, read {20,27,42}, write {}, timeout none)');
});

test('should shorten the last call\'s arguments first, then cut at the right, never past the width', () => {
	assert.is(text(stepped, 96), '#12 recv(...) -> 64 bytes  #13 held: select(nfds 43, read {20,27,42}, write {}, timeout none)');
	for (const width of [40, 56, 76, 78, 118]) {
		const line = text(stepped, width);
		assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
		assert.match(line, '#12 recv', `width ${width}`);
	}

	assert.match(text(stepped, 76), /^#12 recv\(\.\.\.\) -> 64 bytes {2}#13 held: select\(nfds 43, .*~$/);
	const long = {...stepped, last: {...stepped.last!, call: 'epoll_wait', text: 'epoll_wait(epfd 7, max 512, timeout -1)', result: '-> 5: fd 9 EPOLLIN, fd 10 EPOLLIN, fd 11 EPOLLIN, fd 12 EPOLLIN, fd 13 EPOLLIN'}};
	assert.match(text(long, 76), /^#12 epoll_wait\(\.\.\.\) -> 5: fd.*~ {2}#13 held: select\(nfds 43, .*~$/, 'both cut, the held call keeps most of the row');
});

test('should say what comes while nothing is held, by what the model steps', () => {
	const waiting = {select: 'step mode: the next call will be held; a wait shows only once it returns', threads: 'step mode (threads: only the accept steps): the next accept will be held', libuv: 'step mode: libuv makes its I/O inside its C code: nothing steps (c leaves)'};
	for (const [modelId, expected] of Object.entries(waiting)) {
		assert.is(text({}, 78, modelId), expected, 'whole at 80 columns');
	}

	assert.is(text({last: stepped.last!}, 78, 'libuv'), waiting.libuv, 'libuv past its start: nothing more will step');
	const released = {...stepped, current: {...stepped.current!, released: true}};
	assert.is(text(released, 200), '#12 recv(fd 27, 65536 bytes) -> 64 bytes  #13 in the kernel until it returns: select(nfds 43, read {20,27,42}, write {}, timeout none)');
});

test('should draw one row, the held call inverse', () => {
	const {lastFrame, unmount} = render(<HeldCallLine step={stepped} modelId="select" width={80}/>);
	const drawn = lastFrame() ?? '';
	unmount();
	assert.is(drawn.split('\n').length, 1);
	assert.ok(drawn.replace(STYLE, '').length <= 80);
	assert.match(drawn.replace(STYLE, ''), /^ #12 recv\(\.\.\.\) -> 64 bytes {2}#13 held: select/);
});

test.run();
