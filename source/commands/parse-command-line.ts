// Splits the command line into a command and its flags, strictly: every word must mean something to that command.
import {parseArgs} from 'node:util';
import {UsageError} from '../util/usage-error.js';
import {closestWord} from './closest-word.js';
import {camelCase, commandArguments, commandNames, flagTable, flagsFor, isAnswerFlag, type CommandName, type FlagSpec, type FlagsOf} from './flag-table.js';

/** A command typed as a word (the monitor has none). */
export type CommandWord = Exclude<CommandName, 'monitor'>;

/** What the command line asks for. */
export type CommandLine =
	/** The help: the whole of it, or one command's part when a command word was typed. */
	| {readonly kind: 'help'; readonly command?: CommandWord}
	| {readonly kind: 'version'}
	| {[C in CommandName]: {
		readonly kind: 'run';
		readonly command: C;
		readonly flags: FlagsOf<C>;
		/** The word after the command, for a command that takes one (`commandArguments`). */
		readonly argument?: string;
	}}[CommandName];

const commandWords = commandNames.filter((name): name is CommandWord => name !== 'monitor');

// Every flag of every command, so a flag meant for another command still takes its value with it and
// the error names that flag, not its value.
const parserOptions = Object.fromEntries(flagTable.map(flag => [flag.name, {type: flag.type, ...('short' in flag ? {short: flag.short} : {})}]));

/** How a command is named in messages. */
function commandTitle(command: CommandName): string {
	return command === 'monitor' ? 'the monitor' : `echo-tui ${command}`;
}

/** `the monitor and echo-tui bench`. */
function titles(commands: readonly CommandName[]): string {
	const named = commands.map(command => commandTitle(command));
	return named.length < 2 ? named.join('') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
}

function splitCommand(argv: readonly string[]): {command: CommandName; args: readonly string[]} {
	const [first, ...rest] = argv;
	if (first === undefined || first.startsWith('-')) {
		return {command: 'monitor', args: argv};
	}

	const word = commandWords.find(name => name === first);
	if (word) {
		return {command: word, args: rest};
	}

	if (first === 'monitor') {
		throw new UsageError('the monitor is echo-tui with no command word: echo-tui [options]');
	}

	const guess = closestWord(first, commandWords);
	throw new UsageError(`unknown command "${first}"${guess ? `; did you mean ${guess}?` : `; commands: ${commandWords.join(', ')}, or none for the monitor`}`);
}

/** The commands that take a flag of this name, in command order. */
function ownersOf(name: string): CommandName[] {
	return commandNames.filter(command => flagsFor(command).some(flag => flag.name === name));
}

function unknownFlag(rawName: string, name: string, command: CommandName): UsageError {
	// parseArgs has already turned a known short flag (`-p`) into its long name.
	const owners = ownersOf(name);
	if (owners.length > 0) {
		const shown = rawName === `--${name}` ? rawName : `${rawName} (--${name})`;
		return new UsageError(`${shown} is for ${titles(owners)}, not ${commandTitle(command)}`);
	}

	const help = command === 'monitor' ? 'echo-tui --help' : `echo-tui ${command} --help`;
	if (!rawName.startsWith('--')) {
		return new UsageError(`unknown flag ${rawName}; the flags are in ${help}`);
	}

	// Node's parseArgs (20) has no negated switches; a switch is off unless given.
	const negated = flagsFor(command).find(flag => flag.type === 'boolean' && `no-${flag.name}` === name);
	if (negated) {
		return new UsageError(`unknown flag ${rawName}; --${negated.name} is off unless given, so leave it out`);
	}

	const guess = closestWord(name, flagsFor(command).map(flag => flag.name));
	if (guess) {
		return new UsageError(`unknown flag ${rawName}; did you mean --${guess}?`);
	}

	const other = closestWord(name, flagTable.map(flag => flag.name));
	return new UsageError(`unknown flag ${rawName}; ${other ? `did you mean --${other} (for ${titles(ownersOf(other))})?` : `the flags are in ${help}`}`);
}

/** A value that is another flag: `--host --json` forgot the host. A negative number is a value (and refused later by its check). */
function looksLikeFlag(value: string): boolean {
	return /^-[^\d]/.test(value);
}

/** One flag's value, checked against its row. */
function flagValue(spec: FlagSpec, shown: string, token: {value?: string; inlineValue?: boolean}): string | true {
	if (spec.type === 'boolean') {
		if (token.value !== undefined) {
			throw new UsageError(`${shown} is a switch and takes no value: write ${shown}, not ${shown}=${token.value}`);
		}

		return true;
	}

	if (token.value === undefined || (!token.inlineValue && looksLikeFlag(token.value))) {
		throw new UsageError(`${shown} needs a value${token.value === undefined ? '' : `, not the flag ${token.value}`}`);
	}

	return token.value;
}

/**
 * The command and its flags from `process.argv.slice(2)`. Throws a UsageError (one line, exit 2)
 * for an unknown command or flag, a flag of another command, a flag given twice, a switch with a
 * value, a value flag without one, or a word left over. `--help` and `--version` win over the rest.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
	const {command, args} = splitCommand(argv);
	const {tokens} = parseArgs({args: [...args], options: parserOptions, strict: false, allowPositionals: true, tokens: true});
	const own = flagsFor(command).filter(flag => !isAnswerFlag(flag.name));
	const asked = new Set(tokens.flatMap(token => (token.kind === 'option' ? [token.name] : [])));
	// Asking for help with a typo on the line is still asking for help.
	if (asked.has('help')) {
		return command === 'monitor' ? {kind: 'help'} : {kind: 'help', command};
	}

	if (asked.has('version')) {
		return {kind: 'version'};
	}

	const flags: Record<string, string | boolean | undefined> = {};
	let argument: string | undefined;
	for (const token of tokens) {
		if (token.kind === 'positional' && argument === undefined && commandArguments[command] !== undefined) {
			argument = token.value;
		} else if (token.kind === 'positional') {
			const hint = commandWords.find(word => word === token.value) ? `; the command goes first: echo-tui ${token.value} [options]` : '';
			throw new UsageError(`unexpected argument "${token.value}"${hint}`);
		}

		if (token.kind === 'option') {
			const spec = own.find(flag => flag.name === token.name);
			if (!spec) {
				throw unknownFlag(token.rawName, token.name, command);
			}

			const shown = token.rawName === `--${spec.name}` ? token.rawName : `${token.rawName} (--${spec.name})`;
			const key = camelCase(spec.name);
			if (key in flags) {
				throw new UsageError(`--${spec.name} is given twice`);
			}

			flags[key] = flagValue(spec, shown, token);
		}
	}

	for (const spec of own) {
		flags[camelCase(spec.name)] ??= spec.type === 'boolean' ? false : spec.default === undefined ? undefined : String(spec.default);
	}

	// Built from the command's rows of the same table FlagsOf is computed from.
	return {kind: 'run', command, flags, ...(argument === undefined ? {} : {argument})} as CommandLine;
}
