// The machine a benchmark ran on, so that figures from two runs can be compared: cores, CPU, kernel, runtimes, load.
import os from 'node:os';
import type {Unavailable} from './c-reference.js';
import type {NativeSpawnCost} from './spawn-cost.js';

/** What the rows were measured on. */
export type Machine = {
	/** Logical CPUs. */
	readonly cores: number;
	/** The CPU's model name, as /proc/cpuinfo gives it. */
	readonly cpu: string;
	/** `Linux 6.8.0-45-generic` */
	readonly kernel: string;
	/** `x64`, `arm64` */
	readonly arch: string;
	/** Node's version (`v20.20.2`): the models' runtime. */
	readonly node: string;
	/** CPython's version, when the CPython peers ran. */
	readonly python?: string;
	/** The 1, 5 and 15 minute load averages when the benchmark started: others' work on a shared machine shows here. */
	readonly loadAverage: readonly [number, number, number];
	/** What fork() and pthread_create() cost in C here (spawn-cost.c), or why it could not be measured. */
	readonly cSpawnCost?: NativeSpawnCost | Unavailable;
};

/** This machine, now. */
export function describeMachine(python?: string, cSpawnCost?: NativeSpawnCost | Unavailable): Machine {
	const cpus = os.cpus();
	const [one = 0, five = 0, fifteen = 0] = os.loadavg();
	return {
		cores: cpus.length,
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		kernel: `${os.type()} ${os.release()}`,
		arch: os.arch(),
		node: process.version,
		...(python ? {python} : {}),
		loadAverage: [one, five, fifteen],
		...(cSpawnCost ? {cSpawnCost} : {}),
	};
}

/** `machine: 2 cores, AMD EPYC, Linux 6.8.0 x64, Node v20.20.2, load average 0.52 0.40 0.31 at start` */
export function formatMachine(machine: Machine): string {
	const load = machine.loadAverage.map(value => value.toFixed(2)).join(' ');
	return `machine: ${machine.cores} cores, ${machine.cpu}, ${machine.kernel} ${machine.arch}, Node ${machine.node}`
		+ `${machine.python ? `, CPython ${machine.python}` : ''}, load average ${load} at start`;
}
