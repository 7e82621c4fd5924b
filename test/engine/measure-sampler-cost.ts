// What sampling costs the engine's thread with many idle connections: the kernel's list (sock_diag) at 4 Hz, and whole samples as the engine takes them.
// Run: node --import tsx test/engine/measure-sampler-cost.ts [connections=1000] [seconds=30]
import fs from 'node:fs';
import net from 'node:net';
import {setTimeout as delay} from 'node:timers/promises';
import {KernelConnectionReader} from '../../source/engine/kernel-connections.js';
import {ModelRun} from '../../source/engine/model-run.js';
import {KERNEL_SAMPLE_MS, QueueSampler} from '../../source/engine/queue-sampler.js';
import {DEFAULT_MODEL_OPTIONS} from '../../source/models/model.js';
import {acceptQueue, raiseFileLimit, socketQueues} from '../../source/sys/index.js';

const connections = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 30);
/** The engine's default sampling interval. */
const SAMPLE_MS = 100;

type Cost = {readonly perCallUs: number; readonly percent: number; readonly calls: number};

/** Call `work` every `ms` for the measuring time: CPU µs per call and the share of one core (user + system of the process, whose other threads are idle meanwhile). */
async function measure(ms: number, work: () => unknown): Promise<Cost> {
	let total = 0;
	let calls = 0;
	const end = performance.now() + (seconds * 1000);
	while (performance.now() < end) {
		const before = process.cpuUsage();
		work();
		const {user, system} = process.cpuUsage(before);
		total += user + system;
		calls++;
		await delay(ms);
	}

	return {perCallUs: total / calls, percent: (total / 1e6 / seconds) * 100, calls};
}

const timeWait = (): string => /tw (\d+)/.exec(fs.readFileSync('/proc/net/sockstat', 'utf8'))?.[1] ?? '?';
const format = ({perCallUs, percent, calls}: Cost): string => `${(perCallUs / 1000).toFixed(2)} ms CPU per call, ${calls} calls: ${percent.toFixed(2)}% of a core`;

raiseFileLimit();
const run = ModelRun.start('epoll-lt', {host: '127.0.0.1', port: 0, backlog: 4096, reserveFds: 0}, DEFAULT_MODEL_OPTIONS, {
	onBatch() {
		// Only the sockets matter here.
	},
	onFailed(message) {
		throw new Error(message);
	},
});
const clients: net.Socket[] = [];
for (let index = 0; index < connections; index++) {
	const socket = net.connect(run.address.port, '127.0.0.1');
	socket.on('error', () => undefined);
	clients.push(socket);
	if (index % 100 === 99) {
		await delay(50);
	}
}

await delay(1000);
const reader = new KernelConnectionReader(run.address.host, run.address.port);
const found = reader.read(new Map(), false)?.server.length;
console.log(`${connections} idle connections (${found} found on the server's side), ${timeWait()} TIME-WAIT sockets on the host, ${seconds} s each:`);
console.log(`  the kernel's list every ${KERNEL_SAMPLE_MS} ms: ${format(await measure(KERNEL_SAMPLE_MS, () => reader.read(new Map(), false)))}`);
reader.close();
const ioctls = await measure(SAMPLE_MS, () => {
	acceptQueue(run.listenFd);
	for (const fd of run.control.ownedFds()) {
		socketQueues(fd);
	}
});
console.log(`  TCP_INFO and two ioctls per connection (the samples before sock_diag) every ${SAMPLE_MS} ms: ${format(ioctls)}`);
const sampler = new QueueSampler({listenFd: run.listenFd, control: run.control, host: run.address.host, port: run.address.port});
let withList = 0;
const samples = await measure(SAMPLE_MS, () => {
	withList += sampler.sample().kernel ? 1 : 0;
});
sampler.close();
console.log(`  whole samples every ${SAMPLE_MS} ms, as the engine takes them (${withList} with the list): ${format(samples)}`);
console.log(`  (${timeWait()} TIME-WAIT sockets on the host at the end)`);
for (const socket of clients) {
	socket.destroy();
}

await run.stop();
