// Entry point of the worker thread a model runs in: a blocking syscall here blocks this thread only.
import {parentPort, workerData} from 'node:worker_threads';
import {Control} from '../models/control.js';
import {loadModel, stepScope} from '../models/index.js';
import {Probe} from '../models/probe/probe.js';
import {SysError, gettid} from '../sys/index.js';
import {SteppedCalls} from '../sys/stepped-calls.js';
import type {ModelWorkerData, ModelWorkerMessage} from './worker-protocol.js';

const data = workerData as ModelWorkerData;
const port = parentPort!;
const post = (message: ModelWorkerMessage): void => port.postMessage(message);

const tid = gettid();
const probe = new Probe(batch => post({type: 'batch', batch}), {tid});

try {
	// Only this model's code: a switch loads one model, not all of them.
	const model = await loadModel(data.modelId);
	// Loaded: from here a stop can wake and end this thread cleanly (a thread terminated while
	// still loading its modules can abort the process inside koffi, and Node leaks the files it had open).
	post({type: 'loaded'});
	// The first event of every run; it also tells the engine which thread to measure the CPU of.
	probe.emitEssential({kind: 'model-started', model: data.modelId, host: data.host, port: data.port, backlog: data.backlog, tid});

	const control = new Control(data.shared);
	// Only after loading: a call held while the model's modules load would hold up a stop for LOAD_WAIT_MS.
	// Each step is flushed at once: the thread blocks at the gate right after, and could not flush later.
	const stepped = new SteppedCalls(control.stepGate, step => {
		probe.emitEssential({kind: 'step', ...step});
		probe.flush();
	});
	// fork and threads (the catalog says they step their accept) run on this thread's event loop:
	// only what they hand to libuv's pool steps, since holding this thread would stop its reaping
	// and relaying too.
	stepped.scope = stepScope(data.modelId) === 'accept' ? 'async-calls' : 'every-call';
	const running = model.run({
		listenFd: data.listenFd,
		controlFd: data.controlFd,
		host: data.host,
		port: data.port,
		backlog: data.backlog,
		probe,
		control,
		options: data.options,
	});
	if (running instanceof Promise) {
		stepped.scope = 'async-calls';
	}

	await running;
	stepped.close();
	probe.flush();
	post({type: 'done'});
} catch (error) {
	probe.flush();
	const {message} = error as Error;
	post(error instanceof SysError
		? {type: 'failed', message, code: error.code, syscall: error.syscall}
		: {type: 'failed', message});
}

// Nothing keeps this thread alive after the model returns: stray handles must not hold it.
port.close();
