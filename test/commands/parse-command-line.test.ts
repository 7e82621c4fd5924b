// The parser, in process: every flag is refused where it does not apply, defaults come from the flag table, values come in every usual form.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {DEFAULT_BACKLOG} from '../../source/engine/engine.js';
import {parseBenchOptions} from '../../source/bench/bench-options.js';
import {commandNames, flagsFor, flagTable} from '../../source/commands/flag-table.js';
import {parseCommandLine} from '../../source/commands/parse-command-line.js';
import {UsageError} from '../../source/util/usage-error.js';

/** The UsageError message parsing `argv` throws. */
function refusal(argv: readonly string[]): string {
	try {
		parseCommandLine(argv);
	} catch (error) {
		assert.instance(error, UsageError, argv.join(' '));
		return (error as UsageError).message;
	}

	assert.unreachable(`expected ${argv.join(' ')} to be refused`);
	return '';
}

/** The flags `argv` parses to for a command that runs. */
function flagsOf(argv: readonly string[]): Record<string, unknown> {
	const line = parseCommandLine(argv);
	assert.is(line.kind, 'run', argv.join(' '));
	return line.kind === 'run' ? line.flags : {};
}

const test = suite('parseCommandLine');

test('should refuse every flag of the table for the commands that do not take it, naming those that do', () => {
	for (const command of commandNames) {
		const word = command === 'monitor' ? [] : [command];
		for (const flag of flagTable.filter(row => !flagsFor(command).some(own => own.name === row.name))) {
			const message = refusal([...word, `--${flag.name}`, ...(flag.type === 'string' ? ['1'] : [])]);
			assert.match(message, `--${flag.name} is for `, `${command} --${flag.name}`);
			assert.match(message, `, not ${command === 'monitor' ? 'the monitor' : `echo-tui ${command}`}`);
		}
	}
});

test('should fill in every default from the table', () => {
	assert.equal(flagsOf(['serve']), {model: 'epoll-et', port: '7788', host: '127.0.0.1', backlog: String(DEFAULT_BACKLOG), reserveFds: '0', readOnce: false, json: false, maxProcs: '128', maxThreads: '256'});
	assert.equal(flagsOf([]), {model: 'epoll-et', port: '7788', host: '127.0.0.1', backlog: String(DEFAULT_BACKLOG), reserveFds: '0', readOnce: false, clients: '0', record: undefined});
});

test('should give bench the defaults bench-options would use on its own', () => {
	const {models, clients, size, seconds, mode, json} = flagsOf(['bench']) as {models: string; clients: string; size: string; seconds: string; mode: string; json: boolean};
	assert.equal(parseBenchOptions({models, clients, size, seconds, mode, json}), parseBenchOptions({json: false}));
});

test('should take a value as --flag value, --flag=value, -f value and -fvalue', () => {
	for (const argv of [['--port', '9000'], ['--port=9000'], ['-p', '9000'], ['-p9000']]) {
		assert.is(flagsOf(['serve', ...argv]).port, '9000', argv.join(' '));
	}
});

test('should pass a negative number on as a value, for its own check to refuse', () => {
	assert.is(flagsOf(['serve', '--port', '-1']).port, '-1');
});

test('should keep each meaning of --clients to its command', () => {
	assert.is(flagsOf(['--clients', '5']).clients, '5');
	assert.is(flagsOf(['bench', '--clients', '1,10']).clients, '1,10');
	assert.match(refusal(['serve', '--clients', '5']), '--clients is for the monitor and echo-tui bench, not echo-tui serve');
});

test('should answer --help and --version whatever else is on the line', () => {
	assert.equal(parseCommandLine(['--help']), {kind: 'help'});
	assert.equal(parseCommandLine(['serve', '--prot', '1', '-h']), {kind: 'help', command: 'serve'});
	assert.equal(parseCommandLine(['bench', '--version']), {kind: 'version'});
});

test('should stop at the first mistake, in the order typed', () => {
	assert.match(refusal(['serve', '--prot', '9000', '--jsonn']), '--prot');
	assert.match(refusal(['serve', '--jsonn', '--prot', '9000']), '--jsonn');
});

test('should treat everything after -- as arguments, which no command takes', () => {
	assert.match(refusal(['serve', '--', '--json']), 'unexpected argument "--json"');
});

test.run();

// ---

const table = suite('flag table');

table('should agree on type and short flag between the rows of one name', () => {
	for (const row of flagTable) {
		for (const other of flagTable.filter(flag => flag.name === row.name)) {
			assert.is(other.type, row.type, row.name);
			assert.is('short' in other ? other.short : undefined, 'short' in row ? row.short : undefined, row.name);
		}
	}
});

table('should give each command each name and short flag once, and a value placeholder to every value flag', () => {
	for (const command of commandNames) {
		const flags = flagsFor(command);
		assert.is(new Set(flags.map(flag => flag.name)).size, flags.length, command);
		const shorts = flags.flatMap(flag => (flag.short ? [flag.short] : []));
		assert.is(new Set(shorts).size, shorts.length, command);
		for (const flag of flags) {
			assert.is(flag.value !== undefined, flag.type === 'string', `--${flag.name}`);
		}
	}
});

table('should show the engine\'s backlog default', () => {
	assert.is(flagTable.find(flag => flag.name === 'backlog')?.default, DEFAULT_BACKLOG);
});

table.run();
