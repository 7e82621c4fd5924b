// What the built CLI loads: every module, recorded by a module hook; and which are heavy (koffi, the syscall layer, the models' code).
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as assert from 'uvu/assert';
import {childEnv} from '../../source/util/child-env.js';
import {CLI} from './cli-process.js';

const RECORD_LOADS = fileURLToPath(new URL('../fixtures/record-loads.mjs', import.meta.url));

/** Files of dist/sys/ that load no koffi: constants, errno names, /proc reads, shared-memory words. */
const KOFFI_FREE_SYS = /\/dist\/sys\/(constants|errors|proc-status|step-gate|io-uring-switches)\.js$/;
/** Files of dist/models/ that are the catalog and the contract, not a model's loop. */
const CATALOG = /\/dist\/models\/(catalog|index|model|probe\/events)\.js$/;

/** Whether `url` (a loaded module's) is koffi, a koffi-loading part of dist/sys/, or a model's code. */
export function isHeavyModule(url: string): boolean {
	return url.includes('/koffi/')
		|| (url.includes('/dist/sys/') && !KOFFI_FREE_SYS.test(url))
		|| (url.includes('/dist/models/') && !CATALOG.test(url));
}

/** Run the built CLI with `args` (it must exit 0) and return every module URL it loaded, on any thread. */
export function modulesLoadedBy(args: readonly string[]): string[] {
	const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-loads-')), 'loads');
	fs.writeFileSync(log, '');
	// The recorder loads before the CLI settles the colour variables: give it settled ones.
	const result = spawnSync(process.execPath, ['--import', RECORD_LOADS, CLI, ...args], {env: {...childEnv(), RECORD_LOADS: log}, encoding: 'utf8', timeout: 20_000});
	assert.is(result.status, 0, result.stderr);
	const loaded = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map(line => line.slice(line.indexOf(' ') + 1));
	fs.rmSync(path.dirname(log), {recursive: true});
	return loaded;
}
