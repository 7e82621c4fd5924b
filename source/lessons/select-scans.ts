// Lesson: select() hands the kernel every fd on every call, so its cost grows with the idle clients; epoll_wait's does not. Then select's 1024 wall.
import {FD_SETSIZE} from '../sys/constants.js';
import {openFdCount, openFilesSoftLimit} from '../sys/proc-status.js';
import {formatMicros} from '../format/duration.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {count, times} from './evidence.js';
import {median} from '../util/median.js';
import {defineLesson} from './lesson.js';

/** How long the active client streams at each count. */
const STREAM_MS = 400;
/** Bytes the active client keeps in flight: enough that data is always waiting, so each wait returns at once. */
const IN_FLIGHT = 1 << 20;
const CHUNK = Buffer.alloc(16 * 1024, 'x');
/**
 * Most clients tried to reach the wall: each takes two fds, its own and the server's. Fds the
 * process closes after the spare ones are opened (a stopped model's, a worker's) leave holes
 * below the wall that new clients fill first.
 */
const WALL_TRIES = 128;
/** fds below the wall left free when reserving: the listening socket's neighbours, the clients before the wall. */
const WALL_MARGIN = 6;

/** One model's wait calls at one count of idle clients. */
type Measure = {readonly model: string; readonly idle: number; readonly medianUs: number; readonly scanned: number; readonly calls: number};

/** Stream from `client` for STREAM_MS, keeping IN_FLIGHT bytes unanswered. */
async function stream(lab: Lab, client: LabClient): Promise<void> {
	let sent = 0;
	const start = client.received;
	const end = performance.now() + STREAM_MS;
	while (performance.now() < end) {
		if (sent - (client.received - start) < IN_FLIGHT) {
			client.send(CHUNK);
			sent += CHUNK.length;
		} else {
			await lab.settle(1);
		}
	}
}

/** Run `model` with `idle` idle clients and one streaming, and measure its wait calls that reported the active client. */
async function measure(lab: Lab, model: string, idle: number): Promise<Measure> {
	const server: LabServer = await lab.startModel(model);
	const clients = await lab.idleClients(server, idle);
	const active = await lab.connect(server);
	const fd = await lab.require('the active client accepted', () => server.fdOf(active.address));
	const before = server.events.length;
	await stream(lab, active);
	const waits = server.eventsOf('readiness', before).filter(event => event.ready.some(ready => ready.fd === fd));
	await lab.release(clients);
	return {model, idle, medianUs: median(waits.map(event => event.durationUs)) ?? 0, scanned: median(waits.map(event => event.scanned)) ?? 0, calls: waits.length};
}

