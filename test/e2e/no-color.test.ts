// NO_COLOR (https://no-color.org): the monitor draws without colour; bold and inverse still mark what matters.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux} from '../helpers/tmux.js';

/** SGR colour parameters: 30-37, 90-97 (foreground), 40-47, 100-107 (background), 38;/48; (extended). */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const COLOUR = /\u001b\[(?:[\d;]*;)?(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|38|48)(?:;[\d;]*)?m/;

const test = suite('NO_COLOR');

test('should draw the monitor without colour when NO_COLOR is set, and with colour otherwise', async () => {
	for (const noColor of [true, false]) {
		const session = startTmux(`${noColor ? 'NO_COLOR=1 ' : ''}node ${CLI} --port 0 --clients 2`);
		try {
			await session.waitFor('2 connected');
			const styled = session.styledScreen();
			assert.is(COLOUR.test(styled), !noColor, noColor ? 'no colour with NO_COLOR' : 'colour without it');
			assert.match(styled, '\u001b[', 'still styled (bold, inverse)');
		} finally {
			session.kill();
		}
	}
});

test.run();
