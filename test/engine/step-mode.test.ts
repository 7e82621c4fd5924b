// Step mode: the model's loop held before each system call, one call per step, real clients kept waiting.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {formatEvent} from '../../source/format/format-event.js';
import type {ServerEvent} from '../../source/models/probe/events.js';
import {callsArePlain} from '../../source/sys/libc.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelHarness, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

type StepEvent = Extract<ServerEvent, {kind: 'step'}>;

const test = suite<ModelSuiteContext>('step mode', {clients: []});
test.after.each(closeClientsAndStop);

/** The step events from index `from` on. */
const stepsFrom = (harness: ModelHarness, from: number): StepEvent[] => harness.eventsOf('step').slice(from);

/** Wait for the `before` of a held call, and for the gate to hold it. */
async function waitForHeld(harness: ModelHarness, seq?: number): Promise<StepEvent> {
	const before = await harness.waitForEvent('step', event => event.phase === 'before' && (seq === undefined || event.seq === seq), 5000);
	await waitUntil(2000, `call #${before.seq} held`, () => harness.engine.heldStep === before.seq);
	return before;
}

/**
 * One step: exactly the held call's `after` and the next call's `before` arrive, nothing else.
 * The released call must not block (data is waiting), so its result comes at once.
 */
async function stepOnce(harness: ModelHarness, held: StepEvent): Promise<{after: StepEvent; next: StepEvent}> {
	const from = harness.eventsOf('step').length;
	assert.ok(harness.engine.step(), `step releases #${held.seq}`);
	const next = await waitForHeld(harness, held.seq + 1);
	await delay(50); // Anything more than one call would show by now: the loop is held again.
	const steps = stepsFrom(harness, from);
	assert.equal(steps.map(step => [step.phase, step.seq]), [['after', held.seq], ['before', held.seq + 1]], `one step: ${steps.map(step => step.text).join(' | ')}`);
	assert.is(steps[0]!.call, held.call);
	return {after: steps[0]!, next};
}

async function twoEchoingClients(context: ModelSuiteContext, harness: ModelHarness): Promise<[EchoClient, EchoClient]> {
	const clients: EchoClient[] = [];
	for (const name of ['a', 'b']) {
		const client = await connectClient(harness.port);
		context.clients.push(client);
		client.socket.write(`${name}0`);
		await within(5000, `first echo to ${name}`, client.waitForBytes(2));
		clients.push(client);
	}

	return clients as [EchoClient, EchoClient];
}

test('should hold select before each call, one call per step, and echo everything intact once continued', async context => {
	const harness = await startModel('select');
	context.harness = harness;
	const [a, b] = await twoEchoingClients(context, harness);
	// The accepts are reported in the probe's next batch, which may come after the echoes.
	const [fdA, fdB] = await waitUntil(2000, 'two accepts', () => harness.eventsOf('accepted').length === 2 && harness.eventsOf('accepted').map(event => event.fd));
	harness.engine.setStepping(true);
	assert.ok(harness.engine.stepping);
	const sentA = [Buffer.from('a0')];
	const sentB = [Buffer.from('b0')];
	const send = (client: EchoClient, sent: Buffer[], text: string): void => {
		const message = Buffer.from(text);
		sent.push(message);
		client.socket.write(message);
	};

	// select is blocked in the kernel until a client talks; its next call is then held.
	send(a, sentA, 'a1');
	let held = await waitForHeld(harness);
	// Held: what the clients send now is not echoed.
	const echoedA = a.received().length;
	const echoedB = b.received().length;
	send(a, sentA, 'a2');
	send(b, sentB, 'b1');
	await delay(300);
	assert.is(a.received().length, echoedA, 'no echo to a while held');
	assert.is(b.received().length, echoedB, 'no echo to b while held');

	const seen = {selectWithBoth: false, recv: false, send: false};
	for (let step = 0; step < 40; step++) {
		const readSet = /read \{([\d,]*)\}/.exec(held.text)?.[1]?.split(',').map(Number) ?? [];
		seen.selectWithBoth ||= held.call === 'select' && held.text.startsWith('select(nfds ') && readSet.includes(fdA!) && readSet.includes(fdB!);
		seen.recv ||= held.call === 'recv' && new RegExp(`^recv\\(fd (${fdA}|${fdB}), \\d+ bytes`).test(held.text);
		seen.send ||= held.call === 'send' && new RegExp(`^send\\(fd (${fdA}|${fdB}), \\d+ bytes`).test(held.text);
		if (seen.selectWithBoth && seen.recv && seen.send) {
			break;
		}

		if (held.call === 'select') {
			// Something to read, so that the select let through returns at once.
			send(step % 2 === 0 ? a : b, step % 2 === 0 ? sentA : sentB, `${step % 2 === 0 ? 'a' : 'b'}-${step}`);
		}

		({next: held} = await stepOnce(harness, held));
	}

	assert.equal(seen, {selectWithBoth: true, recv: true, send: true}, 'select with both clients, a recv and a send were each announced');
	assert.match(formatEvent(held), new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} step +#${held.seq} ${held.call}\\(`), 'the event log line');

	harness.engine.setStepping(false);
	assert.not.ok(harness.engine.stepping);
	send(a, sentA, 'a3');
	send(b, sentB, 'b2');
	const wantA = Buffer.concat(sentA);
	const wantB = Buffer.concat(sentB);
	assert.equal(await within(5000, 'a echoed', a.waitForBytes(wantA.length)), wantA);
	assert.equal(await within(5000, 'b echoed', b.waitForBytes(wantB.length)), wantB);
	// The engine's own thread is never gated.
	assert.ok(callsArePlain());
});

