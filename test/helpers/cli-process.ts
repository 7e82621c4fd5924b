// Runs the built CLI (dist/cli.js; `npm test` builds first) as a child process, the way a user does.
import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {within} from './time.js';

/** Path of the built CLI. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A finished CLI run. */
export type CliResult = {readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string};

/** A running CLI process with its output so far. */
export type CliProcess = {
	readonly child: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves when it exits. */
	readonly exited: Promise<CliResult>;
};

/** Start the CLI with these arguments, and these variables added to the environment. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
	return startCommand(process.execPath, [CLI, ...args], env);
}

/** Start any command (`prlimit ... node cli.js`, a script of the project) with its output collected, as startCli does. */
export function startCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
	const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => {
		stdout += String(chunk);
	});
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	const exited = new Promise<CliResult>(resolve => {
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	return {child, stdout: () => stdout, stderr: () => stderr, exited};
}

/** Run the CLI to its end (bounded). */
export async function runCli(args: readonly string[], ms = 10_000): Promise<CliResult> {
	const cli = startCli(args);
	try {
		return await within(ms, `echo-tui ${args.join(' ')}`, cli.exited);
	} finally {
		cli.child.kill('SIGKILL');
	}
}
