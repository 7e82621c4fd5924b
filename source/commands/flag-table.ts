// Every flag of every command, in one table: the parser and the help text are both generated from it.
import {DEFAULT_MODEL_OPTIONS} from '../models/model.js';

/** The commands; `echo-tui` with no command word is the monitor. */
export const commandNames = ['monitor', 'serve', 'bench', 'lessons', 'lesson'] as const;

/** One of the commands. */
export type CommandName = (typeof commandNames)[number];

/**
 * The commands that take one argument besides their flags (`echo-tui lesson 3`), with what it is
 * for the help and the messages. Every other command refuses a word after it.
 */
export const commandArguments: Readonly<Partial<Record<CommandName, string>>> = {lesson: '[N|all]'};

/** One flag, for the commands that take it. */
export type FlagSpec = {
	/** As typed, without the dashes: kebab-case (`max-procs`). */
	readonly name: string;
	/** One letter (`m` for `-m`). */
	readonly short?: string;
	/** `string` takes a value (`--port 9000`, `--port=9000`); `boolean` is a switch and takes none. */
	readonly type: 'string' | 'boolean';
	/** What the value is, for the help (`<n>`); string flags only. */
	readonly value?: string;
	/** Used when the flag is absent, and shown in the help as `(default: x)`. */
	readonly default?: string | number;
	/** The commands that take it; every other command refuses it. */
	readonly commands: readonly CommandName[];
	/** One line for the help. */
	readonly description: string;
};

/**
 * The flags, in the order the help lists them. A flag with two meanings has one row per meaning,
 * each with its own commands (`--clients` is a count for the monitor, a list for bench). Adding a
 * flag is adding a row; cli.tsx then fails to compile until the command reads it.
 */
