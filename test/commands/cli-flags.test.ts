// The built CLI as a user runs it: a mistyped or misplaced flag, a stray word or an address nobody can reach is one line and exit 2.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli, startCli, type CliResult} from '../helpers/cli-process.js';
import {waitUntil, within} from '../helpers/time.js';

/** Exit 2, nothing on stdout, one line on stderr that says `message`, no stack trace. */
function assertRefused(result: CliResult, message: string, what: string): void {
	assert.is(result.code, 2, `${what}: ${result.stderr}`);
	assert.is(result.stdout, '', what);
	assert.is(result.stderr.trimEnd().split('\n').length, 1, `${what}, one line: ${result.stderr}`);
	assert.not.match(result.stderr, /\n\s+at /, what);
	assert.ok(result.stderr.startsWith('echo-tui: '), `${what}: ${result.stderr}`);
	assert.ok(result.stderr.includes(message), `${what}: expected "${message}" in: ${result.stderr}`);
}

/** Command lines from echo-tui issue 8 and what each must say. The monitor lines fail before the monitor's own no-terminal check. */
const refused: ReadonlyArray<readonly [readonly string[], string]> = [
	[['serve', '--prot', '9000'], 'unknown flag --prot; did you mean --port?'],
	[['--prot', '9000'], 'unknown flag --prot; did you mean --port?'],
	[['serve', '--prot=9000'], 'unknown flag --prot; did you mean --port?'],
	[['serve', '--jsonn'], 'unknown flag --jsonn; did you mean --json?'],
	[['bench', '--jsonn'], 'unknown flag --jsonn; did you mean --json?'],
	[['--jsonn'], 'unknown flag --jsonn; did you mean --json (for echo-tui serve, echo-tui bench, echo-tui lessons and echo-tui lesson)?'],
	[['serve', '--json=maybe'], '--json is a switch and takes no value'],
	[['bench', '--json=true'], '--json is a switch and takes no value'],
	[['serve', '--read-once=false'], '--read-once is a switch and takes no value'],
	[['serve', 'extra-positional'], 'unexpected argument "extra-positional"'],
	[['serve', '--json', 'maybe'], 'unexpected argument "maybe"'],
	[['bench', 'extra'], 'unexpected argument "extra"'],
	[['--model', 'blocking', 'serve'], 'unexpected argument "serve"; the command goes first'],
	[['serve', '--clients', '5'], '--clients is for the monitor and echo-tui bench, not echo-tui serve'],
	[['--max-threads', '2'], '--max-threads is for echo-tui serve, not the monitor'],
	[['--models', 'poll'], '--models is for echo-tui bench, not the monitor'],
	[['bench', '--port', '9000'], '--port is for the monitor and echo-tui serve, not echo-tui bench'],
	[['bench', '-p', '9000'], '-p (--port) is for the monitor and echo-tui serve, not echo-tui bench'],
	[['bench', '--read-once'], '--read-once is for the monitor and echo-tui serve, not echo-tui bench'],
	[['serve', '--port', '1', '--port', '2'], '--port is given twice'],
	[['serve', '--host'], '--host needs a value'],
	[['serve', '--host', '--json'], '--host needs a value, not the flag --json'],
	[['serve', '--no-json'], '--json is off unless given'],
	[['serve', '-x'], 'unknown flag -x'],
	[['bench', '--clients', '1,,2'], '--clients has an empty item in "1,,2"'],
	[['bench', '--size', '64,'], '--size has an empty item in "64,"'],
	[['lesson', '1', '--auto', '--check'], '--auto paces a lesson in the monitor; --check runs it without one'],
	[['lesson', '--check', 'all', '--auto'], '--auto paces a lesson in the monitor; --check runs it without one'],
	[['lesson', '2', '--auto', '--json'], '--auto paces a lesson in the monitor; --json runs it without one'],
	[['srve'], 'unknown command "srve"; did you mean serve?'],
	[['blocking'], 'unknown command "blocking"'],
];

const test = suite('command line: refused');

test('should refuse each mistyped, misplaced or stray flag or word in one line, exit 2', async () => {
	for (const [args, message] of refused) {
		assertRefused(await runCli(args), message, args.join(' '));
	}
});

test('should refuse multicast, reserved and broadcast hosts in one line, exit 2, for serve and the monitor', async () => {
	const hosts = [['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'broadcast']] as const;
	for (const [host, kind] of hosts) {
		assertRefused(await runCli(['serve', '--port', '0', '--host', host]), `--host ${host} is`, `serve --host ${host}`);
		assertRefused(await runCli(['--port', '0', '--host', host]), kind, `--host ${host}`);
	}
});

test('should refuse a host with a leading zero (inet_aton reads it as octal)', async () => {
	assertRefused(await runCli(['serve', '--host', '010.0.0.1']), '--host must be an IPv4 address', '--host 010.0.0.1');
});

test.run();

// ---

const hosts = suite('command line: hosts');

/** Start serve on `host` with a kernel-picked port, wait for it to listen, stop it; its whole output. */
async function serveOn(host: string): Promise<CliResult> {
	const cli = startCli(['serve', '--model', 'libuv', '--port', '0', '--host', host, '--json']);
	try {
		await waitUntil(10_000, `serve listening on ${host}`, () => cli.stdout().includes('"listening"'));
		cli.child.kill('SIGTERM');
		return await within(5000, 'serve to exit', cli.exited);
	} finally {
		cli.child.kill('SIGKILL');
	}
}

hosts('should warn in one line on stderr that 0.0.0.0 is open to anyone, and still serve', async () => {
	const result = await serveOn('0.0.0.0');
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr, 'echo-tui: warning: listening on 0.0.0.0 (every interface): the echo server is open to anyone who can reach this machine\n');
	for (const line of result.stdout.trim().split('\n')) {
		assert.type((JSON.parse(line) as {kind: unknown}).kind, 'string', 'stdout is NDJSON only');
	}
});

hosts('should not warn for a loopback address other than 127.0.0.1', async () => {
	const result = await serveOn('127.0.0.2');
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr, '');
});

hosts.run();
