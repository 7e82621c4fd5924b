// Makes the Node processes `echo-tui bench` starts die with it, even when it is killed outright (prctl(2) PR_SET_PDEATHSIG).

/** The variable that tells a child which pid started it: only a direct child of that pid arms itself. */
export const PARENT_PID_VARIABLE = 'ECHO_TUI_PARENT_PID';

/** The preload, always compiled (from source too): the servers under test run from dist/, as users run them. */
const PRELOAD_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/bench/die-with-parent.js' : './die-with-parent.js', import.meta.url).href;

/** The NODE_OPTIONS entry that preloads it. */
export const PRELOAD_OPTION = `--import=${PRELOAD_URL}`;

/**
 * From now on, every Node process this one starts (the `serve --json` servers, the load
 * generator) preloads `die-with-parent.js` and asks the kernel for SIGKILL when this process
 * dies: a `kill -9` of bench leaves no server listening. Through the environment, because the
 * load generator's command line is not the benchmark's to choose.
 */
export function nodeChildrenDieWithUs(): void {
	process.env[PARENT_PID_VARIABLE] = String(process.pid);
	const options = process.env.NODE_OPTIONS ?? '';
	if (!options.split(' ').includes(PRELOAD_OPTION)) {
		process.env.NODE_OPTIONS = `${options} ${PRELOAD_OPTION}`.trim();
	}
}

/**
 * Takes out of `env` (in place, and returns it) what `nodeChildrenDieWithUs` put in: for a
 * process that is not one of ours (a peer, whose Node would otherwise preload our module), and
 * for the children of ours, which have another parent.
 */
export function forgetParent(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	delete env[PARENT_PID_VARIABLE];
	const options = (env.NODE_OPTIONS ?? '').split(' ').filter(option => option !== PRELOAD_OPTION).join(' ');
	if (options) {
		env.NODE_OPTIONS = options;
	} else {
		delete env.NODE_OPTIONS;
	}

	return env;
}
