// A test client over node:net that sends messages and checks that every echoed byte comes back intact and in order.
import net from 'node:net';

/** A connected client with everything it has received so far. */
export type EchoClient = {
	readonly socket: net.Socket;
	/** Bytes received, in order. */
	received(): Buffer;
	/** Resolves once at least `bytes` bytes have been received. */
	waitForBytes(bytes: number): Promise<Buffer>;
	/** Resolves when the connection closes (by either side). */
	readonly closed: Promise<void>;
	close(): void;
};

/** Connect to 127.0.0.1:port. */
export async function connectClient(port: number): Promise<EchoClient> {
	const socket = net.connect({port, host: '127.0.0.1'});
	const chunks: Buffer[] = [];
	let total = 0;
	const waiters: Array<{bytes: number; resolve: (data: Buffer) => void; reject: (error: Error) => void}> = [];
	const received = (): Buffer => Buffer.concat(chunks);
	let ended = false;
	socket.on('data', chunk => {
		chunks.push(chunk);
		total += chunk.length;
		for (const waiter of [...waiters]) {
			if (total >= waiter.bytes) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(received());
			}
		}
	});
	const closed = new Promise<void>(resolve => {
		socket.on('close', () => {
			ended = true;
			for (const waiter of waiters.splice(0)) {
				waiter.reject(new Error(`connection closed after ${total} of ${waiter.bytes} bytes`));
			}

			resolve();
		});
	});
	socket.on('error', () => {
		// A reset shows up as 'close'; tests assert on what was received.
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('error', reject);
	});
	return {
		socket,
		received,
		async waitForBytes(bytes) {
			if (total >= bytes) {
				return received();
			}

			if (ended) {
				throw new Error(`connection closed after ${total} of ${bytes} bytes`);
			}

			return new Promise((resolve, reject) => {
				waiters.push({bytes, resolve, reject});
			});
		},
		closed,
		close: () => socket.destroy(),
	};
}

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Messages of random sizes in [1, maxBytes] with random contents. */
export function randomMessages(random: () => number, count: number, maxBytes: number): Buffer[] {
	return Array.from({length: count}, () => {
		const message = Buffer.allocUnsafe(1 + Math.floor(random() * maxBytes));
		for (let index = 0; index < message.length; index++) {
			message[index] = Math.floor(random() * 256);
		}

		return message;
	});
}

/**
 * Send `messages` keeping up to `inFlight` unanswered, and resolve with everything received once
 * all of it has come back. The caller compares it with the concatenated messages.
 */
export async function pipelineMessages(client: EchoClient, messages: readonly Buffer[], inFlight: number): Promise<Buffer> {
	let sentBytes = 0;
	const ends: number[] = [];
	for (const message of messages) {
		ends.push(sentBytes += message.length);
	}

	for (let index = 0; index < messages.length; index++) {
		if (index >= inFlight) {
			await client.waitForBytes(ends[index - inFlight]!);
		}

		client.socket.write(messages[index]!);
	}

	return client.waitForBytes(sentBytes);
}

/** Whether a connection to 127.0.0.1:`port` is refused: nothing listens there any more. */
export async function connectionRefused(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.on('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('error', () => resolve(true));
	});
}
