// /proc/net/netstat (man 5 proc): the kernel's count of connections dropped because a listen queue was full.
import fs from 'node:fs';

/** The kernel's listen-queue drop counters (TcpExt), since boot. */
export type ListenDrops = {
	/** `ListenOverflows`: SYNs and handshake ACKs dropped because a listening socket's accept queue was full. */
	readonly overflows: number;
	/** `ListenDrops`: every drop at a listening socket, the overflows included. */
	readonly drops: number;
};

/**
 * The listen-drop counters of this network namespace, or undefined when /proc/net/netstat cannot
 * be read. System-wide, not per socket: every listening socket of the host counts in them, so
 * only their change over a stretch of time says something about one server, and even then
 * another server's drops may be in it.
 */
export function listenDrops(): ListenDrops | undefined {
	let text: string;
	try {
		text = fs.readFileSync('/proc/net/netstat', 'latin1');
	} catch {
		return undefined;
	}

	// Two lines per group: `TcpExt: Name Name ...` then `TcpExt: value value ...`.
	const lines = text.split('\n');
	const header = lines.findIndex(line => line.startsWith('TcpExt: '));
	if (header < 0 || !lines[header + 1]?.startsWith('TcpExt: ')) {
		return undefined;
	}

	const names = lines[header]!.split(' ');
	const values = lines[header + 1]!.split(' ');
	const value = (name: string): number => Number(values[names.indexOf(name)] ?? Number.NaN);
	const overflows = value('ListenOverflows');
	const drops = value('ListenDrops');
	return Number.isFinite(overflows) && Number.isFinite(drops) ? {overflows, drops} : undefined;
}
