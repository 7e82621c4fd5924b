// The soak's short form, as `npm run soak -- --short` runs it: every model under churn and one round at the open-files limit.
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {modelIds} from '../../source/models/index.js';
import {SHORT_SOAK} from '../../source/soak/soak-options.js';
import {startCommand} from '../helpers/cli-process.js';
import {within} from '../helpers/time.js';

const RUN_SOAK = fileURLToPath(new URL('../../dist/soak/run-soak.js', import.meta.url));
/** The short form takes about 1.5 minutes on a busy 2-core machine; past this it is stuck. */
const BOUND_MS = 240_000;

const test = suite('soak (short form)');

test('should hold every model under churn and the open-files limit, with a row for each', async () => {
	const soak = startCommand(process.execPath, [RUN_SOAK, '--short']);
	const {code, stdout, stderr} = await within(BOUND_MS, 'the short soak', soak.exited).finally(() => soak.child.kill('SIGINT'));

	assert.is(code, 0, `the soak failed:\n${stdout || stderr}`);
	const faults = [...SHORT_SOAK.faults.filter(fault => fault !== 'fd-limit'), 'exit', 'fd-limit'];
	for (const model of modelIds) {
		for (const fault of faults) {
			assert.match(stdout, new RegExp(`^${model} +${fault} +held `, 'm'), `${model} × ${fault} held`);
		}
	}

	assert.match(stdout, new RegExp(`^${modelIds.length * faults.length} held, 0 failed$`, 'm'));
});

test.run();
