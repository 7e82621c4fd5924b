// Running the built `echo-tui bench` from a test: with environment variables of its own, and what it said besides progress.
import type {CliResult} from '../helpers/cli-process.js';

/** Calls `run` with `variables` set in process.env (undefined unsets), restoring them before returning: a child started inside inherits them. */
export function withEnvironment<T>(variables: Readonly<Record<string, string | undefined>>, run: () => T): T {
	const saved = Object.fromEntries(Object.keys(variables).map(name => [name, process.env[name]]));
	const apply = (values: Readonly<Record<string, string | undefined>>): void => {
		for (const [name, value] of Object.entries(values)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	};

	apply(variables);
	try {
		return run();
	} finally {
		apply(saved);
	}
}

/** Bench's stderr without its progress lines (`bench: [n/total] ...`): warnings, and how it ended. */
export function said(result: CliResult): string[] {
	return result.stderr.split('\n').filter(line => line && !line.startsWith('bench: ['));
}
