// Builds the C programs bench uses (the reference echo servers, the spawn-cost probe) on first use with the system's C compiler, cached by the source's hash.
import {createHash} from 'node:crypto';
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {lstat, mkdir, readFile, rename, rm} from 'node:fs/promises';
import {tmpdir, userInfo} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** Why a C program cannot be run here, for the bench table. */
export type Unavailable = {readonly unavailable: string};

/** The compilers tried, in order: `cc` is whatever the system calls its C compiler. */
const compilers = ['cc', 'gcc'] as const;

/** Longest a compile may take. */
const compileTimeoutMs = 60_000;

/** The variable that chooses the cache directory (say, when /tmp is mounted noexec). */
export const CACHE_DIR_VARIABLE = 'ECHO_TUI_CACHE_DIR';

/** The C programs of source/bench/, by the name of their source without `.c`. */
export type CProgram = 'reference-server' | 'reference-threads' | 'spawn-cost';

/** What each needs from the compiler besides -O2. */
const programFlags: Readonly<Record<CProgram, readonly string[]>> = {
	'reference-server': [],
	'reference-threads': ['-pthread'],
	'spawn-cost': ['-pthread'],
};

/**
 * The candidates for a C source: beside this module (source/, or dist/ once the build has
 * copied it there), then the package's source/ seen from dist/bench/ (a dist built by plain tsc).
 */
function sourceCandidates(program: CProgram): string[] {
	return [
		fileURLToPath(new URL(`${program}.c`, import.meta.url)),
		fileURLToPath(new URL(`../../source/bench/${program}.c`, import.meta.url)),
	];
}

/** Where a program's C source is, or undefined when the package lost it. */
export function sourcePath(program: CProgram): string | undefined {
	return sourceCandidates(program).find(path => existsSync(path));
}

/** Where `reference-server.c` is, or undefined when the package lost it. */
export function referenceSourcePath(): string | undefined {
	return sourcePath('reference-server');
}

type RunResult = {readonly ok: boolean; readonly stderr: string; readonly missing: boolean};

/**
 * Runs a compiler in a process group of its own, so that a stop reaches the whole of it (cc1,
 * as, ld under the driver), not the driver alone; `signal` or the timeout kill the group.
 */
async function run(file: string, args: readonly string[], signal: AbortSignal | undefined): Promise<RunResult> {
	signal?.throwIfAborted();
	const child = spawn(file, args, {detached: true, stdio: ['ignore', 'ignore', 'pipe']});
	const killGroup = (): void => {
		// Once the driver is reaped its pid, and so the group's id, may belong to someone else.
		if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
			return;
		}

		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// ESRCH: the whole group is gone already.
		}
	};

	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	const timer = setTimeout(killGroup, compileTimeoutMs);
	signal?.addEventListener('abort', killGroup, {once: true});
	try {
		return await new Promise<RunResult>(settle => {
			child.once('error', error => {
				settle({ok: false, stderr: error.message, missing: (error as NodeJS.ErrnoException).code === 'ENOENT'});
			});
			child.once('close', (code, signalName) => {
				settle({ok: code === 0, stderr: signalName ? `killed by ${signalName}` : stderr, missing: false});
			});
		});
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', killGroup);
	}
}

/**
 * `$ECHO_TUI_CACHE_DIR/<program>`, or per user in the temporary directory: another user's cache
 * directory in /tmp must not be trusted (or fought over).
 */
function cacheDirectory(program: CProgram): string {
	const base = process.env[CACHE_DIR_VARIABLE] || join(tmpdir(), `echo-tui-${userInfo().uid}`);
	return join(resolve(base), program);
}

/**
 * Creates the cache directory and checks it (and the one holding it) are ours alone: we execute
 * what is in it, so a directory planted in /tmp by someone else (or a symlink to one) must not
 * be used. The reason when it cannot be used.
 */
async function privateDirectory(directory: string): Promise<string | undefined> {
	try {
		await mkdir(directory, {recursive: true, mode: 0o700});
		const {uid} = userInfo();
		for (const path of [dirname(directory), directory]) {
			const stats = await lstat(path);
			if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) {
				return `cache directory ${path} is not a private directory of this user (${CACHE_DIR_VARIABLE} chooses another)`;
			}
		}
	} catch (error) {
		return `cannot use cache directory ${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (${CACHE_DIR_VARIABLE} chooses another)`;
	}

	return undefined;
}

/** Where the binary of `program` built from `source` is kept: named by the machine and the hash of the source and flags. */
export async function binaryPath(program: CProgram, source: string, directory = cacheDirectory(program)): Promise<string> {
	const hash = createHash('sha256').update(await readFile(source)).update(programFlags[program].join(' ')).digest('hex').slice(0, 16);
	return join(directory, `${program}-${process.arch}-${hash}`);
}

/** Where the C reference server built from `source` is kept. */
export async function referenceBinaryPath(source: string): Promise<string> {
	return binaryPath('reference-server', source);
}

/**
 * The path of a built C program, compiling it with `cc -O2` (or `gcc`) when no binary for this
 * exact source exists yet. Concurrent callers are safe: each compiles to its own name and
 * renames into place, and rename is atomic. When `signal` aborts, the compiler is killed and
 * the promise rejects.
 */
export async function buildCProgram(program: CProgram, {signal}: {readonly signal?: AbortSignal} = {}): Promise<string | Unavailable> {
	const source = sourcePath(program);
	if (!source) {
		return {unavailable: `${program}.c not found beside the package`};
	}

	const directory = cacheDirectory(program);
	const binary = await binaryPath(program, source, directory);
	const unsafe = await privateDirectory(directory);
	if (unsafe) {
		return {unavailable: unsafe};
	}

	if (existsSync(binary)) {
		return binary;
	}

	const partial = `${binary}.${process.pid}.partial`;
	let failure: string | undefined;
	for (const compiler of compilers) {
		const result = await run(compiler, ['-O2', ...programFlags[program], '-o', partial, source], signal);
		if (result.ok) {
			await rename(partial, binary);
			return binary;
		}

		await rm(partial, {force: true});
		signal?.throwIfAborted();
		if (!result.missing) {
			failure = `${compiler} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`;
			break;
		}
	}

	return {unavailable: failure ?? `no C compiler found (${compilers.join(', ')})`};
}

/** The C reference echo server, built as `buildCProgram` builds. */
export async function buildReferenceServer(options: {readonly signal?: AbortSignal} = {}): Promise<string | Unavailable> {
	return buildCProgram('reference-server', options);
}

/** Whether a build result is the unavailable marker rather than a path. */
export function isUnavailable<T>(value: T | Unavailable): value is Unavailable {
	return typeof value === 'object' && value !== null && 'unavailable' in value;
}
