#!/usr/bin/env node
// The command line: parses and validates flags, then hands over to a command.
import './production-mode.js';
import meow from 'meow';
import {modelIds} from './models/index.js';
import {UsageError, parseCount, parseHost, parseModel, parsePort} from './commands/validate-flags.js';
import {serve} from './commands/serve.js';
import {monitor} from './commands/monitor.js';

const cli = meow(`
	Usage
	  $ echo-tui [options]                       the monitor: servers, clients and kernel queues, live
	  $ echo-tui serve --model <id> [options]   one echo server, headless

	Options
	  --model, -m   Model to run: ${modelIds.join(', ')}  (default: epoll-et)
	  --port, -p    TCP port, 0 picks a free one  (default: 7788)
	  --host        IPv4 address to listen on  (default: 127.0.0.1)
	  --read-once   epoll models: read once per event (shows the edge-triggered stall)
	  --clients     monitor: built-in clients to open at start  (default: 0)
	  --json        serve: one event per line as JSON (NDJSON), for scripts

	Examples
	  $ echo-tui
	  $ echo-tui --model blocking --port 9000
	  $ echo-tui serve --model select --json
`, {
	importMeta: import.meta,
	flags: {
		model: {type: 'string', shortFlag: 'm'},
		port: {type: 'string', shortFlag: 'p'},
		host: {type: 'string'},
		json: {type: 'boolean', default: false},
		readOnce: {type: 'boolean', default: false},
		clients: {type: 'string'},
	},
});

/** An error the user can act on: one line, no stack trace. */
function fail(message: string, code: number): never {
	process.stderr.write(`echo-tui: ${message}\n`);
	process.exit(code);
}

const [command] = cli.input;
try {
	const options = {
		model: parseModel(cli.flags.model, 'epoll-et'),
		host: parseHost(cli.flags.host),
		port: parsePort(cli.flags.port, 7788),
		readOnce: cli.flags.readOnce,
	};
	if (command === 'serve') {
		await serve({...options, json: cli.flags.json});
	} else if (command === undefined) {
		if (cli.flags.json) {
			throw new UsageError('--json is for echo-tui serve');
		}

		await monitor({...options, clients: parseCount(cli.flags.clients, 'clients', 10_000)});
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
