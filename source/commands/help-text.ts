// `--help` and `--version`: the help is generated from the flag table, so it lists exactly the flags the parser takes.
import fs from 'node:fs';
import {commandNames, flagsFor, isAnswerFlag, type CommandName, type FlagSpec} from './flag-table.js';
import type {CommandWord} from './parse-command-line.js';

/** What the help says about each command beside its flags. */
const commandHelp: Record<CommandName, {readonly title: string; readonly usage: string; readonly summary: string; readonly examples: readonly string[]}> = {
	monitor: {
		title: 'Monitor',
		usage: 'echo-tui [options]',
		summary: 'the monitor: servers, clients and kernel queues, live (q quits)',
		examples: ['echo-tui', 'echo-tui --model blocking --clients 10', 'echo-tui --model epoll-et --read-once --port 9000'],
	},
	serve: {
		title: 'Serve',
		usage: 'echo-tui serve --model <id> [options]',
		summary: 'one echo server, headless; each event a line on stdout',
		examples: ['echo-tui serve --model select --json', 'echo-tui serve --model fork --max-procs 8 --port 0', 'echo-tui serve --model threads --max-threads 16 --backlog 4'],
	},
	bench: {
		title: 'Bench',
		usage: 'echo-tui bench [options]',
		summary: 'every model side by side under the same load',
		examples: ['echo-tui bench --models epoll-et,libuv --clients 100 --size 64', 'echo-tui bench --mode pipelined --seconds 1 --json'],
	},
	lessons: {
		title: 'Lessons',
		usage: 'echo-tui lessons [--json]',
		summary: 'the lessons: each claim of the textbook, the model it runs',
		examples: ['echo-tui lessons'],
	},
	lesson: {
		title: 'Lesson',
		usage: 'echo-tui lesson [N|all] [--auto] [--narrate] [--check] [--json]',
		summary: 'run lesson N in the monitor, step by step (enter: next step), with what to watch and what was measured; narrated on stdout when it is not a terminal; --check: all of them, as a table of held / did not hold',
		examples: ['echo-tui lesson 1', 'echo-tui lesson 1 --auto', 'echo-tui lesson 3 --narrate', 'echo-tui lesson --check all', 'echo-tui lesson --check 9 --json'],
	},
};

/** The examples of one command, each a command line a user may type (the tests run them through the parser). */
export function examplesOf(command: CommandName): readonly string[] {
	return commandHelp[command].examples;
}

function flagLabel(flag: FlagSpec): string {
	return `--${flag.name}${flag.short ? `, -${flag.short}` : ''}${flag.value ? ` ${flag.value}` : ''}`;
}

function flagDescription(flag: FlagSpec): string {
	return flag.default === undefined ? flag.description : `${flag.description}  (default: ${flag.default})`;
}

/** Two columns: a flag or command, and what it does. */
type Rows = ReadonlyArray<readonly [string, string]>;

/** A heading and its lines; `rows` in two columns, the second aligned at `width` (default: its own widest). */
type Section = {readonly heading: string; readonly lines?: readonly string[]; readonly rows?: Rows; readonly width?: number};

function render(sections: readonly Section[]): string {
	const body = sections.map(({heading, lines = [], rows = [], width = Math.max(0, ...rows.map(([left]) => left.length))}) => {
		const all = [...lines, ...rows.map(([left, right]) => `${left.padEnd(width)}   ${right}`)];
		return [`  ${heading}`, ...all.map(line => `    ${line}`)].join('\n');
	});
	return `\n${body.join('\n\n')}\n\n`;
}

function optionRows(flags: readonly FlagSpec[]): Rows {
	return flags.map(flag => [flagLabel(flag), flagDescription(flag)] as const);
}

function readPackage(): {description: string; version: string} {
	// dist/commands/help-text.js and source/commands/help-text.ts both sit two levels below package.json.
	return JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {description: string; version: string};
}

/**
 * The help, in the style of sindresorhus's CLIs (Usage / Options / Examples): every command's
 * part, or only that of `command` (`echo-tui serve --help`).
 */
export async function helpText(command?: CommandWord): Promise<string> {
	// The model list is the registry's; loading it is the one heavy import of the help.
	const {modelIds} = await import('../models/index.js');
	const shown: readonly CommandName[] = command ? [command] : commandNames;
	const usage: Section = {heading: 'Usage', rows: shown.map(name => [`$ ${commandHelp[name].usage}`, commandHelp[name].summary] as const)};
	const options: Array<{heading: string; rows: Rows}> = command
		? [{heading: 'Options', rows: optionRows(flagsFor(command))}]
		: [
			...commandNames.map(name => ({heading: `${commandHelp[name].title} options`, rows: optionRows(flagsFor(name).filter(flag => !isAnswerFlag(flag.name)))})),
			{heading: 'Every command', rows: optionRows(flagsFor('monitor').filter(flag => isAnswerFlag(flag.name)))},
		];
	// One column for the descriptions of every option section.
	const width = Math.max(...options.flatMap(section => section.rows.map(([left]) => left.length)));
	const models: Section = {heading: 'Models', lines: [modelIds.join(', ')]};
	const examples: Section = {heading: 'Examples', lines: shown.flatMap(name => commandHelp[name].examples.map(example => `$ ${example}`))};
	return `\n  ${readPackage().description}\n${render([usage, ...options.map(section => ({...section, width})), models, examples])}`;
}

/** The version from package.json, as `--version` prints it. */
export function versionText(): string {
	return `${readPackage().version}\n`;
}
