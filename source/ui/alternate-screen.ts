// The alternate screen buffer: the monitor draws on its own screen and leaves the user's scrollback as it was.

const ENTER = '\u001b[?1049h';
const LEAVE = '\u001b[?1049l\u001b[?25h'; // Also shows the cursor, in case a crash left it hidden.

let active = false;

/** What restore-cursor writes at exit: show the cursor. */
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Ink hides the cursor through cli-cursor, whose restore-cursor then writes SHOW_CURSOR to stderr
 * at exit whatever stderr is: into `2>log` it puts a control code. LEAVE shows the cursor on the
 * terminal already, so while stderr is not one that write is dropped; every other goes through.
 */
let stderrFiltered = false;
function keepCursorCodesOffStderr(): void {
	if (process.stderr.isTTY || stderrFiltered) {
		return;
	}

	stderrFiltered = true;
	const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
	process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => chunk === SHOW_CURSOR || write(chunk, ...rest)) as typeof process.stderr.write;
}

/** Switch to the alternate screen; every exit must call leaveAlternateScreen (an exit hook does, as a last resort). */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): void {
	if (active) {
		return;
	}

	active = true;
	keepCursorCodesOffStderr();
	stream.write(ENTER);
	process.once('exit', () => leaveAlternateScreen(stream));
}

/** Back to the normal screen. Safe to call twice. */
export function leaveAlternateScreen(stream: NodeJS.WriteStream = process.stdout): void {
	if (!active) {
		return;
	}

	active = false;
	stream.write(LEAVE);
}
