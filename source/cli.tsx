#!/usr/bin/env node
// The command line: parses and validates flags, then hands over to a command.
import './production-mode.js';
import meow from 'meow';
import {DEFAULT_BACKLOG} from './engine/engine.js';
import {DEFAULT_MODEL_OPTIONS, modelIds} from './models/index.js';
import {UsageError, parseCount, parseHost, parseLimit, parseModel, parsePort} from './commands/validate-flags.js';

const cli = meow(`
	Usage
	  $ echo-tui [options]                       the monitor: servers, clients and kernel queues, live
	  $ echo-tui serve --model <id> [options]   one echo server, headless
	  $ echo-tui bench [options]                 every model side by side under the same load

	Options
	  --model, -m   Model to run: ${modelIds.join(', ')}  (default: epoll-et)
	  --port, -p    TCP port, 0 picks a free one  (default: 7788)
	  --host        IPv4 address to listen on  (default: 127.0.0.1)
	  --backlog     listen() backlog; the kernel caps it at net.core.somaxconn  (default: ${DEFAULT_BACKLOG})
	  --read-once   epoll models: read once per event (shows the edge-triggered stall)
	  --clients     monitor: built-in clients to open at start  (default: 0)
	  --json        serve: one event per line as JSON (NDJSON); bench: rows as a JSON array
	  --max-procs   serve, fork: most child processes at once; more clients wait in the backlog  (default: ${DEFAULT_MODEL_OPTIONS.maxProcs})
	  --max-threads serve, threads: most client threads at once  (default: ${DEFAULT_MODEL_OPTIONS.maxThreads})

	Bench options
	  --models      all, or ids separated by commas  (default: all)
	  --clients     client counts, e.g. 1,10,100  (default: 1,10,100)
	  --size        message sizes in bytes, e.g. 64,1024  (default: 64,1024)
	  --seconds     measured seconds per run  (default: 3)
	  --mode        pingpong or pipelined  (default: pingpong)

	Examples
	  $ echo-tui
	  $ echo-tui --model blocking --port 9000
	  $ echo-tui serve --model select --json
	  $ echo-tui bench --models epoll-et,libuv --clients 100 --size 64
`, {
	importMeta: import.meta,
	flags: {
		model: {type: 'string', shortFlag: 'm'},
		port: {type: 'string', shortFlag: 'p'},
		host: {type: 'string'},
		json: {type: 'boolean', default: false},
		readOnce: {type: 'boolean', default: false},
		backlog: {type: 'string'},
		maxProcs: {type: 'string'},
		maxThreads: {type: 'string'},
		clients: {type: 'string'},
		models: {type: 'string'},
		size: {type: 'string'},
		seconds: {type: 'string'},
		mode: {type: 'string'},
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
		backlog: parseLimit(cli.flags.backlog, 'backlog', DEFAULT_BACKLOG),
		readOnce: cli.flags.readOnce,
	};
	if (command === 'bench') {
		// Each command loads only what it needs: fewer files opened at start (and a fd budget kept for
		// serve under a tight ulimit), a faster start.
		const {bench} = await import('./commands/bench.js');
		await bench(cli.flags);
	} else if (command === 'serve') {
		const {serve} = await import('./commands/serve.js');
		await serve({
			...options,
			json: cli.flags.json,
			maxProcs: parseLimit(cli.flags.maxProcs, 'max-procs', DEFAULT_MODEL_OPTIONS.maxProcs),
			maxThreads: parseLimit(cli.flags.maxThreads, 'max-threads', DEFAULT_MODEL_OPTIONS.maxThreads),
		});
	} else if (command === undefined) {
		if (cli.flags.json) {
			throw new UsageError('--json is for echo-tui serve');
		}

		// Ink draws nothing until exit when it believes it runs in CI (it reads CI=...); the monitor
		// checks for a terminal before drawing, so it is interactive whatever CI says.
		for (const variable of ['CI', 'CONTINUOUS_INTEGRATION']) {
			if (variable in process.env) {
				process.env[variable] = 'false';
			}
		}

		const {monitor} = await import('./commands/monitor.js');
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
