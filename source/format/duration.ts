// Short durations for a person: a wait call's µs, a thread's start.

/** `850 us`, `12.3 ms`, `1.25 s`: ASCII `us`, so a terminal line stays on the fast path of width measuring. */
export function formatMicros(us: number): string {
	if (us < 1000) {
		return `${Math.round(us)} us`;
	}

	if (us < 1_000_000) {
		return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
	}

	return `${(us / 1_000_000).toFixed(2)} s`;
}
