#!/usr/bin/env node
// The command line: parses and validates flags, then hands over to a command.
import meow from 'meow';
import {modelIds} from './models/index.js';
import {UsageError, parseHost, parseModel, parsePort} from './commands/validate-flags.js';
import {serve} from './commands/serve.js';

const cli = meow(`
	Usage
	  $ echo-tui serve --model <id> [options]   run one echo server headless

	Options
	  --model, -m   Model to run: ${modelIds.join(', ')}  (default: epoll-et)
	  --port, -p    TCP port, 0 picks a free one  (default: 7788)
	  --host        IPv4 address to listen on  (default: 127.0.0.1)
	  --json        One event per line as JSON (NDJSON), for scripts
	  --read-once   epoll models: read once per event (shows the edge-triggered stall)

	Examples
	  $ echo-tui serve --model blocking
	  $ echo-tui serve --model select --port 9000 --json
`, {
	importMeta: import.meta,
	flags: {
		model: {type: 'string', shortFlag: 'm'},
		port: {type: 'string', shortFlag: 'p'},
		host: {type: 'string'},
		json: {type: 'boolean', default: false},
		readOnce: {type: 'boolean', default: false},
	},
});

/** An error the user can act on: one line, no stack trace. */
function fail(message: string, code: number): never {
	process.stderr.write(`echo-tui: ${message}\n`);
	process.exit(code);
}

const [command] = cli.input;
try {
	if (command === 'serve') {
		await serve({
			model: parseModel(cli.flags.model, 'epoll-et'),
			host: parseHost(cli.flags.host),
			port: parsePort(cli.flags.port, 7788),
			json: cli.flags.json,
			readOnce: cli.flags.readOnce,
		});
	} else if (command === undefined) {
		cli.showHelp(0);
	} else {
		throw new UsageError(`unknown command "${command}"; run echo-tui --help`);
	}
} catch (error) {
	const {exitCode} = error as {exitCode?: number};
	if (exitCode === undefined) {
		throw error;
	}

	fail((error as Error).message, exitCode);
}
