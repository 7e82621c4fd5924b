// Entry point of the worker thread a model runs in: a blocking syscall here blocks this thread only.
import {parentPort, workerData} from 'node:worker_threads';
import {Control} from '../models/control.js';
import {loadModel} from '../models/index.js';
import {Probe} from '../models/probe/probe.js';
import {SysError, gettid} from '../sys/index.js';
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

	await model.run({
		listenFd: data.listenFd,
		controlFd: data.controlFd,
		host: data.host,
		port: data.port,
		backlog: data.backlog,
		probe,
		control: new Control(data.shared),
		options: data.options,
	});
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
