// Preloaded (node --import) into the Node processes bench starts: prctl(2) PR_SET_PDEATHSIG, then getppid(2) to close the race.
import {PARENT_PID_VARIABLE, forgetParent} from './parent-death.js';

const parent = process.env[PARENT_PID_VARIABLE];
if (parent) {
	// Only this process is bench's child: its own children (fork's) have another parent, and keep
	// the environment they would have had.
	forgetParent(process.env);

	// Loaded only here: a process that was not started by bench pays nothing for koffi.
	const {SIGKILL, getppid, setParentDeathSignal} = await import('../sys/index.js');
	// The signal comes when the thread that spawned us ends: bench spawns from its main thread.
	setParentDeathSignal(SIGKILL);
	if (getppid() !== Number(parent)) {
		process.exit(1); // Bench died before the line above took effect: nobody would stop us.
	}
}
