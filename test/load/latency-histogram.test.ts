import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {LatencyHistogram} from '../../source/load/latency-histogram.js';

const histogram = suite('latency histogram');

histogram('should answer zeros when empty', () => {
	assert.equal(new LatencyHistogram().summary(), {p50: 0, p99: 0, max: 0});
});

histogram('should place percentiles within one bucket (4.4 %) of the true value', () => {
	const latencies = new LatencyHistogram();
	for (let index = 1; index <= 1000; index++) {
		latencies.record(index / 100); // 0.01 ms .. 10 ms
	}

	const {p50, p99, max} = latencies.summary();
	assert.ok(p50 >= 5 && p50 <= 5 * 1.045, `p50 ${p50}`);
	assert.ok(p99 >= 9.9 && p99 <= 10, `p99 ${p99}`);
	assert.is(max, 10);
	assert.is(latencies.count, 1000);
});

histogram('should never report a percentile above the max', () => {
	const latencies = new LatencyHistogram();
	latencies.record(0.7);
	assert.is(latencies.percentile(0.5), 0.7);
	assert.is(latencies.percentile(1), 0.7);
});

histogram.run();
