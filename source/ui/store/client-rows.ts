// The clients panel's rows and counts: accepted clients, connections waiting in the accept queue, clients still connecting.
import type {SocketSample} from '../../engine/queue-sampler.js';
import type {KernelConnections, ServerConnection} from '../../engine/kernel-connections.js';
import type {BuiltinClientReport} from '../../load/builtin-protocol.js';
import type {ServedClient} from './client-table.js';
import type {AcceptQueueDepth, ClientCounts, ClientRow, ClientRowState} from './snapshot.js';
import {isStalled} from './stall.js';

/** A client with traffic this recent counts as being served rather than idle. */
export const ACTIVE_MS = 1000;
/** Deepest connections listed in the queue panel. */
export const DEEPEST = 3;

/** What the rows are built from: the model's clients, the built-in clients' reports, the kernel's readings. */
export type ClientViewInput = {
	/** Accepted clients, lowest fd first. */
	readonly served: readonly ServedClient[];
	readonly builtin: readonly BuiltinClientReport[];
	/** Kernel queues of accepted connections (FIONREAD, SIOCOUTQ), by fd. */
	readonly sockets: ReadonlyMap<number, SocketSample>;
	/** Since when each fd's receive queue has held bytes (see stall.ts). */
	readonly queuedSince: ReadonlyMap<number, number>;
	/** Every connection on the port, from sock_diag: the only source of what waiting clients have sent. */
	readonly kernel?: KernelConnections;
	/** The accept queue read together with `kernel` when there is one. */
	readonly acceptQueue?: AcceptQueueDepth;
	readonly now: number;
	/** Rows to build at most: with thousands of clients a frame must stay cheap. */
	readonly limit: number;
};

/** The rows that fit, the counts of all, and the deepest queues. */
export type ClientView = {
	readonly rows: readonly ClientRow[];
	readonly counts: ClientCounts;
	readonly deepest: readonly ClientRow[];
	/** Bytes in the kernel receive queues: accepted connections (FIONREAD) and waiting ones (sock_diag). */
	readonly receiveQueueTotal: number;
};

/** The port of a `host:port` address. */
function portOf(address: string): number {
	return Number(address.slice(address.lastIndexOf(':') + 1));
}

/** Connections the kernel holds that the server has not accepted, split by how far their handshake got. */
function pendingConnections(kernel: KernelConnections, servedPeers: ReadonlySet<string>): {waiting: ServerConnection[]; handshaking: ServerConnection[]} {
	const waiting: ServerConnection[] = [];
	const handshaking: ServerConnection[] = [];
	for (const connection of kernel.server) {
		// A peer the model has reported is accepted, whatever an older kernel reading says.
		if (connection.accepted || servedPeers.has(connection.peer)) {
			continue;
		}

		(connection.state === 'SYN-RECV' ? handshaking : waiting).push(connection);
	}

	// In the order the clients came, as far as their ports tell (the kernel lists them by hash).
	const byPort = (a: ServerConnection, b: ServerConnection): number => portOf(a.peer) - portOf(b.peer);
	return {waiting: waiting.sort(byPort), handshaking: handshaking.sort(byPort)};
}

