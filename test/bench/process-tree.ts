// What a process started and what it left behind, read from /proc: descendants by pid, and their listening sockets.
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

/** One process, told apart from a later one that reuses its pid by its start time. */
export type ProcessEntry = {
	readonly pid: number;
	readonly parent: number;
	/** Clock ticks after boot (field 22 of /proc/PID/stat). */
	readonly start: number;
	/** `Z` for a zombie: ended, holding no fd, waiting to be reaped. */
	readonly state: string;
	/** argv joined by spaces. */
	readonly command: string;
};

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined; // Gone, or not ours to read.
	}
}

/** The process `pid` as /proc shows it now, or undefined when there is none. */
export function processEntry(pid: number): ProcessEntry | undefined {
	const stat = read(`/proc/${pid}/stat`);
	if (!stat) {
		return undefined;
	}

	// The command name may hold spaces and parentheses: the fields start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const command = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
	return {pid, parent: Number(fields[1]), start: Number(fields[19]), state: fields[0]!, command};
}

function allProcesses(): ProcessEntry[] {
	return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(name => processEntry(Number(name))).filter(entry => entry !== undefined);
}

/** Every process below `root`: children, their children, and so on. */
export function descendants(root: number): ProcessEntry[] {
	const all = allProcesses();
	const found: ProcessEntry[] = [];
	let parents = new Set([root]);
	while (parents.size > 0) {
		const children = all.filter(entry => parents.has(entry.parent));
		found.push(...children);
		parents = new Set(children.map(child => child.pid));
	}

	return found;
}

/** The same process as `entry` (same pid, same start) as it is now, or undefined once it is gone. */
export function stillThere(entry: ProcessEntry): ProcessEntry | undefined {
	const now = processEntry(entry.pid);
	return now?.start === entry.start ? now : undefined;
}

/** Whether `entry` still runs: present and not a zombie. */
export function stillRunning(entry: ProcessEntry): boolean {
	const now = stillThere(entry);
	return now !== undefined && now.state !== 'Z';
}

/** Processes that were started with `NAME=value` in their environment (what they inherited). */
export function processesWithEnvironment(name: string, value: string): ProcessEntry[] {
	const wanted = `${name}=${value}`;
	return allProcesses().filter(entry => (read(`/proc/${entry.pid}/environ`) ?? '').split('\0').includes(wanted));
}

/** A TCP socket in LISTEN state, as /proc/net/tcp lists it. */
export type ListeningSocket = {readonly inode: number; readonly port: number};

function tcpTable(): string[][] {
	return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap(path => (read(path) ?? '').split('\n').slice(1).map(line => line.trim().split(/\s+/)).filter(fields => fields.length > 9));
}

/** The listening TCP sockets `pid` holds: its fds that are sockets, matched by inode. */
export function listeningSockets(pid: number): ListeningSocket[] {
	const inodes = new Set<number>();
	let fds: string[] = [];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return [];
	}

	for (const fd of fds) {
		try {
			const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (match) {
				inodes.add(Number(match[1]));
			}
		} catch {
			// Closed meanwhile.
		}
	}

	// Fields: sl local_address rem_address st ... inode (10th); st 0A is LISTEN.
	return tcpTable().filter(fields => fields[3] === '0A' && inodes.has(Number(fields[9])))
		.map(fields => ({inode: Number(fields[9]), port: Number.parseInt(fields[1]!.split(':')[1]!, 16)}));
}

/** Whether any socket still listens on `port`, or still exists with `inode`. */
export function socketRemains({inode, port}: ListeningSocket): boolean {
	return tcpTable().some(fields => Number(fields[9]) === inode || (fields[3] === '0A' && Number.parseInt(fields[1]!.split(':')[1]!, 16) === port));
}
