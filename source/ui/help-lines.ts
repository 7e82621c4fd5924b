// The help's text: every key, every column and notation of the screen, every model; wrapped to a width so it can scroll.
import {keymap} from './keymap.js';
import {models} from '../models/index.js';
import {STALL_MS} from './store/stall.js';
import {wrapText} from './wrap-text.js';

/** The help's first line, always on screen. */
export const HELP_TITLE = 'echo-tui — keys, columns and notation';

/** One line of the help, and how it is drawn. */
export type HelpLine = {readonly text: string; readonly style: 'heading' | 'term' | 'plain'};

/** Width of a term column (a key, a column name) before its explanation. */
const TERM = 11;

/** What each column and notation on the screen means. */
const LEGEND: ReadonlyArray<readonly [heading: string, terms: ReadonlyArray<readonly [term: string, meaning: string]>]> = [
	['clients', [
		['peer', 'the client\'s address as the server sees it (while connecting: the client\'s own)'],
		['fd', 'the server\'s file descriptor for the connection, once accepted'],
		['owner', 'the thread (tid) or process (pid) serving it'],
		['state', 'connecting: handshake not complete (the client in SYN-SENT, or the server in SYN-RECV)'],
		['', 'waiting: in the accept queue, not accepted yet (CLOSE-WAIT: it left: its client closed meanwhile, accept() returns it all the same)'],
		['', 'at a full accept queue: SYN-SENT: no SYN-ACK (the kernel ignores its SYNs); SYN-RECV: ACK dropped (the server side waits for the handshake\'s last ACK, which the kernel dropped); ACK dropped, no socket: the client believes it is connected, the server side has nothing'],
		['', 'served: bytes moved in the last second; idle: none; closing: its client closed, the server has not noticed yet'],
		['', `stalled: bytes in its kernel receive queue and no read for ${STALL_MS / 1000} s (highlighted, as is its recv-q)`],
		['in / out', 'bytes the server received from it / sent to it'],
		['recv/send', 'recv() and send() calls the server made for it'],
		['recv-q', 'kernel receive queue: bytes received, not yet read by the server (FIONREAD; sock_diag for waiting ones)'],
		['send-q', 'kernel send queue: bytes not yet sent or not yet acknowledged (SIOCOUTQ)'],
		['app-q', 'bytes the server application holds: received, not yet echoed'],
		['last data', 'the last bytes received, escaped (\\e is ESC, \\n newline, \\xNN any other byte)'],
		['header', 'N connected = accepted + waiting; dropped: connections the kernel refused at a full accept queue (ListenDrops, system-wide)'],
	]],
	['readiness', [
		['N/M -> K', 'one select/poll/epoll_wait call: N fds watched, M scanned by the kernel (select: maxfd+1 bits; poll: every entry; epoll: the ready list), K returned ready'],
		['us, ms', 'how long the call took, time blocked waiting included; mean: per call over the last half second'],
		['7 IN|OUT', 'a ready fd and its flags: IN readable, OUT writable, HUP hung up, ERR error (the log names them as the call does: EPOLLIN, POLLIN, readfds)'],
		['fd N = stop', 'the eventfd the loop watches beside the listening socket, so that q can wake and stop it: counted in N'],
	]],
	['completions', [
		['N -> K (op)', 'one io_uring_enter call (io-uring): N requests submitted, K completions waiting once it returned, by operation (accept, recv, send; narrow: a/r/s)'],
		['in flight', 'requests submitted and not completed yet: an armed multishot accept or recv counts once'],
		['ring FLAGS', 'the ring\'s setup flags (SINGLE_ISSUER, DEFER_TASKRUN, SUBMIT_ALL, CQSIZE): they decide its cost per message'],
	]],
	['blocked in', [
		['tid N', 'a thread (fork: a child process) of the model: blocked in recv(fd 7) for so long, or running'],
		['alive', 'processes or threads serving clients, their memory, how long the last one took to start'],
	]],
	['lesson (L)', [
		['claim', 'the textbook\'s claim the lesson reproduces here, one sentence'],
		['> step', 'the step on screen: (enter runs it) before it runs, ... while it runs, (done) once checked'],
		['watch', 'the panel to look at and the figure that proves it'],
		['✓ ✗ -', 'a check held / did not hold / could not be made here, with the evidence measured (never the lesson\'s own expectation)'],
		['next', 'the step enter runs next (--auto: after a pause to read the evidence)'],
	]],
	['step mode (.)', [
		['#12 held:', 'the system call the server\'s loop makes next, with its arguments, held until . lets it through (fork, threads: only the accept steps; libuv: nothing, its I/O is made inside libuv\'s C code)'],
		['#11 ... ->', 'the last call let through and what it returned: bytes, ready fds, a new fd, an errno; the event log lists each call twice (kind step)'],
		['in the kernel', 'a call let through that has not returned: a wait blocks until a client talks, and only then is the next call held'],
	]],
	['queue depths', [
		['accept queue', 'N of M: connections waiting for accept() against listen()\'s backlog (TCP_INFO, as ss -lt shows)'],
		['kernel recv-q', 'bytes in every kernel receive queue on the port, waiting connections included'],
		['app queues', 'bytes held by the application (select-queue\'s message queues, pending output)'],
		['sq / cq', 'io-uring: the most entries one io_uring_enter call found in its submission / completion queue over the last sample, of the queue\'s size'],
	]],
];

/** Every line of the help for an inner width, title excluded. */
export function helpLines(width: number): HelpLine[] {
	const lines: HelpLine[] = [{text: 'keys', style: 'heading'}];
	const term = (name: string, meaning: string): void => {
		for (const [index, text] of wrapText(`${name.padEnd(TERM - 1)} ${meaning}`, width, {indent: ' '.repeat(TERM)}).entries()) {
			lines.push({text, style: index === 0 && name ? 'term' : 'plain'});
		}
	};

	for (const binding of keymap) {
		term(binding.label, binding.description);
	}

	for (const [heading, terms] of LEGEND) {
		lines.push({text: '', style: 'plain'}, {text: heading, style: 'heading'});
		for (const [name, meaning] of terms) {
			term(name, meaning);
		}
	}

	lines.push({text: '', style: 'plain'}, {text: 'models', style: 'heading'});
	for (const model of models) {
		term(model.id, model.summary);
	}

	return lines;
}