export const flagTable = [
	{name: 'model', short: 'm', type: 'string', value: '<id>', default: 'epoll-et', commands: ['monitor', 'serve'], description: 'Model to run, one of the Models below'},
	{name: 'port', short: 'p', type: 'string', value: '<n>', default: 7788, commands: ['monitor', 'serve'], description: 'TCP port; 0 lets the kernel pick one'},
	{name: 'host', type: 'string', value: '<ipv4>', default: '127.0.0.1', commands: ['monitor', 'serve'], description: 'IPv4 address to listen on; 0.0.0.0 opens it to the network'},
	// The engine's DEFAULT_BACKLOG, kept equal by a test: engine.ts loads every model, too much for --help.
	{name: 'backlog', type: 'string', value: '<n>', default: 128, commands: ['monitor', 'serve'], description: 'Listen backlog; the kernel caps it at net.core.somaxconn'},
	{name: 'read-once', type: 'boolean', commands: ['monitor', 'serve'], description: 'With epoll, read once per event (shows the edge-triggered stall)'},
	{name: 'reserve-fds', type: 'string', value: '<n>', default: 0, commands: ['monitor', 'serve'], description: 'Open this many spare fds first: select\'s FD_SETSIZE wall (fd 1024) comes after a few clients'},
	{name: 'clients', type: 'string', value: '<n>', default: 0, commands: ['monitor'], description: 'Built-in clients to open at start'},
	{name: 'record', type: 'string', value: '<file>', commands: ['monitor'], description: 'Record the session as an asciicast v2 file (asciinema play, agg)'},
	{name: 'json', type: 'boolean', commands: ['serve'], description: 'One event per line as JSON (NDJSON), for scripts'},
	{name: 'max-procs', type: 'string', value: '<n>', default: DEFAULT_MODEL_OPTIONS.maxProcs, commands: ['serve'], description: 'With fork, most child processes at once; others wait in the backlog'},
	{name: 'max-threads', type: 'string', value: '<n>', default: DEFAULT_MODEL_OPTIONS.maxThreads, commands: ['serve'], description: 'With threads, most client threads at once; others wait in the backlog'},
	{name: 'models', type: 'string', value: '<ids>', default: 'all', commands: ['bench'], description: 'Models to measure: all, or ids separated by commas (c-reference, c-threads: the C servers; threads brings c-threads)'},
	{name: 'clients', type: 'string', value: '<list>', default: '1,10,100', commands: ['bench'], description: 'Numbers of clients, separated by commas: one run each'},
	{name: 'size', type: 'string', value: '<list>', default: '64,1024', commands: ['bench'], description: 'Message sizes in bytes, separated by commas: one run each'},
	{name: 'seconds', type: 'string', value: '<s>', default: 3, commands: ['bench'], description: 'Measured seconds per run'},
	{name: 'warmup', type: 'string', value: '<s>', default: 1.5, commands: ['bench'], description: 'Seconds of traffic before the measured window opens, at least: time for V8 to compile the server\'s hot code'},
	{name: 'rounds', type: 'string', value: '<n>', default: 1, commands: ['bench'], description: 'Measure every case n times, the servers taking turns in each round; rows give the medians'},
	{name: 'mode', type: 'string', value: '<mode>', default: 'pingpong', commands: ['bench'], description: 'pingpong (one message in flight per client) or pipelined'},
	{name: 'rate', type: 'string', value: '<n>', commands: ['bench'], description: 'Open loop instead: n messages a second per client on schedule, latency from when each was due'},
	{name: 'peers', type: 'string', value: 'python', commands: ['bench'], description: 'Beside each model, the textbook\'s version of its loop in CPython (python3)'},
	{name: 'peer', type: 'string', value: '"<cmd {port}>"', commands: ['bench'], description: 'Also measure this echo server: bench runs the command with {port} replaced by a free port; commas separate several'},
	{name: 'json', type: 'boolean', commands: ['bench'], description: 'The rows as a JSON array, for scripts'},
	{name: 'auto', type: 'boolean', commands: ['lesson'], description: 'In the monitor, take each step after a pause to read its evidence instead of waiting for enter'},
	{name: 'narrate', type: 'boolean', commands: ['lesson'], description: 'Narrate the lesson on stdout instead of opening the monitor (so it is when stdout is not a terminal)'},
	{name: 'check', type: 'boolean', commands: ['lesson'], description: 'Run headless and print a table: each claim, whether it held here, the evidence (exit 1 if one did not)'},
	{name: 'json', type: 'boolean', commands: ['lessons', 'lesson'], description: 'As a JSON array, for scripts (each check with its measured numbers)'},
	{name: 'help', short: 'h', type: 'boolean', commands: commandNames, description: 'Show this help (after a command: that command\'s part)'},
	{name: 'version', type: 'boolean', commands: commandNames, description: 'Show the version'},
] as const satisfies readonly FlagSpec[];

/** Flags that answer instead of running the command. */
export const answerFlags = ['help', 'version'] as const;

/** `help` or `version`. */
export type AnswerFlag = (typeof answerFlags)[number];

/** Whether this flag answers instead of running the command. */
export function isAnswerFlag(name: string): name is AnswerFlag {
	return (answerFlags as readonly string[]).includes(name);
}

type Row = (typeof flagTable)[number];

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * A command's flags as the parser returns them, keyed in camelCase (`maxProcs`): a value flag is
 * its string (its default when absent, `undefined` if it has none), a switch is a boolean.
 */
export type FlagsOf<C extends CommandName> = {
	readonly [R in Row as C extends R['commands'][number] ? (R['name'] extends AnswerFlag ? never : CamelCase<R['name']>) : never]:
	R['type'] extends 'boolean' ? boolean : R extends {readonly default: string | number} ? string : string | undefined;
};

/** The rows of one command, in table order. */
export function flagsFor(command: CommandName): readonly FlagSpec[] {
	return flagTable.filter(flag => (flag.commands as readonly CommandName[]).includes(command));
}

/** `max-procs` -> `maxProcs`: the key a flag has in FlagsOf. */
export function camelCase(name: string): string {
	return name.replaceAll(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}
