// The colour variables without the contradiction Node warns about, for this process and the processes it starts.

/**
 * Whether `env` turns colour off and also sets FORCE_COLOR. For FORCE_COLOR 1, 2, 3, true or
 * empty, Node 22+ prints "The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set"
 * on stderr the first time anything asks for the colour depth, which loading `node:util` does
 * (lib/internal/tty.js); FORCE_COLOR=0 agrees with NO_COLOR, so dropping it changes nothing.
 */
function contradicts(env: NodeJS.ProcessEnv): boolean {
	const colourOff = Boolean(env.NO_COLOR) || Boolean(env.NODE_DISABLE_COLORS);
	return colourOff && env.FORCE_COLOR !== undefined;
}

/**
 * A copy of `env` for a child process or worker: FORCE_COLOR is dropped when NO_COLOR (or
 * NODE_DISABLE_COLORS) is set, so no-colour wins, as https://no-color.org asks, and the child
 * prints nothing but its own output.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const copy = {...env};
	settleColorEnv(copy);
	return copy;
}

/**
 * The same, in place: for the program's entry, before anything loads `node:util` (a static ESM
 * import of it is linked, and the warning printed, before the importing module runs a line).
 * Children and workers started afterwards inherit the settled environment.
 */
export function settleColorEnv(env: NodeJS.ProcessEnv = process.env): void {
	if (contradicts(env)) {
		delete env.FORCE_COLOR;
	}
}
