// Each panel renders a given state as expected (frames compared as exact strings where they are short).
import {render} from 'ink-testing-library';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {ModelBar} from '../../source/ui/model-bar.js';
import {Footer} from '../../source/ui/footer.js';
import {TooSmall} from '../../source/ui/too-small.js';
import {ClientsPanel} from '../../source/ui/clients-panel.js';
import {ReadinessPanel} from '../../source/ui/readiness-panel.js';
import {QueuesPanel} from '../../source/ui/queues-panel.js';
import {EventLog} from '../../source/ui/event-log.js';
import {HelpOverlay} from '../../source/ui/help-overlay.js';
import {keymap} from '../../source/ui/keymap.js';
import type {ClientRow} from '../../source/ui/monitor-store.js';
import type {ReactElement} from 'react';

// eslint-disable-next-line no-control-regex -- styles (bold, dim, colour) are not what these tests check
const STYLE = /\u001b\[[\d;]*m/g;

/** The text a component draws on a 100-column terminal (ink-testing-library's width), styles removed. */
function frame(element: ReactElement): string {
	const {lastFrame, unmount} = render(element);
	const drawn = (lastFrame() ?? '').replace(STYLE, '');
	unmount();
	return drawn;
}

const noRates = {recvCalls: 0, sendCalls: 0, bytesIn: 0, waitCalls: 0, eagain: 0};
const served: ClientRow = {
	peer: '127.0.0.1:50001', fd: 7, owner: 'tid 812', state: 'served', bytesIn: 2048, bytesOut: 2048, recvCalls: 2, sendCalls: 2,
	receiveQueue: 0, sendQueue: 0, appQueue: 0, mismatchedBytes: 0, lastData: '\\e]0;x\\a',
};
const waiting: ClientRow = {peer: '127.0.0.1:50002', builtinId: 2, state: 'waiting', bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, appQueue: 0, mismatchedBytes: 0};

const test = suite('panels');

test('should draw the model bar with every key, the active model named, its summary, address and uptime', () => {
	const drawn = frame(<ModelBar activeId="poll" host="127.0.0.1" port={7788} uptimeMs={83_000} readOnce={false} width={96}/>);
	const lines = drawn.split('\n');
	assert.is(lines.length, 4, 'exactly two lines inside the border');
	assert.match(lines[1]!, /│ {2}1 {2}2 {2}3 {2}4 {2}5 {2}6 {2}7 poll {2}8 {2}9 {2}0 /, 'ten models do not fit in 96 columns: keys, and the active one named');

	assert.match(lines[2]!, /^│ poll\(\) - one thread, poll\(\) over an array/);
	assert.match(lines[2]!, /127\.0\.0\.1:7788 {2}up 00:01:23 │$/);
});

test('should show only keys for the inactive models when the bar is narrow', () => {
	const line = frame(<ModelBar activeId="epoll-et" host="127.0.0.1" port={7788} uptimeMs={0} readOnce width={40}/>).split('\n')[1]!;
	assert.match(line, ' epoll-et ');
	assert.not.match(line, 'blocking');
	assert.match(frame(<ModelBar activeId="epoll-et" host="127.0.0.1" port={7788} uptimeMs={0} readOnce width={40}/>), '[read-once]');
});

test('should put quit and help first in the footer', () => {
	assert.match(frame(<Footer/>), /^ q quit {2}\? help {2}1-\d model {2}n \+1 {2}N \+10 {2}d drop/);
});

test('should ask for a larger terminal', () => {
	assert.is(frame(<TooSmall columns={70} rows={20}/>), [
		'',
		' Make the terminal larger.',
		' echo-tui needs at least 80×24; this one is 70×20.',
		' The server keeps running. q quits.',
		'',
	].join('\n'));
});

test('should list clients with fd, owner, state, bytes, kernel and application queues, and escaped data', () => {
	assert.is(frame(<ClientsPanel maxRows={5} mismatchedBytes={0} rows={[served, waiting]} total={2} waiting={1}/>), [
		'╭──────────────────────────────────────────────────────────────────────────────────────────────────╮',
		'│ clients                                                                2 connected, 1 in backlog │',
		'│ peer              fd owner      state        in     out recv/send  recv-q  send-q   app-q  last… │',
		'│ 127.0.0.1:50001    7 tid 812    served  2.0 KiB 2.0 KiB       2/2     0 B     0 B     0 B  \\e]0… │',
		'│ 127.0.0.1:50002    - -          waiting     0 B     0 B       0/0       -       -     0 B        │',
		'╰──────────────────────────────────────────────────────────────────────────────────────────────────╯',
	].join('\n'));
});

test('should count the clients that do not fit and flag wrong echoes', () => {
	const rows = Array.from({length: 8}, (_, index) => ({...served, fd: 10 + index, peer: `127.0.0.1:${50_010 + index}`}));
	const drawn = frame(<ClientsPanel maxRows={3} mismatchedBytes={5} rows={[{...served, mismatchedBytes: 5}, ...rows]} total={9} waiting={0}/>);
	assert.match(drawn, '+ 7 more', 'one line is kept for the mismatch warning');
	assert.match(drawn, '5 echoed bytes did not match what was sent');
});

test('should show each wait call with what it watched, scanned and returned', () => {
	const drawn = frame(<ReadinessPanel maxRows={4} now={10_000} rates={{...noRates, waitCalls: 600, recvCalls: 1200}} threads={[]} waits={[
		{t: 1, call: 'epoll_wait', watched: 12, scanned: 2, ready: [{fd: 7, flags: ['EPOLLIN']}, {fd: 9, flags: ['EPOLLIN', 'EPOLLOUT']}]},
	]}/>);
	assert.match(drawn, /│ readiness +watched\/scanned -> ready {2}600 waits\/s {2}1\.2k recv\/s {2}0 EAGAIN\/s │/);
	assert.match(drawn, '│ epoll_wait 12/2 -> 2: 7 EPOLLIN, 9 EPOLLIN|EPOLLOUT ');
});

test('should show what each thread is blocked in, and for how long', () => {
	const drawn = frame(<ReadinessPanel maxRows={4} now={10_000} rates={noRates} waits={[]} threads={[
		{tid: 812, call: 'recv', fd: 7, since: 7500, blocked: true},
		{tid: 813, call: 'recv', fd: 8, since: 7500, blocked: false},
	]}/>);
	assert.match(drawn, '│ blocked in ');
	assert.match(drawn, '│ tid 812  recv(fd 7)  2.5 s ');
	assert.match(drawn, '│ tid 813  running ');
});

test('should show the accept queue against its limit and the deepest socket queues', () => {
	const drawn = frame(<QueuesPanel acceptQueue={{depth: 1, limit: 128}} acceptHistory={[0, 0, 1, 1]} receiveQueueHistory={[0, 100, 9216]} appQueueHistory={[0, 0]} width={56} maxRows={8} deepest={[{...served, receiveQueue: 9216}]}/>);
	assert.match(drawn, '│ accept queue 1 of 128 ');
	assert.match(drawn, /│ +▁▁██ +│/);
	assert.match(drawn, '│ kernel receive queues 9.0 KiB ');
	assert.match(drawn, '│ fd 7  recv-q 9.0 KiB  send-q 0 B  app 0 B ');
	assert.match(drawn, /[\u2801-\u28ff]/, 'a braille chart');
});

test('should say how many events arrived while the log is paused', () => {
	const drawn = frame(<EventLog maxRows={3} paused unseen={12} lines={[{t: 1, kind: 'accepted', text: '12:00:00.000 accepted    fd 7  127.0.0.1:50001'}]}/>);
	assert.match(drawn, 'PAUSED, 12 new');
	assert.match(drawn, '│ 12:00:00.000 accepted    fd 7  127.0.0.1:50001 ');
});

test('should list every key of the keymap in the help', () => {
	const drawn = frame(<HelpOverlay/>);
	for (const binding of keymap) {
		assert.match(drawn, `${binding.label.padEnd(8)}${binding.description}`);
	}
});

test.run();
