// The error for a user's mistake on the command line: printed as one line, exit status 2.

/** A flag or argument the user got wrong; the CLI prints its message alone and exits 2. */
export class UsageError extends Error {
	readonly exitCode = 2;

	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
