// Builds the C reference echo server on first use with the system's C compiler, cached by the source's hash.
import {createHash} from 'node:crypto';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {lstat, mkdir, readFile, rename, rm} from 'node:fs/promises';
import {tmpdir, userInfo} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** Why the C reference cannot be run here, for the bench table. */
export type Unavailable = {readonly unavailable: string};

/** The compilers tried, in order: `cc` is whatever the system calls its C compiler. */
const compilers = ['cc', 'gcc'] as const;

/**
 * The candidates for the C source: beside this module (source/, or dist/ once the build has
 * copied it there), then the package's source/ seen from dist/bench/ (a dist built by plain tsc).
 */
function sourceCandidates(): string[] {
	return [
		fileURLToPath(new URL('reference-server.c', import.meta.url)),
		fileURLToPath(new URL('../../source/bench/reference-server.c', import.meta.url)),
	];
}

/** Where `reference-server.c` is, or undefined when the package lost it. */
export function referenceSourcePath(): string | undefined {
	return sourceCandidates().find(path => existsSync(path));
}

function run(file: string, args: readonly string[]): Promise<{ok: boolean; stderr: string; missing: boolean}> {
	return new Promise(resolve => {
		execFile(file, args, {timeout: 60_000}, (error, _stdout, stderr) => {
			const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
			resolve({ok: !error, stderr: String(stderr), missing});
		});
	});
}

/** Per user: another user's cache directory in /tmp must not be trusted (or fought over). */
function cacheDirectory(): string {
	return join(tmpdir(), `echo-tui-${userInfo().uid}`, 'reference-server');
}

/**
 * Creates the cache directory and checks it is ours alone: we execute what is in it, so a
 * directory planted in /tmp by someone else (or a symlink to one) must not be used.
 */
async function privateDirectory(directory: string): Promise<string | undefined> {
	await mkdir(directory, {recursive: true, mode: 0o700});
	const {uid} = userInfo();
	for (const path of [dirname(directory), directory]) {
		const stats = await lstat(path);
		if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) {
			return `cache directory ${path} is not a private directory of this user`;
		}
	}

	return undefined;
}

/**
 * The path of the built C reference server, compiling it with `cc -O2` (or `gcc`) when no
 * binary for this exact source exists yet. Concurrent callers are safe: each compiles to its
 * own name and renames into place, and rename is atomic.
 */
export async function buildReferenceServer(): Promise<string | Unavailable> {
	const source = referenceSourcePath();
	if (!source) {
		return {unavailable: 'reference-server.c not found beside the package'};
	}

	const hash = createHash('sha256').update(await readFile(source)).digest('hex').slice(0, 16);
	const directory = cacheDirectory();
	const unsafe = await privateDirectory(directory);
	if (unsafe) {
		return {unavailable: unsafe};
	}

	const binary = join(directory, `reference-server-${process.arch}-${hash}`);
	if (existsSync(binary)) {
		return binary;
	}

	const partial = `${binary}.${process.pid}.partial`;
	let failure: string | undefined;
	for (const compiler of compilers) {
		const result = await run(compiler, ['-O2', '-o', partial, source]);
		if (result.ok) {
			await rename(partial, binary);
			return binary;
		}

		await rm(partial, {force: true});
		if (!result.missing) {
			failure = `${compiler} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`;
			break;
		}
	}

	return {unavailable: failure ?? `no C compiler found (${compilers.join(', ')})`};
}

/** Whether a build result is the unavailable marker rather than a path. */
export function isUnavailable(value: string | Unavailable): value is Unavailable {
	return typeof value !== 'string';
}
