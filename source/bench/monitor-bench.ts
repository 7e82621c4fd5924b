// The monitor's own cost, measured in a real terminal (tmux): throughput kept with the monitor
// rendering vs headless serve (several rounds, each a headless run then a monitored one, with
// the CPU of each of the monitor's threads and of tmux meanwhile), idle CPU with 10 clients, and
// key-press latency under load.
// Run: npm run build && node dist/bench/monitor-bench.js [--seconds 3] [--rounds 3] [--throughput-only] [--cpu-prof DIR]   (needs tmux)
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {runLoad} from '../load/run-load.js';
import {median} from '../util/median.js';
import {HISTORY_LENGTH} from '../ui/store/queue-history.js';
import {TICKS_PER_SECOND, cpuTicks} from './process-stats.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const SOCKET = `echo-tui-bench-${process.pid}`;
/**
 * How long the charts remember: until the clients' connecting has scrolled off them, the screen
 * is redrawn at every sample (a moving chart is news), which is not idle.
 */
const CHART_SPAN_MS = HISTORY_LENGTH * 100;

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
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

/** Ticks of each thread of a process, by `name tid` (the main thread, the UI's, is `ui`). */
function threadTicks(pid: number): Map<string, number> {
	const ticks = new Map<string, number>();
	for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
		try {
			const name = Number(tid) === pid ? 'ui' : fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
			ticks.set(`${name} ${tid}`, cpuTicks(pid, Number(tid)));
		} catch {
			// The thread ended.
		}
	}

	return ticks;
}

/** Cores each thread used between two readings, the busiest first; threads under 1% are left out. */
function threadCores(before: Map<string, number>, after: Map<string, number>, seconds: number): Record<string, number> {
	const cores = [...after].map(([thread, ticks]) => [thread, (ticks - (before.get(thread) ?? 0)) / TICKS_PER_SECOND / seconds] as const);
	return Object.fromEntries(cores.filter(([, used]) => used >= 0.01).sort((a, b) => b[1] - a[1]).map(([thread, used]) => [thread, Number(used.toFixed(3))]));
}

/** Start the monitor in tmux; returns its pid. With `profileDir`, it writes a CPU profile there when it quits. */
async function startMonitor(port: number, clients: number, profileDir?: string): Promise<number> {
	const profile = profileDir ? `--cpu-prof --cpu-prof-dir=${profileDir} ` : '';
	tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', `exec node ${profile}${CLI} --model epoll-et --port ${port} --clients ${clients}`);
	await waitForScreen(`${clients} connected`);
	return Number(tmux('display-message', '-p', '#{pane_pid}').trim());
}

