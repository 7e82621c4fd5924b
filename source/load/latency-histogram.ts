// Message latencies in logarithmic buckets: constant memory, no allocation per sample.

/** Buckets per doubling: each bucket spans 2^(1/16), about 4.4 %, which bounds a percentile's error. */
const bucketsPerOctave = 16;
/** Microseconds from 1 to 2^40 (12 days): any latency a run can see. */
const bucketCount = 40 * bucketsPerOctave;

/** A latency summary in milliseconds. */
export type LatencySummary = {readonly p50: number; readonly p99: number; readonly max: number};

/** Collects latencies (in milliseconds) and answers percentiles to within one bucket. */
export class LatencyHistogram {
	private readonly counts = new Float64Array(bucketCount);
	private total = 0;
	private largest = 0;

	/** Adds one latency, in milliseconds. */
	record(milliseconds: number): void {
		const microseconds = milliseconds * 1000;
		// Below 1 µs all goes to bucket 0: the clock is read once per epoll batch, finer means nothing.
		const index = microseconds <= 1 ? 0 : Math.min(bucketCount - 1, Math.floor(Math.log2(microseconds) * bucketsPerOctave));
		this.counts[index]!++;
		this.total++;
		if (milliseconds > this.largest) {
			this.largest = milliseconds;
		}
	}

	/** Latencies recorded. */
	get count(): number {
		return this.total;
	}

	/** The latency below which `fraction` (0..1) of the samples fall: the upper edge of its bucket, capped at the max. */
	percentile(fraction: number): number {
		if (this.total === 0) {
			return 0;
		}

		const rank = Math.max(1, Math.ceil(fraction * this.total));
		let seen = 0;
		for (let index = 0; index < bucketCount; index++) {
			seen += this.counts[index]!;
			if (seen >= rank) {
				return Math.min(this.largest, 2 ** ((index + 1) / bucketsPerOctave) / 1000);
			}
		}

		return this.largest;
	}

	/** p50, p99 and max, in milliseconds. */
	summary(): LatencySummary {
		return {p50: this.percentile(0.5), p99: this.percentile(0.99), max: this.largest};
	}
}
