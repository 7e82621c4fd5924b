// The load process's command line: the Node flags it inherits, and those it must not.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {childExecArgv} from '../../source/load/run-load.js';

const test = suite('load process flags');

test('should hand on --import and the like, but no inspector and no code to evaluate', () => {
	assert.equal(childExecArgv(['--import', 'tsx', '--max-old-space-size=512']), ['--import', 'tsx', '--max-old-space-size=512']);
	assert.equal(childExecArgv(['--inspect=9229', '--import', 'tsx']), ['--import', 'tsx']);
	// `node -e "runLoad(...)"`: a child given the same code would start a load of its own, and so on.
	assert.equal(childExecArgv(['--import', 'tsx', '-e', 'import("./dist/load/index.js")']), ['--import', 'tsx']);
	assert.equal(childExecArgv(['--eval=code', '--import', 'tsx']), ['--import', 'tsx']);
	assert.equal(childExecArgv(['-pe', 'code', '--print', 'code', '-p', 'code']), []);
	assert.equal(childExecArgv(['-r', 'x']), ['-r', 'x']);
});

test.run();