/** Quit the monitor with q and wait (up to 5 s) for it to be gone, so that its CPU profile is written; then end tmux. */
async function stopMonitor(pid?: number): Promise<void> {
	try {
		tmux('send-keys', 'q');
		for (let waited = 0; pid !== undefined && fs.existsSync(`/proc/${pid}`) && waited < 5000; waited += 50) {
			await sleep(50);
		}

		if (pid === undefined) {
			await sleep(1000);
		}

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

/** One monitored run: throughput, and the cores each of the monitor's threads and tmux's server used meanwhile. */
async function monitoredRound(seconds: number, profileDir?: string): Promise<{messagesPerSecond: number; threads: Record<string, number>; tmuxServer: number}> {
	const port = await freePort();
	let pid: number | undefined;
	try {
		pid = await startMonitor(port, 0, profileDir);
		const server = Number(tmux('display-message', '-p', '#{pid}').trim());
		// Read over the measured window only: connecting and closing 100 clients are not the steady state.
		let window: {threads: Map<string, number>; tmux: number; at: number} | undefined;
		let cost: {threads: Record<string, number>; tmuxServer: number} | undefined;
		const result = await runLoad({port, clients: 100, size: 64, seconds}, {onWindow(edge) {
			if (edge === 'open') {
				window = {threads: threadTicks(pid!), tmux: cpuTicks(server), at: performance.now()};
			} else if (window) {
				const elapsed = (performance.now() - window.at) / 1000;
				cost = {threads: threadCores(window.threads, threadTicks(pid!), elapsed), tmuxServer: Number(((cpuTicks(server) - window.tmux) / TICKS_PER_SECOND / elapsed).toFixed(3))};
			}
		}});
		return {messagesPerSecond: result.messagesPerSecond, threads: cost?.threads ?? {}, tmuxServer: cost?.tmuxServer ?? Number.NaN};
	} finally {
		await stopMonitor(pid);
	}
}

async function idleCpu(): Promise<number> {
	let pid: number | undefined;
	try {
		pid = await startMonitor(await freePort(), 10);
		// Past start-up (module compilation, the first collections) and past the charts' span: still.
		await sleep(CHART_SPAN_MS + 2000);
		const before = cpuTicks(pid);
		await sleep(10_000);
		return (cpuTicks(pid) - before) / TICKS_PER_SECOND / 10;
	} finally {
		await stopMonitor(pid);
	}
}

async function keyLatencies(): Promise<number[]> {
	const latencies: number[] = [];
	let pid: number | undefined;
	try {
		pid = await startMonitor(await freePort(), 1000);
		tmux('send-keys', 'a');
		await sleep(3000);
		for (let index = 0; index < 20; index++) {
			latencies.push(await keyLatency('?', 'echo-tui — keys'));
			await keyLatency('Escape', 'connected');
			await sleep(150 + Math.random() * 100); // Land at a random point of the frame clock.
		}
	} finally {
		await stopMonitor(pid);
	}

	return latencies.sort((a, b) => a - b);
}

function usage(message: string): never {
	process.stderr.write(`monitor-bench: ${message}\nusage: node dist/bench/monitor-bench.js [--seconds 3] [--rounds 3] [--throughput-only] [--cpu-prof DIR]\n`);
	process.exit(2);
}

function wholeNumber(text: string, flag: string, max: number): number {
	const value = Number(text);
	if (!/^\d+$/.test(text) || value < 1 || value > max) {
		usage(`--${flag} must be a whole number from 1 to ${max}, not ${text}`);
	}

	return value;
}

async function main(): Promise<void> {
	let parsed;
	try {
		parsed = parseArgs({options: {
			seconds: {type: 'string', default: '3'},
			rounds: {type: 'string', default: '3'},
			'throughput-only': {type: 'boolean', default: false},
			'cpu-prof': {type: 'string'},
		}});
	} catch (error) {
		usage((error as Error).message.split('\n')[0]!);
	}

	const seconds = wholeNumber(parsed.values.seconds, 'seconds', 60);
	const rounds = wholeNumber(parsed.values.rounds, 'rounds', 20);
	const profileDir = parsed.values['cpu-prof'] === undefined ? undefined : path.resolve(parsed.values['cpu-prof']);

	// Headless then monitored, round after round: a machine whose load drifts moves both figures of a round alike.
	const throughput = [];
	for (let round = 0; round < rounds; round++) {
		const headless = await headlessThroughput(seconds);
		const monitored = await monitoredRound(seconds, profileDir);
		throughput.push({
			headless: Math.round(headless),
			monitored: Math.round(monitored.messagesPerSecond),
			ratio: Number((monitored.messagesPerSecond / headless).toFixed(3)),
			monitorThreadCores: monitored.threads,
			tmuxServerCores: monitored.tmuxServer,
		});
	}

	const ratios = throughput.map(round => round.ratio);
	const figures: Record<string, unknown> = {
		loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
		rounds: throughput,
		monitoredOverHeadless: ratios,
		monitoredOverHeadlessMedian: median(ratios),
	};
	if (!parsed.values['throughput-only']) {
		figures.idleCpuCores10Clients = Number((await idleCpu()).toFixed(4));
		const latencies = await keyLatencies();
		figures.keyLatencyMs1000ClientsAuto = {p50: Math.round(latencies[Math.floor(latencies.length / 2)]!), p90: Math.round(latencies[Math.floor(latencies.length * 0.9)]!), max: Math.round(latencies.at(-1)!)};
	}

	console.log(JSON.stringify(figures, null, 2));
}

await main();
