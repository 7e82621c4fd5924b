// The engine host: a worker thread that runs the monitor's engines, so the UI thread loads no koffi and no model code.
import {parentPort, workerData, type MessagePort} from 'node:worker_threads';
import {raiseFileLimit} from '../sys/index.js';
import {Engine, type EngineEventMap} from './engine.js';
import {transferError, type HostMessage, type HostRequest, type SampleAnswer, type SampleRequest} from './engine-host-protocol.js';

/** What the host is started with (engine-host-connection.ts). */
export type EngineHostData = {
	/** Where sampleNow's requests come, answered while the asking thread waits. */
	readonly syncPort: MessagePort;
	/** Where everything the host says goes: replies, events and the answers to sampleNow, in one order. */
	readonly out: MessagePort;
	/** Bumped (and notified) after each answer to sampleNow. */
	readonly answered: Int32Array;
};

const port = parentPort!;
const {syncPort, out, answered} = workerData as EngineHostData;
const engines = new Map<number, Engine>();
const post = (message: HostMessage): void => {
	out.postMessage(message);
};

// The limit is the process's: raised here, it holds for the built-in clients' and the lessons' sockets too.
raiseFileLimit();

/** Forward what `engine` emits, in order; 'started' carries the state the other side mirrors. */
function forward(id: number, engine: Engine): void {
	const names = ['batch', 'sample', 'failed', 'stopped', 'read-once'] as const;
	for (const name of names) {
		engine.on(name, (...args: EngineEventMap[typeof name]) => {
			post({type: 'event', engine: id, name, args} as HostMessage);
		});
	}

	engine.on('started', modelId => {
		post({
			type: 'started', engine: id, modelId, address: engine.address!, readOnce: engine.isReadOnce, stepGate: engine.stepGate!.shared,
		});
	});
}

/** Do `work` and reply to `call`: done, or the error it threw. */
async function reply(call: number, work: () => Promise<void>): Promise<void> {
	try {
		await work();
		post({type: 'reply', call});
	} catch (error) {
		post({type: 'reply', call, error: transferError(error)});
	}
}

port.on('message', (request: HostRequest) => {
	if (request.type === 'create') {
		const engine = new Engine(request.options);
		engines.set(request.engine, engine);
		forward(request.engine, engine);
		return;
	}

	const engine = engines.get(request.engine)!;
	switch (request.type) {
		case 'start': {
			void reply(request.call, async () => engine.start(request.modelId, request.options));
			break;
		}

		case 'stop': {
			void reply(request.call, async () => engine.stop());
			break;
		}

		case 'read-once': {
			engine.setReadOnce(request.on);
			break;
		}

		case 'stepping': {
			engine.setStepping(request.on);
			break;
		}
	}
});

syncPort.on('message', ({id, engine}: SampleRequest) => {
	// Engine.sampleNow emits its sample, forwarded above: on the one port, it goes before this answer.
	const answer: SampleAnswer = {type: 'sample-answer', id, sampled: engines.get(engine)?.sampleNow() !== undefined};
	post(answer);
	// After the post: the waiting thread, woken, finds the answer on its port.
	Atomics.add(answered, 0, 1);
	Atomics.notify(answered, 0);
});
