// Colours, off when NO_COLOR is set (https://no-color.org): emphasis then comes from bold and inverse only.

/** Whether colour is allowed in this environment. */
export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

const enabled = colorsEnabled();

/** The colour to pass to Ink, or undefined when colour is off. */
export function tint(color: 'cyan' | 'green' | 'yellow' | 'red' | 'magenta' | 'blue' | 'gray'): string | undefined {
	return enabled ? color : undefined;
}
