// The load generator's own process: `node load-process.js '<json options>'` prints one JSON LoadResult on stdout.
import process from 'node:process';
import {generateLoad} from './load-generator.js';
import {resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions} from './load-options.js';

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
		const result = generateLoad(options);
		// Written once and left to drain: process.exit() here could cut a piped stdout short.
		process.stdout.write(`${JSON.stringify(result)}\n`);
	} catch (error) {
		console.error(`load: ${(error as Error).message}`);
		process.exitCode = 1;
	}
}

main();
