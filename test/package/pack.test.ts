// The npm package as a user gets it: built and packed, installed from the tarball into an empty folder, run through its bin.
import {execFile, spawn} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient} from '../helpers/echo-client.js';
import {within} from '../helpers/time.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A user's shell has none of the npm_* variables `npm test` sets for its scripts (npm_config_local_prefix names this project). */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

type Context = {dir: string; files: string[]; bin: string};

/** Run a command to its end, bounded; rejects with its stderr when it fails. */
async function run(file: string, args: readonly string[], cwd: string, ms: number): Promise<{stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		execFile(file, args, {cwd, env: userEnv, timeout: ms, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
			} else {
				resolve({stdout, stderr});
			}
		});
	});
}

const test = suite<Context>('the npm package', {dir: '', files: [], bin: ''});

test.before(context => {
	context.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-package-'));
});

test.after(context => {
	fs.rmSync(context.dir, {recursive: true, force: true});
});

// A test, not a hook: uvu reports nothing when a hook fails.
test('should pack (prepack builds first) and install from the tarball into an empty folder', async context => {
	const packed = await run('npm', ['pack', '--json', '--pack-destination', context.dir], ROOT, 180_000);
	const [{filename, files}] = JSON.parse(packed.stdout) as [{filename: string; files: Array<{path: string}>}];
	context.files = files.map(file => file.path);
	// The dependencies come from the registry, through npm's cache when it has them.
	await run('npm', ['install', `./${filename}`, '--prefer-offline', '--no-audit', '--no-fund'], context.dir, 300_000);
	context.bin = path.join(context.dir, 'node_modules', '.bin', 'echo-tui');
	assert.ok(fs.existsSync(context.bin), 'npm linked the bin');
});

test('should ship the built program and the C reference server\'s source, and no sources or tests', context => {
	assert.ok(context.files.length > 0, 'packed (see the first test)');
	for (const file of ['package.json', 'README.md', 'dist/cli.js', 'dist/commands/monitor.js', 'dist/models/per-client/fork-child.js', 'dist/bench/reference-server.c', 'dist/bench/reference-threads.c']) {
		assert.ok(context.files.includes(file), `${file} is in the package`);
	}

	assert.equal(context.files.filter(file => /^(source|test)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts')), []);
});

test('should print its help through the bin npm linked', async context => {
	assert.ok(context.bin, 'installed (see the first test)');
	const {stdout, stderr} = await run(context.bin, ['--help'], context.dir, 15_000);
	assert.match(stdout, 'echo-tui serve');
	assert.is(stderr, '');
});

test('should serve on a port the kernel picks and echo a message', async context => {
	assert.ok(context.bin, 'installed (see the first test)');
	const child = spawn(context.bin, ['serve', '--port', '0', '--json'], {cwd: context.dir, env: userEnv, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	try {
		const lines = createInterface({input: child.stdout});
		const port = await within(15_000, 'the listening event', new Promise<number>(resolve => {
			lines.on('line', line => {
				const event = JSON.parse(line) as {kind: string; port?: number};
				if (event.kind === 'listening') {
					resolve(event.port!);
				}
			});
		}));
		const client = await connectClient(port);
		try {
			client.socket.write('hello from the package\n');
			assert.is(String(await within(5000, 'the echo', client.waitForBytes(23))), 'hello from the package\n');
		} finally {
			client.close();
		}

		child.kill('SIGTERM');
		const [code] = await within(5000, 'serve to stop', once(child, 'close')) as [number | null];
		assert.is(code, 0);
		assert.is(stderr, '');
	} finally {
		child.kill('SIGKILL');
	}
});

test.run();
