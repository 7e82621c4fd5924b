// The asciicast v2 recorder: a header line, then one event line per write, on a real stream and a real file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {AsciicastRecorder, type AsciicastEvent, type AsciicastHeader} from '../../source/ui/asciicast-recorder.js';
import {UsageError} from '../../source/util/usage-error.js';
import {waitUntil} from '../helpers/time.js';

type Context = {dir: string; file: string; stream: NodeJS.WriteStream & PassThrough; received: string[]};

/** A terminal-sized stream: a PassThrough with the size fields a tty.WriteStream has. */
function terminalStream(columns: number, rows: number): NodeJS.WriteStream & PassThrough {
	return Object.assign(new PassThrough(), {columns, rows}) as unknown as NodeJS.WriteStream & PassThrough;
}

function readCast(file: string): {header: AsciicastHeader; events: AsciicastEvent[]} {
	const [first, ...rest] = fs.readFileSync(file, 'utf8').split('\n');
	assert.is(rest.pop(), '', 'the file ends with a newline');
	return {header: JSON.parse(first!) as AsciicastHeader, events: rest.map(line => JSON.parse(line) as AsciicastEvent)};
}

const test = suite<Context>('AsciicastRecorder', {dir: '', file: '', stream: terminalStream(0, 0), received: []});

test.before.each(context => {
	context.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-cast-'));
	context.file = path.join(context.dir, 'session.cast');
	context.stream = terminalStream(100, 30);
	context.received = [];
	context.stream.setEncoding('utf8').on('data', (text: string) => context.received.push(text));
});

test.after.each(context => {
	fs.rmSync(context.dir, {recursive: true, force: true});
});

test('should write the header, then one output event per write, in order, with rising times', async context => {
	const before = Math.floor(Date.now() / 1000);
	const recorder = AsciicastRecorder.start(context.file, context.stream, {TERM: 'xterm-256color', SHELL: '/bin/bash', HOME: '/root'});
	context.stream.write('\u001b[?1049h');
	context.stream.write(Buffer.from('frame 1\r\n'));
	await new Promise(resolve => setTimeout(resolve, 20));
	context.stream.write('frame 2 "quoted" \\ é');
	assert.is(await recorder.stop(), undefined);

	const {header, events} = readCast(context.file);
	assert.equal({...header, timestamp: 0}, {version: 2, width: 100, height: 30, timestamp: 0, env: {TERM: 'xterm-256color', SHELL: '/bin/bash'}});
	assert.ok(header.timestamp >= before && header.timestamp <= Math.ceil(Date.now() / 1000), 'a Unix time in seconds');
	assert.equal(events.map(([, code, data]) => [code, data]), [['o', '\u001b[?1049h'], ['o', 'frame 1\r\n'], ['o', 'frame 2 "quoted" \\ é']]);
	const times = events.map(([time]) => time);
	assert.ok(times.every((time, index) => time >= 0 && time >= (times[index - 1] ?? 0)), `times rise: ${times.join(', ')}`);
	assert.ok(times[2]! - times[1]! >= 0.015, 'seconds, not milliseconds');
	assert.is(context.received.join(''), '\u001b[?1049hframe 1\r\nframe 2 "quoted" \\ é', 'the terminal got every byte');
});

test('should record a change of terminal size as an "r" event', async context => {
	const recorder = AsciicastRecorder.start(context.file, context.stream, {});
	context.stream.columns = 120;
	context.stream.rows = 40;
	context.stream.emit('resize');
	context.stream.write('x');
	await recorder.stop();
	assert.equal(readCast(context.file).events.map(([, code, data]) => [code, data]), [['r', '120x40'], ['o', 'x']]);
});

test('should keep a character split across two writes whole', async context => {
	const recorder = AsciicastRecorder.start(context.file, context.stream, {});
	const bytes = Buffer.from('ab│🙂');
	context.stream.write(bytes.subarray(0, 3));
	context.stream.write(bytes.subarray(3, 7));
	context.stream.write(bytes.subarray(7));
	await recorder.stop();
	assert.is(readCast(context.file).events.map(([, , data]) => data).join(''), 'ab│🙂');
});

test('should give the stream its own write back on stop and record nothing after', async context => {
	const recorder = AsciicastRecorder.start(context.file, context.stream, {});
	assert.ok(Object.hasOwn(context.stream, 'write'), 'the write is teed while recording');
	context.stream.write('during');
	assert.is(await recorder.stop(), undefined);
	assert.is(await recorder.stop(), undefined, 'a second stop is harmless');
	assert.not.ok(Object.hasOwn(context.stream, 'write'), 'the prototype\'s write again');
	context.stream.write('after');
	assert.equal(readCast(context.file).events.map(([, , data]) => data), ['during']);
});

test('should not write the file on every write, and write it soon after', async context => {
	const recorder = AsciicastRecorder.start(context.file, context.stream, {});
	const headerSize = fs.statSync(context.file).size;
	context.stream.write('one');
	context.stream.write('two');
	assert.is(fs.statSync(context.file).size, headerSize, 'writes are queued');
	await waitUntil(3000, 'the queued events in the file', () => fs.statSync(context.file).size > headerSize);
	assert.equal(readCast(context.file).events.map(([, , data]) => data), ['one', 'two']);
	await recorder.stop();
});

test('should write synchronously once a megabyte is queued, so memory stays bounded', async context => {
	const recorder = AsciicastRecorder.start(context.file, context.stream, {});
	const chunk = 'x'.repeat(64 * 1024);
	for (let index = 0; index < 48; index++) {
		context.stream.write(chunk);
	}

	// No timer has run yet: only the bound can have written these.
	assert.ok(fs.statSync(context.file).size >= 2 * 1024 * 1024, `${fs.statSync(context.file).size} bytes written`);
	await recorder.stop();
	const {events} = readCast(context.file);
	assert.is(events.length, 48);
	assert.ok(events.every(([, , data]) => data === chunk));
});

test('should refuse, in one line with exit status 2, a path it cannot create, and leave the stream alone', () => {
	const cases: Array<[string, RegExp]> = [
		['/nonexistent-echo-tui/demo.cast', /^cannot record to \/nonexistent-echo-tui\/demo\.cast: no such directory \(ENOENT\)$/],
		[os.tmpdir(), /: it is a directory \(EISDIR\)$/],
		['/sys/demo.cast', /: not allowed to write there \(EACCES\)$/],
	];
	for (const [file, message] of cases) {
		const stream = terminalStream(80, 24);
		try {
			AsciicastRecorder.start(file, stream, {});
			assert.unreachable(`${file} was accepted`);
		} catch (error) {
			assert.instance(error, UsageError);
			assert.is((error as UsageError).exitCode, 2);
			assert.match((error as Error).message, message);
		}

		assert.not.ok(Object.hasOwn(stream, 'write'), 'nothing teed');
	}
});

test.run();
