// The monitor's own cost, measured in a real terminal (tmux): throughput kept with the monitor
// rendering vs headless serve, idle CPU with 10 clients, and key-press latency under load.
// Run: npm run build && node dist/bench/monitor-bench.js   (needs tmux)
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {runLoad} from '../load/run-load.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const SOCKET = `echo-tui-bench-${process.pid}`;
const TICKS_PER_SECOND = 100;

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8'});
}


async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

async function waitForScreen(pattern: RegExp | string, ms = 15_000): Promise<void> {
	const started = performance.now();
	for (;;) {
		const screen = tmux('capture-pane', '-p');
		if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) {
			return;
		}

		if (performance.now() - started > ms) {
			throw new Error(`screen never showed ${String(pattern)}`);
		}

		await sleep(20);
	}
}

/** Press a key; ms until the screen shows `marker` (screens read every 10 ms: a busier poll would load the CPU it measures). */
async function keyLatency(key: string, marker: string): Promise<number> {
	const started = performance.now();
	tmux('send-keys', key);
	for (;;) {
		if (tmux('capture-pane', '-p').includes(marker)) {
			return performance.now() - started;
		}

		if (performance.now() - started > 5000) {
			throw new Error(`no frame with ${marker} after ${key}`);
		}

		await sleep(10);
	}
}

/** CPU ticks (user + system, every thread) of a process. */
function cpuTicks(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** Start the monitor in tmux; returns its pid. */
async function startMonitor(port: number, clients: number): Promise<number> {
	tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', `exec node ${CLI} --model epoll-et --port ${port} --clients ${clients}`);
	await waitForScreen(`${clients} connected`);
	return Number(tmux('display-message', '-p', '#{pane_pid}').trim());
}

function stopMonitor(): void {
	try {
		tmux('send-keys', 'q');
		execFileSync('sleep', ['1']);
		tmux('kill-server');
	} catch {
		// Already gone.
	}
}

async function headlessThroughput(seconds: number): Promise<number> {
	const server = spawn(process.execPath, [CLI, 'serve', '--model', 'epoll-et', '--port', '0', '--json'], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	server.stdout.on('data', chunk => {
		output += String(chunk);
	});
	try {
		for (let waited = 0; !/"port":(\d+)/.test(output); waited += 20) {
			if (waited > 10_000) {
				throw new Error('serve did not start');
			}

			await sleep(20);
		}

		const port = Number(/"port":(\d+)/.exec(output)![1]);
		server.stdout.removeAllListeners('data');
		server.stdout.resume(); // Keep draining the event lines so the server never blocks on its pipe.
		const result = await runLoad({port, clients: 100, size: 64, seconds});
		return result.messagesPerSecond;
	} finally {
		server.kill('SIGTERM');
	}
}

async function main(): Promise<void> {
	const seconds = Number(process.argv[2] ?? 5);
	const headless = await headlessThroughput(seconds);

	const port = await freePort();
	let monitored: number;
	try {
		await startMonitor(port, 0);
		monitored = (await runLoad({port, clients: 100, size: 64, seconds})).messagesPerSecond;
	} finally {
		stopMonitor();
	}

	let idleCpu: number;
	try {
		const pid = await startMonitor(await freePort(), 10);
		await sleep(4000); // Past start-up: module compilation and the first collections.
		const before = cpuTicks(pid);
		await sleep(10_000);
		idleCpu = (cpuTicks(pid) - before) / TICKS_PER_SECOND / 10;
	} finally {
		stopMonitor();
	}

	const latencies: number[] = [];
	try {
		await startMonitor(await freePort(), 1000);
		tmux('send-keys', 'a');
		await sleep(3000);
		for (let index = 0; index < 20; index++) {
			latencies.push(await keyLatency('?', 'echo-tui — keys'));
			await keyLatency('Escape', 'connected');
			await sleep(150 + Math.random() * 100); // Land at a random point of the frame clock.
		}
	} finally {
		stopMonitor();
	}

	latencies.sort((a, b) => a - b);
	const figures = {
		headlessMessagesPerSecond: Math.round(headless),
		monitoredMessagesPerSecond: Math.round(monitored),
		monitoredOverHeadless: Number((monitored / headless).toFixed(3)),
		idleCpuCores10Clients: Number(idleCpu.toFixed(4)),
		keyLatencyMs1000ClientsAuto: {p50: Math.round(latencies[Math.floor(latencies.length / 2)]!), p90: Math.round(latencies[Math.floor(latencies.length * 0.9)]!), max: Math.round(latencies.at(-1)!)},
	};
	console.log(JSON.stringify(figures, null, 2));
}

await main();
