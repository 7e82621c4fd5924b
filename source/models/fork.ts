// A process per client (man 2 fork, man 2 execve): the parent accepts, a child process serves each client with blocking calls.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import {close, dup3, errno, pipe, read, setNonBlocking, setPipeSize} from '../sys/index.js';
import {childEnv} from '../util/child-env.js';
import {siblingProcessArgs} from '../util/sibling-module.js';
import {hasFreeFds, runPerClient, type ClientTask} from './per-client/per-client.js';
import {RelayedClient, parseRelayLine} from './per-client/relay.js';
import type {Model, ModelContext} from './model.js';

const CHILD_ARGS = siblingProcessArgs(import.meta.url, './per-client/fork-child');

/**
 * How a child is started: node under `setpriv --pdeathsig KILL` (util-linux) where it works, so
 * the kernel kills a child whose parent thread dies, even by SIGKILL, with nothing loaded in the
 * child to ask for it (prctl(2) needs the FFI, which the child does without: it starts faster).
 * Without setpriv, a child outlives a killed server until its client leaves.
 */
function childCommand(): {file: string; args: string[]} {
	const node = [process.execPath, ...CHILD_ARGS, String(process.pid)];
	const setpriv = ['--pdeathsig', 'KILL'];
	const works = spawnSync('setpriv', [...setpriv, 'true'], {stdio: 'ignore', timeout: 2000}).status === 0;
	return works ? {file: 'setpriv', args: [...setpriv, ...node]} : {file: node[0]!, args: node.slice(1)};
}
/**
 * The environment of a child: the parent's, less NODE_EXTRA_CA_CERTS. Node 20 reads and parses
 * that certificate file as it starts (Node 24 waits for the first TLS connection), which took
 * 40-60 ms of a 75 ms start here; a child that serves one plain TCP client never makes one.
 */
function childEnvironment(): NodeJS.ProcessEnv {
	const env = childEnv();
	delete env.NODE_EXTRA_CA_CERTS;
	return env;
}

/**
 * The children's event pipe (64 KiB by default): at 40,000 echoes a second, about 100 bytes of
 * report each, it holds a quarter of a second, ten of the parent's reading ticks.
 */
const EVENT_PIPE_BYTES = 1 << 20;
/** What a spawn opens for a while (libuv's /dev/null for each ignored stdio slot, its exec-error pipe); a child then holds its client's fd number. */
const FDS_PER_SPAWN = 8;

/**
 * The textbook's fork server: accept, start a child for the client, close the parent's copy of
 * the connection, accept the next. Children report over one shared pipe; the parent reaps them.
 */
export const forkModel: Model = {
	run: async context => runFork(context),
};

async function runFork(context: ModelContext): Promise<void> {
	const {probe, control} = context;
	const command = childCommand();
	const env = childEnvironment();
	const events = pipe();
	// The parent reads the pipe every tick; meanwhile busy children must never find it full, or they
	// would wait in write() for the parent: a server slowed down by its own reporting. Best effort.
	setPipeSize(events.read, EVENT_PIPE_BYTES);
	setNonBlocking(events.read, true);
	const lines = new PipeLines(events.read);
	const devNull = fs.openSync('/dev/null', 'r');
	const children = new Map<number, RelayedClient>();

	const drain = (): void => {
		for (const line of lines.drain()) {
			const parsed = parseRelayLine(line);
			if (parsed) {
				children.get(parsed.pid)?.replay(parsed.records);
			} else {
				probe.error('read', 'EINVAL', `unreadable line on the children's event pipe: ${line.slice(0, 80)}`);
			}
		}
	};

	const start = (fd: number, peer: string): ClientTask | undefined => {
		const client = new RelayedClient(fd, probe, (ready, spawnMs) => {
			probe.emitEssential({kind: 'child-spawned', pid: ready.tid, fd, spawnMs, rssKb: ready.rssKb, children: children.size});
		});
		const child = spawn(command.file, command.args, {
			// Slots 3 and 4 are CLIENT_FD and EVENTS_FD in fork-child.ts; every other fd is close-on-exec.
			stdio: ['ignore', 'ignore', 'ignore', fd, events.write],
			env,
		});
		child.on('error', error => {
			probe.error('spawn', (error as NodeJS.ErrnoException).code ?? 'EIO', error.message);
		});
		control.disown(fd);
		const {pid} = child;
		if (pid === undefined) {
			close(fd);
			probe.refused(fd, peer, 'no child process could be started');
			return undefined;
		}

		// The parent's copy of the connection is closed (the child's is the only one now, so the
		// client sees the end when the child does), but its number stays taken until the child
		// exits: fd numbers name clients in every event and must stay unique among live ones.
		dup3(devNull, fd);
		children.set(pid, client);
		control.addChild(pid);
		probe.accepted(fd, peer, {pid});
		const ended = new Promise<void>(resolve => {
			child.on('exit', (code, signal) => {
				control.removeChild(pid); // Reaped by libuv just now.
				drain(); // Its last lines were written before it exited.
				children.delete(pid);
				probe.emitEssential({kind: 'child-exited', pid, fd, code, signal, rssKb: client.rssKb, children: children.size});
				if (!client.isClosed) {
					const how = signal ? `killed by ${signal}` : `exited with status ${code}`;
					probe.closed(fd, control.stopping ? 'server-stopped' : 'error', `child ${pid} ${how}`);
				}

				close(fd);
				resolve();
			});
		});
		return {ended, stop: () => child.kill('SIGTERM'), kill: () => child.kill('SIGKILL')};
	};

	try {
		await runPerClient(context, {unit: 'process', limit: context.options.maxProcs, start, hasRoom: () => hasFreeFds(FDS_PER_SPAWN), tick: drain});
	} finally {
		close(events.read);
		close(events.write);
		fs.closeSync(devNull);
	}
}

/** Complete lines from a non-blocking pipe, read without waiting. */
class PipeLines {
	private readonly buffer = Buffer.allocUnsafe(64 * 1024);
	private readonly decoder = new StringDecoder('utf8');
	private partial = '';

	constructor(private readonly fd: number) {}

	/** Every line written since the last call, up to the last newline. */
	drain(): string[] {
		const lines: string[] = [];
		for (;;) {
			const count = read(this.fd, this.buffer);
			if (count === -errno.EINTR) {
				continue;
			}

			if (count <= 0) {
				return lines; // EAGAIN: nothing more for now.
			}

			const parts = (this.partial + this.decoder.write(this.buffer.subarray(0, count))).split('\n');
			this.partial = parts.pop()!;
			lines.push(...parts);
		}
	}
}
