// Where `echo-tui lesson` goes: the monitor on a terminal, the narration elsewhere or when asked; its flags strict.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {opensMonitor} from '../../source/commands/lessons.js';
import {parseCommandLine} from '../../source/commands/parse-command-line.js';

const plain = {which: '1', narrate: false, check: false, json: false};
const test = suite('lesson: monitor or narration');

test('should open the monitor for one lesson on a terminal, and narrate with --narrate, a table, JSON, all, or no terminal', () => {
	assert.ok(opensMonitor(plain, true));
	assert.not.ok(opensMonitor(plain, false), 'stdout or stdin not a terminal');
	assert.not.ok(opensMonitor({...plain, narrate: true}, true));
	assert.not.ok(opensMonitor({...plain, check: true}, true));
	assert.not.ok(opensMonitor({...plain, json: true}, true));
	assert.not.ok(opensMonitor({...plain, which: 'all'}, true));
});

test('should take --auto and --narrate for lesson only, and still refuse what it does not know', () => {
	const line = parseCommandLine(['lesson', '1', '--auto']);
	assert.equal(line.kind === 'run' && line.command === 'lesson' ? [line.flags.auto, line.flags.narrate, line.argument] : [], [true, false, '1']);
	assert.throws(() => parseCommandLine(['lesson', '1', '--autp']), /unknown flag --autp; did you mean --auto\?/);
	assert.throws(() => parseCommandLine(['--auto']), /--auto is for echo-tui lesson, not the monitor/);
	assert.throws(() => parseCommandLine(['lesson', '1', '--auto=yes']), /--auto is a switch and takes no value/);
});

test.run();
