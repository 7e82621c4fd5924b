// serve in a terminal that closes: it ends by SIGHUP, quietly, whether told by the signal or by its output failing (EIO).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {startTmux} from '../helpers/tmux.js';
import {waitUntil, within} from '../helpers/time.js';

const PARENT = fileURLToPath(new URL('hangup-parent.js', import.meta.url));

/** How serve ended, as its parent saw it. */
type Ending = {code: number | null; signal: string | null; stderr: string};

const test = suite('serve hangup');

for (const how of ['signal', 'output'] as const) {
	test(`should end by SIGHUP without a word when its terminal closes (told by ${how === 'signal' ? 'SIGHUP' : 'EIO on its output'})`, async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-hangup-'));
		const report = path.join(folder, 'ending.json');
		const session = startTmux(`${process.execPath} ${PARENT} ${CLI} ${report} ${how}`);
		let client: EchoClient | undefined;
		try {
			const screen = await session.waitFor(/127\.0\.0\.1:\d+/);
			client = await connectClient(Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]));
			client.socket.write('before the hangup');
			await within(5000, 'echo', client.waitForBytes(17));
			session.kill();
			// Events to write to a terminal that is gone (tmux may close it a moment after it is told to).
			const ending = await waitUntil(5000, 'serve to end', () => {
				if (fs.existsSync(report)) {
					return JSON.parse(fs.readFileSync(report, 'utf8')) as Ending;
				}

				client?.socket.write('after the hangup');
				return undefined;
			});
			assert.equal(ending, {code: null, signal: 'SIGHUP', stderr: ''});
		} finally {
			client?.close();
			session.kill();
			fs.rmSync(folder, {recursive: true, force: true});
		}
	});
}

test.run();
