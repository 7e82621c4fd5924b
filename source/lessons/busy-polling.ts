// Lesson: a loop that never waits burns a core while nobody talks; select, waiting in the kernel, burns nothing.
import {count, times} from './evidence.js';
import {defineLesson} from './lesson.js';

/**
 * The least CPU the busy loop must show, in percent of one core. A whole core on a quiet machine;
 * on a shared one the scheduler may give it a small share, so the check is mostly the ratio.
 */
const BUSY_FLOOR_PERCENT = 10;
/** How many times select's idle CPU the busy loop must use at least. */
const BUSY_RATIO = 10;

/** nonblocking idling at a core's worth of CPU beside select idling at none. Options: the busy model, the idle one. */
export const busyPolling = defineLesson({
	id: 'busy-polling',
	title: 'Busy polling burns a core',
	claim: 'A non-blocking loop that never waits burns a whole core while no client talks, failing with EAGAIN again and again; select, waiting in the kernel, uses almost none.',
	models: ['nonblocking', 'select'],
	defaults: {model: 'nonblocking', idleModel: 'select'},
	steps({model, idleModel}) {
		let busyPercent = 0;
		return [
			{
				title: `One idle client on ${model}`,
				watch: 'model bar: the CPU near 100%; event log: cpu, with the EAGAINs of the last second',
				async run(lab) {
					const server = await lab.startModel(model);
					await lab.connect(server);
					// The loop measures its own thread each second from its first turn: every report covers spinning.
					const cpu = await lab.require('a cpu report', () => server.eventsOf('cpu')[0]);
					const received = server.counters.recvBytes;
					busyPercent = cpu.percent;
					lab.check('the loop burns CPU with nothing to do', received === 0 && cpu.percent >= BUSY_FLOOR_PERCENT,
						`its thread used ${Math.round(cpu.percent)}% of a core over a second, ${received} B received`, {percent: Math.round(cpu.percent), recvBytes: received});
					lab.check('EAGAIN after EAGAIN', cpu.eagain > 1000, `${cpu.eagain.toLocaleString('en-US')} EAGAIN in a second`, {eagainPerSecond: cpu.eagain});
				},
			},
			{
				title: `The same idle client on ${idleModel}`,
				watch: 'model bar: the CPU near 0%; readiness: no call returns while nobody talks',
				async run(lab) {
					const server = await lab.startModel(idleModel);
					await lab.connect(server);
					await lab.nextCpuReading(server); // The first covers the model's start.
					const reading = await lab.nextCpuReading(server);
					const waits = server.eventsOf('readiness').length;
					const idle = reading?.percent ?? Number.NaN;
					const ratio = busyPercent / Math.max(idle, 0.1);
					lab.check(`${idleModel} idles at almost no CPU`, reading !== undefined && ratio >= BUSY_RATIO,
						reading ? `${idle.toFixed(1)}% of a core idle, ${count(waits, 'wait')} returned; ${model} used ${times(ratio)} that` : 'no CPU reading of the model', {percent: Math.round(idle * 10) / 10, ratio: Math.round(ratio)});
				},
			},
		];
	},
});
