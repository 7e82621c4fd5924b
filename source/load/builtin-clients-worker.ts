// The built-in clients, in a worker thread of their own: a thousand sockets never stall the monitor's rendering or keys.
import net from 'node:net';
import {parentPort} from 'node:worker_threads';
import {EchoCheck} from './echo-check.js';
import type {BuiltinClientReport, BuiltinClientState, BuiltinCommand, BuiltinReport} from './builtin-protocol.js';

const REPORT_MS = 100;
/** Automatic traffic: each client sends about this often, jittered so they do not march in step. */
const AUTO_INTERVAL_MS = 1000;
/** Connections opened at once: more would fill a small backlog before the server accepts. */
const CONNECT_BATCH = 50;

type Client = {
	readonly id: number;
	socket: net.Socket;
	state: BuiltinClientState;
	localPort: number;
	check: EchoCheck;
	sentBytes: number;
	receivedBytes: number;
	messages: number;
	/** Send times of messages in flight, oldest first, with the byte count that completes each. */
	inFlight: Array<{at: number; untilBytes: number}>;
	lastRttMs?: number;
	closeReason?: string;
	/** Closed with `x`: forgotten once its socket has closed. */
	closedByMonitor?: boolean;
};

const port = parentPort!;
const clients = new Map<number, Client>();
let target = {host: '127.0.0.1', port: 7788};
let nextId = 1;
let auto = false;
let autoTimer: NodeJS.Timeout | undefined;
let changed = true;
const connectQueue: Client[] = [];
let connecting = 0;

function open(id: number): Client {
	const socket = new net.Socket();
	const client: Client = {
		id, socket, state: 'connecting', localPort: 0, check: new EchoCheck(), sentBytes: 0, receivedBytes: 0, messages: 0, inFlight: [],
	};
	socket.setNoDelay(true);
	socket.on('connect', () => {
		connecting--;
		client.state = 'connected';
		client.localPort = socket.localPort ?? 0;
		changed = true;
		pumpConnects();
	});
	socket.on('data', data => {
		client.receivedBytes += data.length;
		client.check.received(data);
		const now = performance.now();
		while (client.inFlight[0] && client.receivedBytes >= client.inFlight[0].untilBytes) {
			client.lastRttMs = now - client.inFlight.shift()!.at;
		}

		changed = true;
	});
	socket.on('error', error => {
		client.closeReason = (error as NodeJS.ErrnoException).code ?? error.message;
	});
	socket.on('close', () => {
		if (client.state === 'connecting') {
			connecting--;
			pumpConnects();
		}

		client.state = 'closed';
		client.closeReason ??= 'server closed';
		if (client.closedByMonitor) {
			clients.delete(client.id);
		}

		changed = true;
	});
	return client;
}

function pumpConnects(): void {
	while (connecting < CONNECT_BATCH && connectQueue.length > 0) {
		const client = connectQueue.shift()!;
		connecting++;
		client.socket.connect(target.port, target.host);
	}
}

function add(count: number): void {
	for (let index = 0; index < count; index++) {
		const client = open(nextId++);
		clients.set(client.id, client);
		connectQueue.push(client);
	}

	changed = true;
	pumpConnects();
}

function message(client: Client): Buffer {
	return Buffer.from(`hello from client ${client.id}, message ${client.messages + 1}\n`);
}

function send(client: Client): void {
	if (client.state !== 'connected') {
		return;
	}

	const data = message(client);
	client.check.sent(data);
	client.sentBytes += data.length;
	client.messages++;
	client.inFlight.push({at: performance.now(), untilBytes: client.sentBytes});
	client.socket.write(data);
	changed = true;
}

function drop(count: number | 'all'): void {
	const living = [...clients.values()].reverse();
	const victims = count === 'all' ? living : living.slice(0, count);
	for (const client of victims) {
		client.socket.destroy();
		clients.delete(client.id);
		const queued = connectQueue.indexOf(client);
		if (queued >= 0) {
			connectQueue.splice(queued, 1);
		}
	}

	changed = true;
}

/**
 * Close one client the way a person's client leaves: end() sends a FIN, and the server's recv
 * returns 0 once it reads (a client still in the accept queue waits there, closed, until then).
 * The client is forgotten once its socket has closed.
 */
function close(id: number): void {
	const client = clients.get(id);
	if (!client || client.closedByMonitor) {
		return;
	}

	client.closedByMonitor = true;
	client.closeReason = 'closed by the monitor';
	const queued = connectQueue.indexOf(client);
	if (queued >= 0) {
		connectQueue.splice(queued, 1);
		clients.delete(id);
	} else if (client.state === 'connecting') {
		client.socket.destroy();
	} else {
		client.state = 'closed';
		client.socket.end();
	}

	changed = true;
}

function setAuto(on: boolean): void {
	auto = on;
	clearInterval(autoTimer);
	autoTimer = undefined;
	if (on) {
		// Every tick a random tenth of the clients send: each sends about once per AUTO_INTERVAL_MS.
		autoTimer = setInterval(() => {
			for (const client of clients.values()) {
				if (Math.random() < 0.1) {
					send(client);
				}
			}
		}, AUTO_INTERVAL_MS / 10);
	}

	changed = true;
}

function report(): void {
	if (!changed) {
		return;
	}

	changed = false;
	const reports: BuiltinClientReport[] = [];
	for (const client of clients.values()) {
		const {matched: _matched, mismatched, pending} = client.check.tally;
		reports.push({
			id: client.id, localPort: client.localPort, state: client.state, sentBytes: client.sentBytes,
			receivedBytes: client.receivedBytes, messages: client.messages, mismatchedBytes: mismatched, pendingBytes: pending,
			...(client.lastRttMs === undefined ? {} : {lastRttMs: client.lastRttMs}),
			...(client.closeReason === undefined ? {} : {closeReason: client.closeReason}),
		});
	}

	const message: BuiltinReport = {type: 'report', clients: reports, auto};
	port.postMessage(message);
}

const reportTimer = setInterval(report, REPORT_MS);

port.on('message', (command: BuiltinCommand) => {
	switch (command.type) {
		case 'target': {
			target = {host: command.host, port: command.port};
			break;
		}

		case 'add': {
			add(command.count);
			break;
		}

		case 'drop': {
			drop(command.count);
			break;
		}

		case 'reconnect': {
			const count = clients.size;
			drop('all');
			add(count);
			break;
		}

		case 'send': {
			const targets = command.id === undefined ? clients.values() : [clients.get(command.id)].filter(client => client !== undefined);
			for (const client of targets) {
				send(client);
			}

			break;
		}

		case 'close': {
			close(command.id);
			break;
		}

		case 'auto': {
			setAuto(command.on);
			break;
		}

		case 'stop': {
			drop('all');
			setAuto(false);
			clearInterval(reportTimer);
			report();
			port.close();
			break;
		}
	}
});
