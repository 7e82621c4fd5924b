// demo.tape: valid VHS syntax, only keys the keymap knows, 30-60 seconds long, and it plays as written
// against the built CLI in tmux (VHS itself cannot be installed here; the screen is checked at each Wait and Screenshot).
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {keymap} from '../../source/ui/keymap.js';
import {parseTape, parseTime, type TapeCommand} from '../helpers/vhs-tape.js';
import {startTmux} from '../helpers/tmux.js';
import {delay} from '../helpers/time.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TAPE = fs.readFileSync(`${ROOT}/demo.tape`, 'utf8');
/** VHS's bash prompt is `> `; its bare `Wait` waits for it on the last line. */
const DEFAULT_WAIT = />\s*$/;
/** Sleeps are for the viewer; the replay shortens them (the Waits keep it in step). */
const MAX_REPLAY_SLEEP_MS = 600;

const test = suite('demo.tape');

test('should be valid VHS with an output and a screenshot', () => {
	const commands = parseTape(TAPE);
	assert.ok(commands.some(command => command.kind === 'other' && command.name === 'Output'));
	assert.ok(commands.some(command => command.kind === 'screenshot'));
	assert.throws(() => parseTape('Typo "x"'), /not a VHS command/);
	assert.throws(() => parseTape('Enter twice'), /repeat count/);
});

test('should last between 30 and 60 seconds', () => {
	const commands = parseTape(TAPE);
	const typingMs = parseTime(commands.find((command): command is Extract<TapeCommand, {kind: 'set'}> => command.kind === 'set' && command.name === 'TypingSpeed')?.value ?? '50ms');
	let ms = 0;
	for (const command of commands) {
		if (command.kind === 'sleep') {
			ms += command.ms;
		} else if (command.kind === 'type') {
			ms += command.text.length * typingMs;
		}
	}

	assert.ok(ms >= 30_000 && ms <= 60_000, `${ms / 1000} s of sleeps and typing`);
});

test('should press only keys that are in the keymap while the monitor runs', () => {
	const inputs = new Set(keymap.filter(binding => !binding.ctrl).map(binding => binding.input));
	let running = false;
	let started = false;
	const pressed: string[] = [];
	for (const command of parseTape(TAPE)) {
		if (!running) {
			started ||= command.kind === 'type' && command.text.includes('dist/cli.js');
			running = started && command.kind === 'key' && command.key === 'Enter';
			continue;
		}

		if (command.kind === 'type') {
			for (const char of command.text) {
				assert.ok(inputs.has(char), `line ${command.line}: "${char}" is not in the keymap`);
				pressed.push(char);
			}

			running = !command.text.includes('q');
		} else if (command.kind === 'key') {
			assert.ok(['Space', 'Escape', 'Enter'].includes(command.key), `line ${command.line}: ${command.key} is not a monitor key`);
		} else if (command.kind === 'ctrl') {
			assert.is(command.key, 'Ctrl+C', `line ${command.line}`);
			running = false;
		}
	}

	assert.ok(pressed.includes('q'), 'the tour quits');
	assert.ok(pressed.includes('r'), 'the tour shows read-once');
	assert.ok(pressed.includes('L'), 'the tour runs a lesson');
});

test('should play in a terminal with the screen matching at every Wait and Screenshot', async () => {
	const session = startTmux(`cd ${ROOT} && PS1='> ' bash --norc --noprofile`, {columns: 120, rows: 40});
	try {
		await session.waitFor(DEFAULT_WAIT);
		let waitTimeoutMs = 15_000;
		for (const command of parseTape(TAPE)) {
			const where = `demo.tape line ${command.line}`;
			switch (command.kind) {
				case 'set': {
					if (command.name === 'WaitTimeout') {
						waitTimeoutMs = parseTime(command.value);
					}

					break;
				}

				case 'type': {
					// The one liberty taken: port 0 instead of 7788, which may be in use on a test machine.
					session.keys(command.text.replace('dist/cli.js', 'dist/cli.js --port 0'), true);
					break;
				}

				case 'key': {
					for (let index = 0; index < command.repeat; index++) {
						session.keys(command.key === 'Space' ? 'Space' : command.key);
					}

					break;
				}

				case 'ctrl': {
					session.keys(command.key.replace('Ctrl+', 'C-').toLowerCase());
					break;
				}

				case 'sleep': {
					await delay(Math.min(command.ms, MAX_REPLAY_SLEEP_MS));
					break;
				}

				case 'wait': {
					const pattern = command.pattern ?? DEFAULT_WAIT;
					const timeout = command.timeoutMs ?? waitTimeoutMs;
					if (command.scope === 'Screen') {
						await session.waitFor(pattern, timeout).catch((error: Error) => {
							throw new Error(`${where}: ${error.message}\n${session.screen()}`);
						});
					} else {
						const lastLine = (): string => session.screen().trimEnd().split('\n').at(-1) ?? '';
						const deadline = performance.now() + timeout;
						while (!pattern.test(lastLine())) {
							assert.ok(performance.now() < deadline, `${where}: the last line never matched ${String(pattern)}:\n${session.screen()}`);
							await delay(50);
						}
					}

					break;
				}

				case 'screenshot': {
					assert.match(session.screen(), /up \d\d:\d\d:\d\d/, `${where}: the monitor is on screen`);
					break;
				}

				case 'other': {
					break;
				}
			}
		}
	} finally {
		session.kill();
	}
});

test.run();
