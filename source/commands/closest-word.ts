// "Did you mean": the candidate nearest to a mistyped word, by optimal string alignment distance.

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
	// rows[i][j]: distance between the first i letters of a and the first j of b.
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			// A swap of two neighbours (`prot` for `port`) is one typo, not two.
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			}

			rows[i]![j] = best;
		}
	}

	return rows[a.length]![b.length]!;
}

/** The candidate a typo away from `word` (at most 2 edits, and fewer than half its letters), if any; the first on a tie. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
	let closest: string | undefined;
	let closestDistance = Math.min(2, Math.floor(word.length / 2));
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate);
		if (distance <= closestDistance && (closest === undefined || distance < closestDistance)) {
			closest = candidate;
			closestDistance = distance;
		}
	}

	return closest;
}
