// package.json's allowScripts decides for every dependency with an install script, so npm 11.16+ prints no install-script warning.
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')) as {allowScripts?: Record<string, boolean>};
const LOCK = JSON.parse(fs.readFileSync(`${ROOT}/package-lock.json`, 'utf8')) as {packages: Record<string, {hasInstallScript?: boolean}>};

/** Names of the locked packages that have an install script (npm's lockfile marks them), as npm's policy names them. */
const withInstallScripts = [...new Set(Object.entries(LOCK.packages)
	.filter(([, entry]) => entry.hasInstallScript)
	.map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)))].sort();

const test = suite('allowScripts');

test('should decide for every dependency with an install script, and name no other', () => {
	assert.ok(withInstallScripts.length > 0, 'koffi and esbuild have one');
	assert.equal(Object.keys(PACKAGE.allowScripts ?? {}).sort(), withInstallScripts);
});

test('should deny them all: the project installs and runs with every install script blocked (.ci/run installs with --ignore-scripts)', () => {
	assert.ok(Object.values(PACKAGE.allowScripts ?? {}).every(allowed => allowed === false), JSON.stringify(PACKAGE.allowScripts));
});

test.run();
