// Every fault asked for, against one model: one server for the traffic faults in turn, one of its own for each other fault.
import {churnFault, halfCloseFault, resetFault, slowReaderFault, type FaultReport} from './faults.js';
import {fdLimitFault} from './fd-limit-fault.js';
import {signalFault} from './signal-fault.js';
import {fdMisuse, settle, stopAndCheck, warmUp} from './server-checks.js';
import {startServeUnderTest} from './serve-under-test.js';
import {limitFor, TRAFFIC_FAULTS, type FaultName, type SoakOptions, type TrafficFault} from './soak-options.js';

/** One cell of the table: a model under a fault. */
export type SoakRow = {
	readonly model: string;
	/** A fault, or `exit` for the end of the traffic faults' server. */
	readonly fault: FaultName | 'exit';
	readonly held: boolean;
	readonly numbers: string;
	readonly problems: readonly string[];
	/** The command that runs this cell alone, and the server's own command line. */
	readonly reproduce: string;
	readonly seconds: number;
};

function reproduce(model: string, fault: FaultName | 'exit', options: SoakOptions, command: string): string {
	const flags = [...options.short ? ['--short'] : [], `--models ${model}`, `--faults ${fault === 'exit' ? TRAFFIC_FAULTS[0] : fault}`];
	if (fault.startsWith('churn') || fault === 'slow-reader') {
		flags.push(`--seconds ${options.seconds}`);
	}

	if (fault === 'fd-limit') {
		flags.push(`--rounds ${options.limitRounds}`);
	}

	return `npm run soak -- ${flags.join(' ')}   (server: ${command})`;
}

async function trafficFault(fault: TrafficFault, port: number, options: SoakOptions): Promise<FaultReport> {
	switch (fault) {
		case 'churn-2': {
			return churnFault(port, 2, options);
		}

		case 'churn-20': {
			return churnFault(port, 20, options);
		}

		case 'reset': {
			return resetFault(port);
		}

		case 'half-close': {
			return halfCloseFault(port);
		}

		case 'slow-reader': {
			return slowReaderFault(port, options);
		}

		default: {
			const never: never = fault;
			throw new Error(`unknown fault ${String(never)}`);
		}
	}
}

/** Run `options.faults` against `model`, reporting each row as it is done. */
export async function soakModel(model: string, options: SoakOptions, onRow: (row: SoakRow) => void): Promise<void> {
	const row = (fault: FaultName | 'exit', started: number, report: {numbers: string; problems: readonly string[]}, command: string): void => {
		onRow({
			model, fault, held: report.problems.length === 0, numbers: report.numbers, problems: report.problems,
			reproduce: reproduce(model, fault, options, command), seconds: (performance.now() - started) / 1000,
		});
	};

	const traffic = options.faults.filter((fault): fault is TrafficFault => (TRAFFIC_FAULTS as readonly string[]).includes(fault));
	if (traffic.length > 0) {
		let started = performance.now();
		let current: TrafficFault | 'exit' = traffic[0]!;
		try {
			const server = await startServeUnderTest(model);
			try {
				const start = await warmUp(server);
				for (const fault of traffic) {
					started = performance.now();
					current = fault;
					if (!server.isAlive()) {
						row(fault, started, {numbers: '', problems: ['not run: the server had exited']}, server.command);
						continue;
					}

					const misuse = fdMisuse(server.log);
					const report = await trafficFault(fault, server.port, options);
					const settled = await settle(server, start, misuse);
					row(fault, started, {numbers: `${report.numbers}; ${settled.numbers}`, problems: [...report.problems, ...settled.problems]}, server.command);
				}

				started = performance.now();
				current = 'exit';
				row('exit', started, await stopAndCheck(server), server.command);
			} finally {
				await server.stop('SIGKILL');
			}
		} catch (error) {
			row(current, started, {numbers: '', problems: [(error as Error).message]}, 'serve');
		}
	}

	for (const fault of options.faults) {
		const started = performance.now();
		try {
			if (fault === 'fd-limit') {
				const {files, clients} = limitFor(options, model);
				const report = await fdLimitFault(model, {files, clients, rounds: options.limitRounds});
				row(fault, started, report, report.command);
			} else if (fault === 'sigterm' || fault === 'sigint' || fault === 'sighup') {
				const report = await signalFault(model, fault.toUpperCase() as NodeJS.Signals);
				row(fault, started, report, report.command);
			}
		} catch (error) {
			row(fault, started, {numbers: '', problems: [(error as Error).message]}, 'serve');
		}
	}
}
