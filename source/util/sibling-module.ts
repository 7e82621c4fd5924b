// Finds and starts modules next to the caller, as .ts when running from source (tests under tsx) and .js when built.
import {fileURLToPath} from 'node:url';
import {Worker, type WorkerOptions} from 'node:worker_threads';
import {childEnv} from './child-env.js';

/**
 * The URL of `name` beside the module at `callerUrl`, with the caller's own extension:
 * worker threads and child processes need a real file to start from.
 */
export function siblingModule(callerUrl: string, name: string): URL {
	const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
	return new URL(`${name}${extension}`, callerUrl);
}

/**
 * A worker thread running the module `name` beside `callerUrl`. From source, the worker
 * registers tsx itself first: `--import tsx` does not reach worker threads on Node 20.
 */
export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
	const url = siblingModule(callerUrl, name);
	// A worker gets its own copy of the environment: started from tests (uvu sets FORCE_COLOR), not the CLI, it must not warn either.
	const withEnv = {env: childEnv(), ...options};
	if (url.pathname.endsWith('.js')) {
		return new Worker(url, withEnv);
	}

	const bootstrap = `import('tsx/esm/api').then(({register}) => { register(); return import(${JSON.stringify(url.href)}); })`;
	return new Worker(bootstrap, {...withEnv, eval: true});
}

/**
 * Arguments for `node` (process.execPath) to run the module `name` beside `callerUrl` in a child
 * process. From source, the child loads tsx first, resolved from here so the cwd does not matter.
 */
export function siblingProcessArgs(callerUrl: string, name: string): string[] {
	const path = fileURLToPath(siblingModule(callerUrl, name));
	return path.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), path] : [path];
}
