// The help: every key, column and notation, in lines that fit.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {helpLines} from '../../source/ui/help-lines.js';
import {keymap} from '../../source/ui/keymap.js';
import {models} from '../../source/models/index.js';

const test = suite('help lines');

test('should fit every line in the width, at 80 columns too', () => {
	for (const width of [74, 114]) {
		for (const line of helpLines(width)) {
			assert.ok(line.text.length <= width, `${line.text.length} > ${width}: ${line.text}`);
		}
	}
});

test('should explain every key, every column, the notation and the states, and name every model', () => {
	const text = helpLines(200).map(line => line.text).join('\n');
	for (const binding of keymap) {
		assert.match(text, binding.description);
	}

	for (const term of ['in / out', 'recv-q', 'send-q', 'app-q', 'N/M -> K', 'stalled:', 'waiting:', 'connecting:', 'fd N = stop', 'accept queue', 'N -> K (op)', 'in flight', 'sq / cq']) {
		assert.match(text, term);
	}

	for (const model of models) {
		assert.match(text, model.summary);
	}
});

test.run();
