// A child process holding idle connections to a server: they take no fd of the lesson's own process, so the server's fds stay dense.
import net from 'node:net';
import {IDLE_READY} from './idle-clients.js';

const [host = '127.0.0.1', portText = '', countText = ''] = process.argv.slice(2);
const sockets: net.Socket[] = [];
const exit = (line: string, code: number): void => {
	process.stdout.write(`${line}\n`);
	for (const socket of sockets) {
		socket.destroy();
	}

	process.exit(code);
};

// The parent's end of stdin closes when it ends, however it ends: nothing is left connected.
process.stdin.on('end', () => exit('parent gone', 0)).resume();
let open = 0;
const count = Number(countText);
for (let index = 0; index < count; index++) {
	const socket = net.connect({host, port: Number(portText)});
	sockets.push(socket);
	socket.on('error', error => exit(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`, 1));
	socket.on('close', () => exit('closed by the server', 1));
	socket.once('connect', () => {
		if (++open === count) {
			process.stdout.write(`${IDLE_READY} ${count}\n`);
		}
	});
}