test('should stop within a second while a call is held', async context => {
	const harness = await startModel('select');
	context.harness = harness;
	const [a] = await twoEchoingClients(context, harness);
	harness.engine.setStepping(true);
	a.socket.write('a1');
	await waitForHeld(harness);
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
});

test('should keep stepping across a model switch, from the new model\'s first call', async context => {
	const harness = await startModel('select');
	context.harness = harness;
	harness.engine.setStepping(true);
	const from = harness.eventsOf('step').length;
	await harness.engine.start('epoll-lt');
	const first = await waitForHeld(harness);
	assert.ok(harness.eventsOf('step').indexOf(first) >= from);
	assert.is(first.seq, 1, 'the new model numbers its calls from 1');
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
});

test('should step only the accept of threads, while the clients already served are echoed', async context => {
	const harness = await startModel('threads');
	context.harness = harness;
	const first = await connectClient(harness.port);
	context.clients.push(first);
	first.socket.write('one');
	await within(5000, 'first echo', first.waitForBytes(3));
	harness.engine.setStepping(true);
	// The accept already started when stepping came on returns this client; the next one is held.
	const second = await connectClient(harness.port);
	context.clients.push(second);
	const held = await waitForHeld(harness);
	assert.is(held.call, 'accept4');
	second.socket.write('two');
	await within(5000, 'second echo', second.waitForBytes(3));

	// Clients served by their own threads go on being echoed; a new one waits in the backlog.
	const third = await connectClient(harness.port);
	context.clients.push(third);
	third.socket.write('three');
	first.socket.write('more');
	await within(5000, 'echo to a client already served', first.waitForBytes(7));
	await delay(300);
	assert.is(third.received().length, 0, 'the third client waits while accept is held');

	const {after, next} = await stepOnce(harness, held);
	assert.match(after.text, /^-> fd \d+ \(127\.0\.0\.1:\d+\)$/);
	assert.is(next.call, 'accept4');
	assert.equal(await within(5000, 'third echo', third.waitForBytes(5)), Buffer.from('three'));
	assert.ok(harness.eventsOf('step').every(step => step.call === 'accept4'), 'only accept steps');
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
});

test('should drop a step asked for while no call is held', async context => {
	const harness = await startModel('select');
	context.harness = harness;
	assert.not.ok(harness.engine.step(), 'stepping off');
	await delay(300); // Past the probe's last flush: select waits with no timeout.
	harness.engine.setStepping(true);
	// Idle: select is blocked in the kernel, nothing is held.
	await delay(200);
	assert.is(harness.engine.heldStep, 0);
	assert.not.ok(harness.engine.step(), 'nothing held');
	assert.is(harness.eventsOf('step').length, 0);
});

test.run();
