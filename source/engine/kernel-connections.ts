// Every connection the kernel holds on the server's port, accepted or not, and the clients still trying to connect (sock_diag).
import {
	ALL_TCP_STATES, SockDiag, TCP_LISTEN, TCP_SYN_SENT, TCP_TIME_WAIT, formatAddress, tcpStates, type TcpStateName,
} from '../sys/index.js';

/** One connection on the server's side, as the kernel holds it. */
export type ServerConnection = {
	readonly state: TcpStateName;
	/** The client's address, `host:port`: the `peer` of its `accepted` event once accepted. */
	readonly peer: string;
	/**
	 * Bytes received and not yet read by the server (`idiag_rqueue`): for a connection still in
	 * the accept queue, what its client has sent while it waits.
	 */
	readonly receive: number;
	/** Bytes not yet sent or not yet acknowledged (`idiag_wqueue`). */
	readonly send: number;
	/**
	 * Whether the server has accepted it. False while it waits in the accept queue (ESTABLISHED,
	 * or CLOSE-WAIT when its client gave up) or its handshake is not complete (SYN-RECV): the
	 * kernel reports inode 0 for these, as no process holds a file for them yet.
	 */
	readonly accepted: boolean;
	/** The model's fd for it, once the model has reported the client. */
	readonly fd?: number;
};

/** A client on this host that cannot even connect: its SYNs are dropped while the accept queue is full. */
export type ConnectingClient = {
	readonly state: TcpStateName;
	/** The client's own address, `host:port`. */
	readonly address: string;
};

/** The kernel's view of a server's port. */
export type KernelConnections = {
	/** Every connection on the server's side except LISTEN (the accept queue says it) and TIME-WAIT. */
	readonly server: readonly ServerConnection[];
	/** Clients in SYN-SENT, looked for only while connecting can fail: see `KernelConnectionReader.read`. */
	readonly connecting: readonly ConnectingClient[];
};

/** States in which a connection nobody holds a file for is still waiting to be accepted. */
const NOT_YET_ACCEPTED = new Set<TcpStateName>(['SYN-RECV', 'ESTABLISHED', 'CLOSE-WAIT']);
/** LISTEN is the listening socket itself; TIME-WAIT ones are connections over, thousands after a churn. */
const SERVER_STATES = ALL_TCP_STATES & ~tcpStates(TCP_LISTEN, TCP_TIME_WAIT);
const CONNECTING_STATES = tcpStates(TCP_SYN_SENT);

/** Reads the kernel's connections on one address; owns its sock_diag socket. */
export class KernelConnectionReader {
	private readonly diag = new SockDiag();
	private connecting: readonly ConnectingClient[] = [];

	constructor(
		private readonly host: string,
		private readonly port: number,
	) {}

	/**
	 * The connections now, or undefined when the kernel could not be asked. `peerFds` names the
	 * model's fd of each client it reported. Clients in SYN-SENT are looked for only when
	 * `mayBeConnecting` (the accept queue is full, or the kernel dropped SYNs lately) or some were
	 * found last time: otherwise a handshake on this host completes within the connect call, and
	 * each look walks the kernel's whole table of connections (1 ms or more) to find none.
	 */
	read(peerFds: ReadonlyMap<string, number>, mayBeConnecting: boolean): KernelConnections | undefined {
		const sockets = this.diag.tcpSockets({localPort: this.port, states: SERVER_STATES});
		if (typeof sockets === 'number') {
			return undefined;
		}

		const anyHost = this.host === '0.0.0.0';
		const server: ServerConnection[] = [];
		for (const socket of sockets) {
			if (anyHost || socket.local.host === this.host) {
				const peer = formatAddress(socket.remote);
				const fd = peerFds.get(peer);
				const accepted = socket.inode !== 0 || !NOT_YET_ACCEPTED.has(socket.state);
				const connection = {state: socket.state, peer, receive: socket.receiveQueue, send: socket.sendQueue, accepted};
				server.push(fd === undefined ? connection : {...connection, fd});
			}
		}

		if (mayBeConnecting || this.connecting.length > 0) {
			const clients = this.diag.tcpSockets({remotePort: this.port, states: CONNECTING_STATES});
			this.connecting = typeof clients === 'number'
				? []
				: clients
					.filter(socket => anyHost || socket.remote.host === this.host)
					.map(socket => ({state: socket.state, address: formatAddress(socket.local)}));
		}

		return {server, connecting: this.connecting};
	}

	/** Close the sock_diag socket. */
	close(): void {
		this.diag.close();
	}
}
