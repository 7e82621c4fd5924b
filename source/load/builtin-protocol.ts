// Messages between the monitor and the worker thread that runs its built-in clients.

/** What the monitor asks of the built-in clients. */
export type BuiltinCommand =
	| {readonly type: 'target'; readonly host: string; readonly port: number}
	| {readonly type: 'add'; readonly count: number}
	| {readonly type: 'drop'; readonly count: number | 'all'}
	/** Close every client and open as many again (after a model switch). */
	| {readonly type: 'reconnect'}
	/** Every client sends a message, or only client `id`. */
	| {readonly type: 'send'; readonly id?: number}
	/** Close client `id` (a FIN to the server); it is forgotten once its socket has closed. */
	| {readonly type: 'close'; readonly id: number}
	| {readonly type: 'auto'; readonly on: boolean}
	| {readonly type: 'stop'};

/** The state of one built-in client as its owner sees it. */
export type BuiltinClientState = 'connecting' | 'connected' | 'closed';

/** One built-in client, reported to the monitor. */
export type BuiltinClientReport = {
	/** Stable number, in order of creation. */
	readonly id: number;
	/** The client's own port: the server sees it as the peer's port. */
	readonly localPort: number;
	readonly state: BuiltinClientState;
	readonly sentBytes: number;
	readonly receivedBytes: number;
	readonly messages: number;
	/** Echoed bytes that were not what was sent. */
	readonly mismatchedBytes: number;
	/** Bytes sent and not echoed yet. */
	readonly pendingBytes: number;
	/** Round trip of the last message that came back whole, in ms. */
	readonly lastRttMs?: number;
	/** Why it closed (errno name or 'server closed'). */
	readonly closeReason?: string;
};

/** What the worker reports, at most every 100 ms and only when something changed. */
export type BuiltinReport = {
	readonly type: 'report';
	readonly clients: readonly BuiltinClientReport[];
	readonly auto: boolean;
};
