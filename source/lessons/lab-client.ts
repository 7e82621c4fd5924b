// A lesson's client: a node:net connection that counts what it received and knows its own address, as the server's events name it.
import net from 'node:net';

/** A connected (or connecting) client on 127.0.0.1. */
export class LabClient {
	private receivedBytes = 0;
	private connectedFlag = false;
	private closedFlag = false;
	private localPort = 0;
	/** Resolves once the handshake completes; never rejects (see `isConnected`). */
	readonly connected: Promise<void>;
	/** Resolves when the connection closes, by either side. */
	readonly closed: Promise<void>;

	constructor(readonly socket: net.Socket) {
		socket.on('data', chunk => {
			this.receivedBytes += chunk.length;
		});
		// A reset or a refused connect shows up as 'close'; lessons judge by what was received.
		socket.on('error', () => undefined);
		this.connected = new Promise(resolve => {
			socket.once('connect', () => {
				this.connectedFlag = true;
				this.localPort = socket.localPort ?? 0;
				resolve();
			});
			socket.once('close', () => resolve());
		});
		this.closed = new Promise(resolve => {
			socket.once('close', () => {
				this.closedFlag = true;
				resolve();
			});
		});
	}

	/** Start connecting to 127.0.0.1:port (or `host`). */
	static open(port: number, host = '127.0.0.1'): LabClient {
		return new LabClient(net.connect({port, host}));
	}

	/** `127.0.0.1:54321`: the `peer` the server's `accepted` event gives this client. */
	get address(): string {
		return `${this.socket.localAddress ?? '127.0.0.1'}:${this.localPort}`;
	}

	/** Whether the handshake completed. */
	get isConnected(): boolean {
		return this.connectedFlag;
	}

	/** Whether the connection has closed, by either side. */
	get isClosed(): boolean {
		return this.closedFlag;
	}

	/** Bytes received so far. */
	get received(): number {
		return this.receivedBytes;
	}

	/** Queue `data` for sending (Node buffers what the kernel cannot take yet). */
	send(data: string | Uint8Array): void {
		this.socket.write(data);
	}

	/** Send a FIN: the server's next recv returns 0. */
	end(): void {
		this.socket.end();
	}

	/** Close at once (a FIN, or a reset with unread data). */
	destroy(): void {
		this.socket.destroy();
	}
}
