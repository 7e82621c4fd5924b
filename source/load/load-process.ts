// The load generator's own process: `node load-process.js '<json options>'` prints one JSON LoadResult on stdout.
import fs from 'node:fs';
import process from 'node:process';
import {generateLoad} from './load-generator.js';
import {resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions} from './load-options.js';

/** The pipe runLoad reads the window's edges from (a socket pair: runLoad answers on it too). */
const WINDOW_FD = 3;
/** Longest the load waits for runLoad to have read the server's CPU at the window's close. */
const ACK_TIMEOUT_MS = 5000;

function isOpen(fd: number): boolean {
	try {
		fs.fstatSync(fd);
		return true;
	} catch {
		return false;
	}
}

/**
 * Wait for runLoad's answer to the `close` edge: it reads the server's CPU then, and until it has,
 * the clients stay connected. Closing them first let a fork server's children exit before the
 * reading, which then lost their CPU time (the bench's cpu column read negative once).
 */
function waitForAck(fd: number): void {
	const byte = Buffer.alloc(1);
	const nap = new Int32Array(new SharedArrayBuffer(4));
	const deadline = performance.now() + ACK_TIMEOUT_MS;
	while (performance.now() < deadline) {
		try {
			fs.readSync(fd, byte);
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
				return; // runLoad is gone: nobody to wait for.
			}

			Atomics.wait(nap, 0, 0, 1);
		}
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
				if (edge === 'close') {
					waitForAck(notices);
				}
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
