// The README agrees with the code: its keys table is the keymap, its Quick start commands exist.
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {keymap} from '../source/ui/keymap.js';
import {models} from '../source/models/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = fs.readFileSync(`${ROOT}/README.md`, 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')) as {scripts: Record<string, string>};

const test = suite('README');

test('should list every key of the keymap, and no other', () => {
	const table = README.slice(README.indexOf('## Keys'), README.indexOf('## The screen'));
	const rows = [...table.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map(match => [match[1], match[2]]);
	assert.equal(rows, keymap.map(binding => [binding.label, binding.description]));
});

test('should name every model of the registry', () => {
	for (const model of models) {
		assert.match(README, `| \`${model.id}\` |`);
	}
});

test('should only use npm scripts that exist in its Quick start', () => {
	const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Commands'));
	for (const [, script] of quickStart.matchAll(/npm (?:run )?(start|test|bench|build)\b/g)) {
		assert.type(PACKAGE.scripts[script!], 'string', `npm ${script}`);
	}
});

test.run();
