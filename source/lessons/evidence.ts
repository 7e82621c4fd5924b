// Small helpers the lessons share to read the kernel's view and word their evidence.
import type {QueueSample} from '../engine/queue-sampler.js';
import type {ServerConnection} from '../engine/kernel-connections.js';

/** `1 client`, `9 clients`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

/** The connections the kernel holds on the server's side that the server has not accepted yet. */
export function waitingConnections(sample: QueueSample | undefined): readonly ServerConnection[] {
	return sample?.kernel?.server.filter(connection => !connection.accepted) ?? [];
}

/** The accept queue as `ss -lt` shows it: `accept queue 9 of 128`, or why it could not be read. */
export function acceptQueueText(sample: QueueSample | undefined): string {
	const queue = sample?.acceptQueue;
	return queue ? `accept queue ${queue.depth} of ${queue.limit}` : 'accept queue unreadable (TCP_INFO)';
}

/** `2.4×`, `560×`: a ratio, to one decimal below 10. */
export function times(ratio: number): string {
	return `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio).toLocaleString('en-US')}×`;
}
