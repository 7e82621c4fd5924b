// Byte counts for a person: one format for the CLI's lines and the monitor's cells.

/** `0 B`, `512 B`, `1.5 KiB`, `12 MiB`: three significant figures at most, ASCII only. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) {
		return `${Math.round(bytes)} B`;
	}

	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Resident memory as /proc gives it (KiB): `41.3 MiB`, or `?` when unknown (negative). */
export function formatResident(kb: number): string {
	return kb < 0 ? '?' : `${(kb / 1024).toFixed(1)} MiB`;
}
