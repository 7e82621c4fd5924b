// The median of a list of numbers, for figures measured many times (spawn times, wait times).

/** The middle value (the mean of the two middle ones for an even count); undefined for an empty list. */
export function median(values: readonly number[]): number | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
