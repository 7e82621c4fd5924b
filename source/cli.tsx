#!/usr/bin/env node
// The command line: parses the flags against the flag table, validates them, then hands over to the one command that runs.
import './production-mode.js';
import {settleColorEnv} from './util/child-env.js';
import type {CommandLine} from './commands/parse-command-line.js';

// Before node:util is linked (the parser imports it): Node 22+ warns on stderr when NO_COLOR and
// FORCE_COLOR are both set, and every thread and process started later inherits the settled env.
settleColorEnv();
const {parseCommandLine} = await import('./commands/parse-command-line.js');
const {reportOutputErrors} = await import('./commands/exit-hooks.js');
reportOutputErrors();

/** An error the user can act on: one line, no stack trace. */
function fail(message: string, code: number): never {
	process.stderr.write(`echo-tui: ${message}\n`);
	process.exit(code);
}

/** A warning on stderr, one line, if there is one. */
function warn(message: string | undefined): void {
	if (message) {
		process.stderr.write(`echo-tui: ${message}\n`);
	}
}

/**
 * Before Ink loads: Ink draws nothing until exit when it believes it runs in CI (it reads CI=...
 * once, as it loads); the monitor checks for a terminal before drawing, so it is interactive
 * whatever CI says.
 */
function letInkDraw(): void {
	for (const variable of ['CI', 'CONTINUOUS_INTEGRATION']) {
		if (variable in process.env) {
			process.env[variable] = 'false';
		}
	}
}

/** Compiles only when every flag of a command was taken out of `rest`: a flag in the table is never silently ignored. */
function noFlagLeft(_rest: Record<string, never>): void {}

/**
 * Run a command with its flags validated. Each command loads only what it needs: fewer files
 * opened at start (and a fd budget kept for serve under a tight ulimit), a faster start.
 */
async function run(line: Extract<CommandLine, {kind: 'run'}>): Promise<void> {
	switch (line.command) {
		case 'bench': {
			const {models, clients, size, seconds, warmup, rounds, mode, rate, peers, peer, json, ...rest} = line.flags;
			noFlagLeft(rest);
			// bench-options.ts, loaded by the bench, checks these values.
			const {bench} = await import('./commands/bench.js');
			await bench({models, clients, size, seconds, warmup, rounds, mode, rate, peers, peer, json});
			break;
		}

		case 'serve': {
			const {model, host, port, backlog, reserveFds, readOnce, json, maxProcs, maxThreads, ...rest} = line.flags;
			noFlagLeft(rest);
			const {parseLimit, parseServerFlags, openHostWarning} = await import('./commands/validate-flags.js');
			const options = {
				...parseServerFlags({model, host, port, backlog, reserveFds}),
				readOnce,
				json,
				maxProcs: parseLimit(maxProcs, 'max-procs'),
				maxThreads: parseLimit(maxThreads, 'max-threads'),
			};
			warn(openHostWarning(options.host));
			const {serve} = await import('./commands/serve.js');
			await serve(options);
			break;
		}

		case 'monitor': {
			const {model, host, port, backlog, reserveFds, readOnce, clients, record, ...rest} = line.flags;
			noFlagLeft(rest);
			const {parseCount, parseServerFlags, openHostWarning} = await import('./commands/validate-flags.js');
			const options = {...parseServerFlags({model, host, port, backlog, reserveFds}), readOnce, clients: parseCount(clients, 'clients', 10_000), record};
			// The monitor takes over the screen, so the warning goes out before it: it stays on the
			// terminal's main screen, seen again after q (the model bar shows the address meanwhile).
			// Without a terminal the monitor does not run, and says so in one line of its own.
			if (process.stdin.isTTY && process.stdout.isTTY) {
				warn(openHostWarning(options.host));
			}

			letInkDraw();
			const {monitor} = await import('./commands/monitor.js');
			await monitor(options);
			break;
		}

		case 'lessons': {
			const {json, ...rest} = line.flags;
			noFlagLeft(rest);
			const {listLessons} = await import('./commands/lessons.js');
			listLessons({json});
			break;
		}

		case 'lesson': {
			const {auto, narrate, check, json, ...rest} = line.flags;
			noFlagLeft(rest);
			// It may open the monitor (lessons.ts decides, and checks the lesson asked for).
			letInkDraw();
			const {lesson} = await import('./commands/lessons.js');
			await lesson({which: line.argument, auto, narrate, check, json});
			break;
		}

		default: {
			const unhandled: never = line;
			throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
		}
	}
}

try {
	const line = parseCommandLine(process.argv.slice(2));
	switch (line.kind) {
		case 'help': {
			const {helpText} = await import('./commands/help-text.js');
			process.stdout.write(await helpText(line.command));
			break;
		}

		case 'version': {
			const {versionText} = await import('./commands/help-text.js');
			process.stdout.write(versionText());
			break;
		}

		case 'run': {
			await run(line);
			break;
		}

		default: {
			const unhandled: never = line;
			throw new Error(`unhandled command line ${JSON.stringify(unhandled)}`);
		}
	}
} catch (error) {
	const {exitCode} = error as {exitCode?: number};
	if (exitCode === undefined) {
		throw error;
	}

	fail((error as Error).message, exitCode);
}
