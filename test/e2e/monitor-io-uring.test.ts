// The io_uring model in the monitor, in a real terminal (tmux) against the built CLI: its completion
// panel (one line per io_uring_enter call, completions by operation) and its ring's queue depths.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {unavailableReason} from '../../source/models/index.js';

type Context = {session?: TmuxSession};

/** An enter call's line at 120 columns: `1 -> 2 (recv 1, send 1)  in flight 7  45 us`, with a recv or a send among its completions. */
const ENTER_LINE = /│ \d+ -> [1-9]\d* \([^)]*\b(?:recv|send) [1-9]\d*[^)]*\) {2}in flight \d+ {2}[\d.]+ (?:us|ms|s) /;
/** The same at 80 columns, in its narrow form: `1->2 (r1 s1) 7 45 us`. */
const NARROW_ENTER_LINE = /│ \d+->[1-9]\d* \((?:[aso]\d+ )*[rs][1-9]\d*(?: [aso]\d+)*\) \d+ [\d.]+ (?:us|ms|s) /;

/** The monitor running io_uring with three built-in clients, in a terminal of this size. */
async function monitor(context: Context, columns: number, rows: number): Promise<TmuxSession> {
	const session = startTmux(`node ${CLI} --port 0 --model io-uring --clients 3`, {columns, rows});
	context.session = session;
	await session.waitFor('3 connected');
	await session.waitFor(/│ completions /);
	return session;
}

// Checked the way the catalog checks (ECHO_TUI_NO_IO_URING=1, the sysctl, the kernel's version).
const unavailable = unavailableReason('io-uring');

const test = suite<Context>('monitor: io_uring', {});

test.after.each(context => {
	context.session?.keys('q', true);
	context.session?.kill();
	context.session = undefined;
});

if (unavailable) {
	test('should be skipped: io_uring is unavailable here', () => {
		console.log(`io_uring unavailable here: ${unavailable}; the monitor's io_uring tests are skipped`);
	});
} else {
	test('should show each io_uring_enter call with its completions once the clients send, at 120x40', async context => {
		const session = await monitor(context, 120, 40);
		session.keys('s', true);
		const screen = await session.waitFor(ENTER_LINE);
		assert.not.match(screen, 'no wait calls', 'the readiness panel gave way to the completion panel');
		assert.match(screen, / [\d.]+k? enter\/s {1,2}[\d.]+k? cqe\/s(?:\W+accept [\d.]+k?,? recv [\d.]+k?,? send [\d.]+k?| a[\d.]+k? r[\d.]+k? s[\d.]+k?)/, 'enter calls and completions per second, by operation, with the title');
		assert.match(screen, '│ sub -> cqe (by op: a/r/s), in flight, time ', 'the legend');
		assert.match(screen, /│ (?:ring )?SINGLE_ISSUER\b/, 'the ring\'s flags');
		assert.match(screen, /│ sq \d+ of \d+ +cq \d+ of \d+ /, 'both queues against their sizes in the queue panel');
	});

	test('should keep the completion panel\'s legend whole at 80x24', async context => {
		const session = await monitor(context, 80, 24);
		session.keys('s', true);
		const screen = await session.waitFor(NARROW_ENTER_LINE);
		assert.match(screen, '│ sub->cqe (a/r/s) in flight, time │');
		// The panel's left 36 columns: no line of it cut with `~` or `...`.
		const panel = screen.split('\n').map(line => [...line].slice(0, 36).join('')).filter(line => line.startsWith('│'));
		assert.ok(panel.length > 3, 'the panel is on screen');
		assert.not.ok(panel.some(line => /~|\.\.\./.test(line)), `nothing cut:\n${panel.join('\n')}`);
	});
}

test.run();