/** Rows for the first `limit` clients (accepted by fd, then waiting, then connecting), the counts, and the deepest queues. */
export function buildClientView({served, builtin, sockets, queuedSince, kernel, acceptQueue, now, limit}: ClientViewInput): ClientView {
	const builtinByPort = new Map<number, BuiltinClientReport>();
	for (const client of builtin) {
		if (client.localPort > 0) {
			builtinByPort.set(client.localPort, client);
		}
	}

	// Accepted connections the server holds no fd of to ask (fork: its children hold them) are
	// still in the kernel's list: their queues come from there.
	const kernelAccepted = new Map<string, ServerConnection>();
	for (const connection of kernel?.server ?? []) {
		if (connection.accepted) {
			kernelAccepted.set(connection.peer, connection);
		}
	}

	const queuesOf = (client: ServedClient): {readonly receive: number; readonly send: number} | undefined =>
		sockets.get(client.fd) ?? kernelAccepted.get(client.peer);

	const servedRow = (client: ServedClient): ClientRow => {
		const mine = builtinByPort.get(portOf(client.peer));
		const sample = queuesOf(client);
		let state: ClientRowState = now - client.lastActive < ACTIVE_MS ? 'served' : 'idle';
		if (mine?.state === 'closed') {
			state = 'closing';
		} else if (isStalled(sample?.receive, queuedSince.get(client.fd), client.lastReadAt, now)) {
			state = 'stalled';
		}

		return {
			key: client.peer, peer: client.peer, fd: client.fd, state,
			...(client.owner ? {owner: client.owner} : {}),
			...(mine ? {builtinId: mine.id} : {}),
			bytesIn: client.bytesIn, bytesOut: client.bytesOut, recvCalls: client.recvCalls, sendCalls: client.sendCalls,
			...(sample ? {receiveQueue: sample.receive, sendQueue: sample.send} : {}),
			appQueue: client.appQueue,
			mismatchedBytes: mine?.mismatchedBytes ?? 0,
			...(client.lastData === undefined ? {} : {lastData: client.lastData}),
		};
	};

	const kernelRow = (connection: ServerConnection | {readonly peer: string; readonly state: string}, state: ClientRowState): ClientRow => {
		const mine = builtinByPort.get(portOf(connection.peer));
		return {
			key: connection.peer, peer: connection.peer, state,
			...(connection.state === 'ESTABLISHED' ? {} : {tcpState: connection.state}),
			...(mine ? {builtinId: mine.id} : {}),
			bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0,
			...('receive' in connection ? {receiveQueue: connection.receive, sendQueue: connection.send} : {}),
			appQueue: 0, mismatchedBytes: mine?.mismatchedBytes ?? 0,
		};
	};

	const rows: ClientRow[] = [];
	const servedPeers = new Set<string>();
	let receiveQueueTotal = 0;
	for (const client of served) {
		servedPeers.add(client.peer);
		if (rows.length < limit) {
			rows.push(servedRow(client));
		}

		if (!sockets.has(client.fd)) {
			receiveQueueTotal += kernelAccepted.get(client.peer)?.receive ?? 0;
		}
	}

	for (const sample of sockets.values()) {
		receiveQueueTotal += sample.receive;
	}

	let waiting: number;
	let connecting: number;
	let waitingClosed = 0;
	let listedWaiting = 0;
	const pendingRows: ClientRow[] = [];
	if (kernel) {
		const pending = pendingConnections(kernel, servedPeers);
		const handshakePeers = new Set(pending.handshaking.map(connection => connection.peer));
		// A client in SYN-SENT whose server side is in SYN-RECV is one connection, seen from both ends.
		const synSent = kernel.connecting.filter(client => !handshakePeers.has(client.address));
		waiting = pending.waiting.length;
		connecting = pending.handshaking.length + synSent.length;
		listedWaiting = waiting;
		for (const connection of pending.waiting) {
			receiveQueueTotal += connection.receive;
			waitingClosed += connection.state === 'CLOSE-WAIT' ? 1 : 0;
			if (rows.length + pendingRows.length < limit) {
				pendingRows.push(kernelRow(connection, 'waiting'));
			}
		}

		for (const connection of [...pending.handshaking, ...synSent.map(client => ({peer: client.address, state: client.state}))]) {
			if (rows.length + pendingRows.length < limit) {
				pendingRows.push(kernelRow(connection, 'connecting'));
			}
		}

		// At a full accept queue the kernel drops the handshake's last ACK: the client believes
		// it is connected, and the server side holds nothing for it (ss shows it on one end only).
		if (acceptQueue && acceptQueue.depth >= acceptQueue.limit) {
			const listed = new Set([...servedPeers, ...pending.waiting.map(connection => connection.peer), ...handshakePeers, ...synSent.map(client => client.address)]);
			for (const client of builtin) {
				const address = `127.0.0.1:${client.localPort}`;
				if (client.state === 'connected' && !listed.has(address)) {
					connecting++;
					if (rows.length + pendingRows.length < limit) {
						pendingRows.push({...kernelRow({peer: address, state: 'ESTABLISHED'}, 'connecting'), note: 'ACK dropped, no socket'});
					}
				}
			}
		}
	} else {
		// No kernel list: the built-in clients that connected and were not accepted are known to wait.
		connecting = 0;
		for (const client of builtin) {
			if (client.state === 'connecting') {
				connecting++;
			} else if (client.state === 'connected' && !servedPeers.has(`127.0.0.1:${client.localPort}`)) {
				listedWaiting++;
				if (rows.length + pendingRows.length < limit) {
					pendingRows.push(kernelRow({peer: `127.0.0.1:${client.localPort}`, state: 'ESTABLISHED'}, 'waiting'));
				}
			}
		}

		waiting = acceptQueue?.depth ?? listedWaiting;
	}

	rows.push(...pendingRows);
	const accepted = served.length;
	const counts: ClientCounts = {
		connected: accepted + waiting, accepted, waiting, connecting, waitingClosed, unlisted: Math.max(0, waiting - listedWaiting),
	};
	return {rows, counts, deepest: deepestRows(served, sockets, servedRow, pendingRows), receiveQueueTotal};
}

/** The DEEPEST connections by bytes queued (kernel and application), rows built for those alone. */
function deepestRows(served: readonly ServedClient[], sockets: ReadonlyMap<number, SocketSample>, row: (client: ServedClient) => ClientRow, waiting: readonly ClientRow[]): ClientRow[] {
	const depth = (client: ServedClient): number => {
		const sample = sockets.get(client.fd);
		return (sample ? sample.receive + sample.send : 0) + client.appQueue;
	};

	const top: Array<{depth: number; row: () => ClientRow}> = [];
	const consider = (value: number, make: () => ClientRow): void => {
		if (value <= 0 || (top.length === DEEPEST && value <= top.at(-1)!.depth)) {
			return;
		}

		top.push({depth: value, row: make});
		top.sort((a, b) => b.depth - a.depth);
		top.length = Math.min(top.length, DEEPEST);
	};

	for (const client of served) {
		consider(depth(client), () => row(client));
	}

	for (const waitingRow of waiting) {
		consider((waitingRow.receiveQueue ?? 0) + (waitingRow.sendQueue ?? 0), () => waitingRow);
	}

	return top.map(entry => entry.row());
}
