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
import {CompletionPanel, describeEnter} from '../../source/ui/completion-panel.js';
import {EventLog} from '../../source/ui/event-log.js';
import {HELP_TITLE} from '../../source/ui/help-lines.js';
import {HelpOverlay, maxHelpScroll} from '../../source/ui/help-overlay.js';
import type {ClientCounts, ClientRow} from '../../source/ui/monitor-store.js';
import type {ReactElement} from 'react';

// eslint-disable-next-line no-control-regex -- styles (bold, dim, colour) are not what these tests check
const STYLE = /\u001b\[[\d;]*m/g;
/** ink-testing-library's terminal width; panels are given their inner width (4 less). */
const INNER = 96;

/** The text a component draws on a 100-column terminal (ink-testing-library's width), styles removed. */
function frame(element: ReactElement): string {
	const {lastFrame, unmount} = render(element);
	const drawn = (lastFrame() ?? '').replace(STYLE, '');
	unmount();
	return drawn;
}

const noRates = {recvCalls: 0, sendCalls: 0, bytesIn: 0, waitCalls: 0, eagain: 0};
const served: ClientRow = {
	key: 'fd7', peer: '127.0.0.1:50001', fd: 7, owner: 'tid 812', state: 'served', bytesIn: 2048, bytesOut: 2048, recvCalls: 2, sendCalls: 2,
	receiveQueue: 0, sendQueue: 0, appQueue: 0, mismatchedBytes: 0, lastData: '\\e]0;x\\a',
};
const waiting: ClientRow = {key: 'b2', peer: '127.0.0.1:50002', builtinId: 2, state: 'waiting', bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, receiveQueue: 31, sendQueue: 0, appQueue: 0, mismatchedBytes: 0};
const counts = (changes: Partial<ClientCounts> = {}): ClientCounts => ({connected: 2, accepted: 1, waiting: 1, connecting: 0, waitingClosed: 0, unlisted: 0, ...changes});

const test = suite('panels');

test('should draw the model bar with every key, the active model, its whole summary, address, uptime and CPU', () => {
	const lines = frame(<ModelBar activeId="poll" host="127.0.0.1" port={7788} uptimeMs={83_000} readOnce={false} width={INNER} cpuPercent={12.4}/>).split('\n');
	assert.is(lines.length, 5, 'exactly three lines inside the border');
	assert.match(lines[1]!, /│ {2}1 2 3 4 5 6 7 poll {2}8 9 0 - +127\.0\.0\.1:7788 {2}up 00:01:23 {2}cpu 12% │/, 'eleven models do not fit in 96 columns: keys, and the active one named');
	assert.match(lines[2]!, /^│ poll\(\) - one thread, poll\(\) over an array of every fd: no 1024 limit, but the kernel still walks │$/);
	assert.match(lines[3]!, /^│ the whole array each call +│$/, 'the summary wraps instead of being cut');
});

test('should name every model when they fit, and put the address under the summary then', () => {
	const lines = frame(<ModelBar activeId="epoll-et" host="127.0.0.1" port={7788} uptimeMs={0} readOnce width={INNER}/>).split('\n');
	assert.match(lines[2]!, 'epoll (edge) [read-once] - ');
	const wide = render(<ModelBar activeId="epoll-et" host="127.0.0.1" port={7788} uptimeMs={0} readOnce={false} width={116}/>);
	assert.ok(wide.lastFrame() !== undefined);
	wide.unmount();
});

test('should put quit, help, pause and the lessons first in the footer, and leave out whole keys that do not fit', () => {
	assert.match(frame(<Footer width={100}/>), /^ q quit {2}\? help {2}space pause {2}L lessons {2}\. step {2}1-0,- model {2}n \+1 {2}N \+10/);
	assert.match(frame(<Footer width={100} isStepping/>), /^ \. step {2}c continue {2}q quit {2}\? help {2}space pause {2}L lessons {2}1-0,- model {2}n \+1/, 'step mode: its keys first, once each');
	assert.match(frame(<Footer width={100} lesson="ready"/>), /^ enter next step {2}L leave {2}q quit {2}\? help {2}space pause {2}j\/k select {2}l log/);
	assert.match(frame(<Footer width={100} lesson="done"/>), /^ L leave {2}q quit /, 'no step left for enter');
	assert.not.match(frame(<Footer width={40}/>), /~|…/);
	assert.match(frame(<Footer width={100} paused={{unseen: 12}}/>), 'PAUSED  the screen is frozen, the servers run on (+12 events)');
	assert.match(frame(<Footer width={100} notice="x closes built-in clients only"/>), 'x closes built-in clients only');
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

test('should list clients with fd, owner, state, bytes, calls, and kernel and application queues', () => {
	assert.is(frame(<ClientsPanel height={6} width={INNER} host="127.0.0.1" port={7788} mismatchedBytes={0} rows={[served, waiting]} counts={counts()}/>), [
		'╭──────────────────────────────────────────────────────────────────────────────────────────────────╮',
		'│ clients                                                                2 connected, 1 in backlog │',
		'│ peer              fd owner     state           in     out recv/send  recv-q  send-q   app-q      │',
		'│ 127.0.0.1:50001    7 tid 812   served     2.0 KiB 2.0 KiB       2/2     0 B     0 B     0 B      │',
		'│ 127.0.0.1:50002    - -         waiting        0 B     0 B       0/0    31 B     0 B       -      │',
		'╰──────────────────────────────────────────────────────────────────────────────────────────────────╯',
	].join('\n'));
});

test('should drop the least needed columns first when narrow, and show the port to connect to when empty', () => {
	const narrow = frame(<ClientsPanel height={6} width={76} host="127.0.0.1" port={7788} mismatchedBytes={0} rows={[]} counts={counts({connected: 0, accepted: 0, waiting: 0})}/>);
	assert.match(narrow, 'peer              fd owner     state           in     out  recv-q   app-q');
	assert.match(narrow, 'no clients - press n to add one, or connect: nc 127.0.0.1 7788');
	assert.match(frame(<ClientsPanel height={6} width={INNER} host="127.0.0.1" port={7788} mismatchedBytes={0} rows={[]} counts={counts({connected: 9, accepted: 1, waiting: 8, waitingClosed: 1, connecting: 2})} listenDrops={4} backlogLimit={128}/>), '9 connected, 8 in backlog of 128 (1 closed), 2 connecting, 4 listen drops');
});

test('should highlight the selected row, scroll to it, and count the clients that do not fit', () => {
	const rows = Array.from({length: 8}, (_, index) => ({...served, key: `fd${10 + index}`, fd: 10 + index, peer: `127.0.0.1:${50_010 + index}`}));
	const drawn = frame(<ClientsPanel height={7} width={INNER} host="127.0.0.1" port={7788} mismatchedBytes={5} rows={rows} counts={counts({connected: 8, accepted: 8, waiting: 0})} selected="fd16"/>);
	assert.match(drawn, '127.0.0.1:50016', 'the selected row is in view');
	assert.not.match(drawn, '127.0.0.1:50010');
	assert.match(drawn, '+ 7 more', 'one line is kept for the mismatch warning');
	assert.match(drawn, '5 echoed bytes did not match what was sent');
	const styled = render(<ClientsPanel height={7} width={INNER} host="127.0.0.1" port={7788} mismatchedBytes={0} rows={rows} counts={counts()} selected="fd10"/>);
	assert.match(styled.lastFrame() ?? '', '\u001b[7m', 'inverse');
	styled.unmount();
});

test('should call a stuck connection stalled and highlight its receive queue', () => {
	const stalled = render(<ClientsPanel height={5} width={INNER} host="127.0.0.1" port={7788} mismatchedBytes={0} rows={[{...served, state: 'stalled', receiveQueue: 17}]} counts={counts({connected: 1, waiting: 0})}/>);
	const line = (stalled.lastFrame() ?? '').split('\n')[3]!;
	assert.match(line.replace(STYLE, ''), /stalled .* 17 B/);
	const inverse = [...line.matchAll(/\[7m/g)].map(match => match.index);
	assert.is(inverse.length, 2, 'two cells drawn inverse');
	assert.ok(inverse[0]! < line.indexOf('stalled') && line.indexOf('stalled') < inverse[1]! && inverse[1]! < line.indexOf('17 B'), 'the state, then its recv-q');
	stalled.unmount();
});

test('should show each wait call with what it watched, scanned, returned and took, and the legend on a line of its own', () => {
	const drawn = frame(<ReadinessPanel height={7} width={INNER} now={10_000} rates={{...noRates, waitCalls: 600, recvCalls: 1200, waitMeanUs: 12}} threads={[]} controlFd={5} listenFd={3} waits={[
		{t: 1, call: 'epoll_wait', watched: 12, scanned: 2, ready: [{fd: 7, flags: ['EPOLLIN']}, {fd: 9, flags: ['EPOLLIN', 'EPOLLOUT']}], durationUs: 31},
	]}/>);
	assert.match(drawn, /│ readiness +600 waits\/s {2}1\.2k recv\/s │/);
	assert.match(drawn, '│ watched/scanned -> ready fds, the call\'s time; mean 12 us/call; fd 5 = stop (keyboard), fd 3 =');
	assert.match(drawn, '│ epoll_wait 12/2 -> 2  31 us: 7 IN, 9 IN|OUT ');
});

test('should show what each thread is blocked in and for how long, and what the threads cost', () => {
	const drawn = frame(<ReadinessPanel height={7} width={INNER} now={10_000} rates={noRates} waits={[]} cost={{unit: 'thread', alive: 2, rssKb: 102_400, lastStartMs: 61.25}} nativeCost="measuring" threads={[
		{tid: 812, call: 'recv', fd: 7, since: 7500, blocked: true},
		{tid: 813, call: 'recv', fd: 8, since: 9000, blocked: false},
	]}/>);
	assert.match(drawn, '│ blocked in ');
	assert.match(drawn, '│ 2 threads, 100 MiB RSS; each a worker, own isolate: 61 ms; pthread_create() in C: measuring...');
	assert.match(drawn, '│ tid 812 recv(fd 7) 2.5s ');
	assert.match(drawn, '│ tid 813 running 1.0s ');
});

test('should show the accept queue against its limit, the receive queues with the waiting clients\', and the deepest sockets', () => {
	const drawn = frame(<QueuesPanel acceptQueue={{depth: 1, limit: 128}} listenDrops={3} acceptHistory={[0, 0, 1, 1]} receiveQueueHistory={[0, 100, 9216]} receiveQueueTotal={9216} appQueueHistory={[0, 0]} width={56} height={12} compact={false} deepest={[{...served, receiveQueue: 9216}, {...waiting}]}/>);
	assert.match(drawn, '│ accept queue 1 of 128  drops 3 (host) ');
	assert.match(drawn, /│ +▁▁██ +│/);
	assert.match(drawn, '│ kernel receive queues 9.0 KiB ');
	assert.match(drawn, '│ fd 7  recv-q 9.0 KiB  send-q 0 B  app 0 B ');
	assert.match(drawn, '│ 127.0.0.1:50002 (waiting)  recv-q 31 B ');
	assert.match(drawn, /[\u2801-\u28ff]/, 'a braille chart');
});

test('should show what a process here costs beside fork() in C, once measured, within 80 columns', () => {
	const native = {forkMs: 0.139, forkPrivateKb: 44, forkRssKb: 512, threadMs: 0.02, threadStackKb: 8192, threadTouchedKb: 16, runs: 201};
	const cost = {unit: 'process', alive: 3, rssKb: 126_976, lastStartMs: 47.4, eachRssKb: 41_984} as const;
	// 34 columns: the readiness panel's inner width on an 80-column terminal.
	const drawn = frame(<ReadinessPanel height={8} width={34} now={10_000} rates={noRates} waits={[]} cost={cost} nativeCost={native} threads={[{tid: 4410, call: 'recv', fd: 7, since: 9000, blocked: true, unit: 'process'}]}/>);
	const text = drawn.split('\n').map(line => line.replace(/^│ ?| ?│$/g, '').trim()).join(' ');
	assert.match(text, '3 processes, 124 MiB RSS; each a new Node process: 47 ms, 41 MiB; fork() in C: 139 us, 512 KiB');
	assert.match(drawn, '│ pid 4410 recv(fd 7) 1.0s');
	const unavailable = frame(<ReadinessPanel height={8} width={34} now={10_000} rates={noRates} waits={[]} cost={cost} nativeCost={{unavailable: 'no C compiler found (cc, gcc)'}} threads={[{tid: 4410, call: 'recv', fd: 7, since: 9000, blocked: true, unit: 'process'}]}/>);
	assert.match(unavailable.split('\n').map(line => line.replace(/^│ ?| ?│$/g, '').trim()).join(' '), 'fork() in C: unavailable (no cc)');
});

const ringSetup = {flags: ['SINGLE_ISSUER', 'DEFER_TASKRUN', 'SUBMIT_ALL', 'CQSIZE'], sqSize: 1024, cqSize: 8192, bufferBytes: 4096, bufferCount: 1024};
const enterCall = (submitted: number, completed: number, recv: number, send: number) => ({
	t: 1, submitted, completed, inFlight: 7, completions: {accept: 0, recv, send, other: 0}, durationUs: 45,
});
const ringRates = {enterCalls: 1200, completed: 2400, accept: 0, recv: 1200, send: 1200};

test('should show each enter call with its completions by operation, the rates and the ring\'s flags in the completion panel', () => {
	const drawn = frame(<CompletionPanel setup={ringSetup} rates={ringRates} height={9} width={INNER} recent={[enterCall(0, 1, 1, 0), enterCall(1, 3, 2, 1)]}/>);
	assert.match(drawn, /│ completions +1\.2k enter\/s {2}2\.4k cqe\/s \(accept 0, recv 1\.2k, send 1\.2k\) │/);
	assert.match(drawn, '│ submitted -> completed (by operation), in flight, the call\'s time ');
	assert.match(drawn, '│ ring SINGLE_ISSUER DEFER_TASKRUN SUBMIT_ALL; sq 1024, cq 8192, 1024 buffers of 4.0 KiB ');
	assert.match(drawn, '│ 0 -> 1 (recv 1)  in flight 7  45 us ');
	assert.match(drawn, '│ 1 -> 3 (recv 2, send 1)  in flight 7  45 us ');
	assert.match(frame(<CompletionPanel setup={ringSetup} height={6} width={INNER} recent={[]}/>), 'no enter calls yet');
});

test('should keep the completion panel\'s legend whole and every call line alike at 80 columns', () => {
	// The panel's inner width at 80x24: 36 columns, less border and padding.
	const drawn = frame(<CompletionPanel setup={ringSetup} rates={ringRates} height={10} width={32} recent={[enterCall(0, 1, 1, 0), enterCall(12, 34, 20, 14)]}/>);
	assert.not.match(drawn, /~|\.\.\./, 'nothing cut');
	// Shorter, the legend's last line gives way: two calls stay (the newest is often a wait that completed nothing).
	const short = frame(<CompletionPanel setup={ringSetup} rates={ringRates} height={9} width={32} recent={[enterCall(0, 1, 1, 0), enterCall(12, 34, 20, 14)]}/>);
	assert.match(short, /│ 0->1 \(r1\) 7 45 us +│\n│ 12->34 \(r20 s14\) 7 45 us +│/, 'both calls');
	assert.not.match(short, 'SUBMIT_ALL', 'the legend\'s last line gave way');
	assert.match(drawn, /│ completions +│\n│ 1\.2k enter\/s 2\.4k cqe\/s +│\n│ per s: a0 r1\.2k s1\.2k +│/, 'the operations on a line of their own when the note has no room');
	assert.match(frame(<CompletionPanel setup={ringSetup} rates={{...ringRates, enterCalls: 12, completed: 24, recv: 12, send: 12}} height={9} width={32} recent={[]}/>), '│ 12 enter/s 24 cqe/s a0 r12 s12 ');
	assert.match(drawn, '│ sub->cqe (a/r/s) in flight, time');
	assert.match(drawn, /│ ring SINGLE_ISSUER DEFER_TASKRUN +│\n│ {3}SUBMIT_ALL +│/);
	assert.match(drawn, '│ 12->34 (r20 s14) 7 45 us', 'the newest call');
	assert.is(describeEnter(enterCall(0, 1, 1, 0), 32), '0->1 (r1) 7 45 us', 'the short line too takes the narrow form');
	assert.is(describeEnter({...enterCall(9, 99, 33, 33), completions: {accept: 33, recv: 33, send: 33, other: 0}}, 46), '9 -> 99 (a33 r33 s33)  in flight 7  45 us', 'letters when the names do not fit');
});

test('should name every ring flag that changes what the kernel does, at 120 columns, and keep two calls', () => {
	// The flags this kernel (6.1+) gives the model, and the panel's inner width and height at 120x40.
	const flags = ['SINGLE_ISSUER', 'DEFER_TASKRUN', 'SUBMIT_ALL', 'CQSIZE', 'REGISTERED_RING', 'CQE_SKIP_SUCCESS', 'FIXED_FILES'];
	const drawn = frame(<CompletionPanel setup={{...ringSetup, flags}} rates={ringRates} height={9} width={46} recent={[enterCall(0, 1, 1, 0), enterCall(12, 34, 20, 14)]}/>);
	for (const flag of flags.filter(flag => flag !== 'CQSIZE')) {
		assert.match(drawn, flag);
	}

	assert.not.match(drawn, 'CQSIZE', 'the sizes say it');
	assert.match(drawn, /12 -> 34 \(r20 s14\)/, 'the newest call');
	assert.match(drawn, /0 -> 1 \(recv 1\)/, 'and the one before');
});

test('should show io_uring\'s submission and completion queues against their sizes, with their sparklines', () => {
	const ring = {sqSize: 1024, cqSize: 8192, submissionHistory: [0, 1, 0, 1], completionHistory: [0, 2, 4, 3]};
	const drawn = frame(<QueuesPanel acceptQueue={{depth: 0, limit: 128}} acceptHistory={[0]} receiveQueueHistory={[0]} receiveQueueTotal={0} appQueueHistory={[0]} width={46} height={9} compact deepest={[]} ring={ring}/>);
	assert.match(drawn, /│ accept queue 0 of 128 +│\n│ +▁ +│\n│ sq 1 of 1024 +cq 3 of 8192 +│\n│ +▁█▁█ +▁▄█▆ +│\n│ kernel recv-q 0 B +│/);
	assert.is(drawn.split('\n').length, 9, 'the panel keeps its height');
});

test('should say how many events arrived while paused, and wrap a long line under its detail', () => {
	const lines = [{t: 1, kind: 'accepted' as const, text: 'fd 7  127.0.0.1:50001'}, {t: 2, kind: 'recv' as const, text: `fd 7  31 B  "${'x'.repeat(100)}"`}];
	const drawn = frame(<EventLog height={6} width={INNER} paused={{scroll: 0, unseen: 12}} lines={lines}/>);
	assert.match(drawn, 'PAUSED, 12 new');
	assert.match(drawn, /│ \d\d:\d\d:\d\d\.001 accepted {4}fd 7 {2}127\.0\.0\.1:50001 /);
	assert.match(drawn, /│ {26}"x+/, 'the rest of the long line, under its detail');
	assert.match(frame(<EventLog height={6} width={INNER} paused={{scroll: 1, unseen: 0}} lines={lines}/>), 'PAUSED, 1 back, 0 new');
});

test('should show the help\'s first line and scroll the rest at 80x24', () => {
	const top = frame(<HelpOverlay width={80} height={23} scroll={0}/>);
	assert.match(top.split('\n')[1]!, HELP_TITLE);
	assert.match(top, /lines 1-19 of \d+/);
	const bottom = frame(<HelpOverlay width={80} height={23} scroll={maxHelpScroll(80, 23)}/>);
	assert.match(bottom.split('\n')[1]!, HELP_TITLE, 'the title stays');
	assert.match(bottom, 'libuv');
	assert.is(bottom.split('\n').length, 23, 'exactly the terminal\'s height');
});

test.run();
