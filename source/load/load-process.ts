// The load generator's own process: `node load-process.js '<json options>'` prints one JSON LoadResult on stdout.
import fs from 'node:fs';
import process from 'node:process';
import {generateLoad} from './load-generator.js';
import {resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions} from './load-options.js';

/** The pipe runLoad reads the window's edges from. */
const WINDOW_FD = 3;

function isOpen(fd: number): boolean {
	try {
		fs.fstatSync(fd);
		return true;
	} catch {
		return false;
	}
}

function main(): void {
	let options: ResolvedLoadOptions;
	try {
		options = resolveLoadOptions(JSON.parse(process.argv[2] ?? '') as LoadOptions);
	} catch (error) {
		console.error(`load: bad options: ${(error as Error).message}`);
		process.exitCode = 2;
		return;
	}

	try {
		// The window's edges on fd 3 when the parent opened it (runLoad does): it reads the server's CPU then.
		const notices = isOpen(WINDOW_FD) ? WINDOW_FD : undefined;
		const result = generateLoad(options, notices === undefined ? {} : {
			onWindow(edge) {
				fs.writeSync(notices, `${edge}\n`);
			},
		});
		// Written once and left to drain: process.exit() here could cut a piped stdout short.
		process.stdout.write(`${JSON.stringify(result)}\n`);
	} catch (error) {
		console.error(`load: ${(error as Error).message}`);
		process.exitCode = 1;
	}
}

main();