/** One streaming client among 10, 100, 500 idle ones on select and epoll-lt, then select at fd 1024. `idle`: the counts. */
export const selectScans = defineLesson({
	id: 'select-scans',
	title: 'select scans every fd',
	claim: 'select() is handed every fd on every call, so its time per call grows with the idle clients while epoll_wait\'s does not; and select cannot watch an fd past 1023.',
	models: ['select', 'epoll-lt'],
	defaults: {model: 'select', scalable: 'epoll-lt', idle: [10, 100, 500]},
	steps({model, scalable, idle: counts}) {
		const measured: Measure[][] = [];
		const line = (measure: Measure): string => `${measure.model} ${formatMicros(measure.medianUs)}/call (scanned ${measure.scanned})`;
		const stage = (idle: number) => ({
			title: `1 active client among ${count(idle, 'idle one')}`,
			watch: `readiness: ${model}'s scanned (maxfd+1) and time per call, then ${scalable}'s (scanned: the ready fds only)`,
			async run(lab: Lab) {
				const pair = [await measure(lab, model, idle), await measure(lab, scalable, idle)];
				measured.push(pair);
				const [slow, fast] = pair as [Measure, Measure];
				lab.check(`${model} scans maxfd+1, past every idle fd`, slow.calls > 0 && slow.scanned > idle,
					`${line(slow)}, ${line(fast)}, over ${count(slow.calls, 'call')} and ${count(fast.calls, 'call')}`, {[`${model}Us`]: slow.medianUs, [`${model}Scanned`]: slow.scanned, [`${scalable}Us`]: fast.medianUs, [`${scalable}Scanned`]: fast.scanned});
			},
		});

		return [
			...counts.map(idle => stage(idle)),
			{
				title: 'Compare the growth',
				watch: 'readiness: the mean time per call in the legend line, on each model',
				async run(lab: Lab) {
					const first = measured[0];
					const last = measured.at(-1);
					if (!first || !last || first === last) {
						lab.unavailable('the time per call grows with the idle clients', 'needs two counts of idle clients');
						return;
					}

					const [slowFirst, fastFirst] = first as [Measure, Measure];
					const [slowLast, fastLast] = last as [Measure, Measure];
					const slowGrowth = slowLast.medianUs - slowFirst.medianUs;
					const fastGrowth = fastLast.medianUs - fastFirst.medianUs;
					lab.check(`${model}'s time per call grows with the idle clients`, slowLast.medianUs >= 2 * slowFirst.medianUs,
						`${model}: ${formatMicros(slowFirst.medianUs)} at ${slowFirst.idle} idle, ${formatMicros(slowLast.medianUs)} at ${slowLast.idle} (${times(slowLast.medianUs / Math.max(1, slowFirst.medianUs))})`,
						{firstUs: slowFirst.medianUs, lastUs: slowLast.medianUs});
					// Noise of a shared machine is a few µs either way: the check is against select's own growth.
					lab.check(`${scalable}'s does not`, fastGrowth * 4 < slowGrowth,
						`${scalable}: ${formatMicros(fastFirst.medianUs)} at ${fastFirst.idle} idle, ${formatMicros(fastLast.medianUs)} at ${fastLast.idle}; ${model} ${formatMicros(slowLast.medianUs)} vs ${scalable} ${formatMicros(fastLast.medianUs)} at ${fastLast.idle} idle`,
						{firstUs: fastFirst.medianUs, lastUs: fastLast.medianUs});
				},
			},
			{
				title: `${model} at the FD_SETSIZE wall`,
				watch: 'event log: refused, its fd ≥ FD_SETSIZE (1024); the clients before it keep being served',
				async run(lab: Lab) {
					// Raised to the hard limit already, by whoever runs the lesson (the CLI, the monitor's engine host).
					const soft = openFilesSoftLimit();
					if (soft < FD_SETSIZE + (2 * WALL_TRIES)) {
						lab.unavailable(`${model} refuses a client at fd ${FD_SETSIZE}`, `the open-files limit is ${soft}: fd ${FD_SETSIZE} cannot be reached`);
						return;
					}

					// The spare fds fill every number below the wall but a few: the next clients' fds climb past it.
					const reserveFds = Math.max(0, FD_SETSIZE - openFdCount() - WALL_MARGIN);
					const server = await lab.startModel(model, {reserveFds});
					const clients: LabClient[] = [];
					for (let index = 0; index < WALL_TRIES && server.counters.refused === 0; index++) {
						clients.push(await lab.connect(server));
						await lab.waitFor('accepted or refused', () => server.counters.accepted + server.counters.refused > index, 2000);
					}

					const refused = server.eventsOf('refused')[0];
					const below = server.eventsOf('accepted').at(-1);
					if (!refused && below && below.fd < FD_SETSIZE) {
						lab.unavailable(`a client at fd ≥ ${FD_SETSIZE} is refused`, `the clients' fds did not reach ${FD_SETSIZE} in ${count(clients.length, 'client')} (the last got fd ${below.fd})`);
						return;
					}

					const survivor = clients.find(client => client.address === below?.peer);
					survivor?.send('still here|');
					await lab.waitFor('the earlier client echoed', () => survivor && survivor.received >= 11, 3000);
					lab.check(`a client at fd ≥ ${FD_SETSIZE} is refused`, refused !== undefined && refused.fd >= FD_SETSIZE,
						refused ? `refused fd ${refused.fd}: ${refused.reason}` : `no client refused after ${count(clients.length, 'client')}, last fd ${below?.fd ?? '?'}`, {refusedFd: refused?.fd ?? -1});
					lab.check('the clients below it are still served', (survivor?.received ?? 0) >= 11,
						below ? `fd ${below.fd} echoed ${survivor?.received ?? 0} B after the refusal` : 'no client accepted below the wall', {fd: below?.fd ?? -1});
				},
			},
		];
	},
});

