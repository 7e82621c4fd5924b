// Fixture: the parent of `echo-tui serve` in a terminal that goes away; it stays to see how serve ends and writes that to a file.
import {spawn} from 'node:child_process';
import fs from 'node:fs';

const [cli, report, how] = process.argv.slice(2);
const child = spawn(process.execPath, [cli, 'serve', '--model', 'epoll-et', '--port', '0'], {stdio: ['inherit', 'inherit', 'pipe']});
let stderr = '';
child.stderr.on('data', chunk => {
	stderr += String(chunk);
});
// A terminal's hangup goes to its session leader, this process; the kernel passes it to the
// foreground job only once the leader exits, which would leave nobody to see how serve ends: pass
// it on by hand ('signal'), or not at all ('output': serve finds out when it next writes).
process.on('SIGHUP', () => {
	if (how === 'signal') {
		child.kill('SIGHUP');
	}
});
child.on('close', (code, signal) => fs.writeFileSync(report, JSON.stringify({code, signal, stderr})));
