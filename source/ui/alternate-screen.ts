// The alternate screen buffer: the monitor draws on its own screen and leaves the user's scrollback as it was.

const ENTER = '\u001b[?1049h';
const LEAVE = '\u001b[?1049l\u001b[?25h'; // Also shows the cursor, in case a crash left it hidden.

let active = false;

/** Switch to the alternate screen; every exit must call leaveAlternateScreen (an exit hook does, as a last resort). */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): void {
	if (active) {
		return;
	}

	active = true;
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
