// The help lists exactly the flags the parser takes, per command, with their defaults; its examples parse.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli} from '../helpers/cli-process.js';
import {answerFlags, commandNames, flagsFor, flagTable, type CommandName} from '../../source/commands/flag-table.js';
import {examplesOf} from '../../source/commands/help-text.js';
import {parseCommandLine} from '../../source/commands/parse-command-line.js';
import {parseServerFlags} from '../../source/commands/validate-flags.js';

const ANSWERS: readonly string[] = answerFlags;

/** The help's sections: heading -> the lines under it (indent removed). */
function sections(help: string): Map<string, string[]> {
	const found = new Map<string, string[]>();
	let lines: string[] = [];
	for (const line of help.split('\n')) {
		const heading = /^ {2}(\S.*)$/.exec(line);
		if (heading) {
			lines = [];
			found.set(heading[1]!, lines);
		} else if (line.startsWith('    ')) {
			lines.push(line.slice(4));
		}
	}

	return found;
}

/** The flag names an options section lists, in order. */
function listedFlags(rows: readonly string[] | undefined): string[] {
	return (rows ?? []).map(row => /^--([a-z-]+)/.exec(row)?.[1] ?? `not a flag row: ${row}`);
}

const names = (command: CommandName, answers: boolean): string[] => flagsFor(command).map(flag => flag.name).filter(name => ANSWERS.includes(name) === answers);

async function help(args: readonly string[]): Promise<string> {
	const result = await runCli(args);
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr, '');
	return result.stdout;
}

const test = suite('help');

test('should list every flag of every command under that command, and the answer flags once', async () => {
	const found = sections(await help(['--help']));
	assert.equal(listedFlags(found.get('Monitor options')), names('monitor', false));
	assert.equal(listedFlags(found.get('Serve options')), names('serve', false));
	assert.equal(listedFlags(found.get('Bench options')), names('bench', false));
	assert.equal(listedFlags(found.get('Every command')), ANSWERS);
});

test('should list only that command\'s flags after serve or bench', async () => {
	for (const command of ['serve', 'bench'] as const) {
		const text = await help([command, '--help']);
		assert.equal(listedFlags(sections(text).get('Options')), flagsFor(command).map(flag => flag.name), command);
		for (const [, name] of text.matchAll(/--([a-z][a-z-]*)/g)) {
			assert.ok(flagsFor(command).some(flag => flag.name === name), `${command} --help names --${name!}, not a ${command} flag`);
		}
	}
});

test('should name no flag the parser does not take', async () => {
	for (const [, name] of (await help(['--help'])).matchAll(/--([a-z][a-z-]*)/g)) {
		assert.ok(flagTable.some(flag => flag.name === name), `--help names --${name!}`);
	}
});

test('should show each default and short flag beside its flag', async () => {
	const text = await help(['--help']);
	for (const flag of flagTable) {
		const label = `--${flag.name}${'short' in flag ? `, -${flag.short}` : ''}`;
		const row = text.split('\n').find(line => line.startsWith(`    ${label} `) && (!('default' in flag) || line.includes(`(default: ${flag.default})`)));
		assert.ok(row, `a row for ${label}${'default' in flag ? ` with (default: ${flag.default})` : ''}`);
	}
});

test('should print the same help for -h, the version for --version', async () => {
	assert.is(await help(['-h']), await help(['--help']));
	assert.is(await help(['bench', '-h']), await help(['bench', '--help']));
	const {version} = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	assert.is(await help(['--version']), `${version}\n`);
	assert.is(await help(['serve', '--version']), `${version}\n`);
});

test('should take every flag it lists', () => {
	for (const command of commandNames) {
		const word = command === 'monitor' ? [] : [command];
		for (const flag of flagsFor(command)) {
			const line = parseCommandLine([...word, `--${flag.name}`, ...(flag.type === 'string' ? ['1'] : [])]);
			assert.is(line.kind, ANSWERS.includes(flag.name) ? flag.name : 'run', `${command} --${flag.name}`);
		}
	}
});

test('should give examples that parse and pass the checks', () => {
	for (const command of commandNames) {
		for (const example of examplesOf(command)) {
			const [program, ...argv] = example.split(' ');
			assert.is(program, 'echo-tui');
			const line = parseCommandLine(argv);
			assert.ok(line.kind === 'run' && line.command === command, example);
			if (line.kind === 'run' && (line.command === 'monitor' || line.command === 'serve')) {
				parseServerFlags(line.flags);
			}
		}
	}
});

test.run();
