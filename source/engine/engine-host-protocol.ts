// What the monitor's thread and the engine host (engine-host.ts) say to each other, and how an error crosses between them intact.
import {SysError} from '../sys/errors.js';
import type {ModelOptions} from '../models/model.js';
import {ModelUnavailableError, UnknownModelError, type EngineEventMap, type EngineOptions} from './engine-api.js';

/** Requests on the host's port. Those with a `call` get one `reply`. */
export type HostRequest =
	| {readonly type: 'create'; readonly engine: number; readonly options: EngineOptions}
	| {readonly type: 'start'; readonly engine: number; readonly call: number; readonly modelId: string; readonly options: Partial<ModelOptions>}
	| {readonly type: 'stop'; readonly engine: number; readonly call: number}
	| {readonly type: 'read-once'; readonly engine: number; readonly on: boolean}
	| {readonly type: 'stepping'; readonly engine: number; readonly on: boolean};

/** An engine event, forwarded as it was emitted ('started' comes as its own message, with the state it brings). */
export type ForwardedEvent = {[K in Exclude<keyof EngineEventMap, 'started'>]: {readonly name: K; readonly args: EngineEventMap[K]}}[Exclude<keyof EngineEventMap, 'started'>];

/** What the host posts back on its one outgoing port, in the order its engines did it. */
export type HostMessage =
	| {readonly type: 'reply'; readonly call: number; readonly error?: TransferredError}
	| SampleAnswer
	| ({readonly type: 'event'; readonly engine: number} & ForwardedEvent)
	| {
		readonly type: 'started'; readonly engine: number; readonly modelId: string;
		readonly address: {readonly host: string; readonly port: number}; readonly readOnce: boolean;
		/** The run's step gate: the monitor's thread holds a view of it and steps without a round trip. */
		readonly stepGate: SharedArrayBuffer;
	};

/** What the host says of one engine: its events, and 'started'. */
export type EngineMessage = Exclude<HostMessage, {type: 'reply' | 'sample-answer'}>;

/**
 * A sample asked for synchronously (sampleNow), on the sync port, and its answer: whether one was
 * taken. The sample itself is the engine's 'sample' event, posted just before the answer on the
 * same port: the asking thread handles everything posted before the answer, that event last.
 */
export type SampleRequest = {readonly id: number; readonly engine: number};
export type SampleAnswer = {readonly type: 'sample-answer'; readonly id: number; readonly sampled: boolean};

/** An error as it crosses threads: its class by name, its message and its own fields (code, errno, modelId...). */
export type TransferredError = {readonly name: string; readonly message: string; readonly fields: Readonly<Record<string, unknown>>};

/** The errors callers tell apart (start-errors.ts, the lessons), rebuilt as instances of their classes. */
const errorClasses: Readonly<Record<string, {prototype: Error}>> = {
	SysError, UnknownModelError, ModelUnavailableError,
};

export function transferError(error: unknown): TransferredError {
	if (!(error instanceof Error)) {
		return {name: 'Error', message: String(error), fields: {}};
	}

	// Structured clone keeps an Error's message but drops its class and fields: send them as data.
	return {name: error.name, message: error.message, fields: {...error}};
}

/** The error again, on this side: `instanceof` and its fields hold as they did where it was thrown. */
export function reviveError({name, message, fields}: TransferredError): Error {
	const revived = Object.create((errorClasses[name] ?? Error).prototype) as Error;
	Object.assign(revived, fields, {name, message});
	Error.captureStackTrace(revived, reviveError);
	return revived;
}
