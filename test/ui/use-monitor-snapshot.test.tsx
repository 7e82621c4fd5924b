// The panels' snapshot follows the frame clock, except when a lesson's pane changes: then both show one moment.
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import type {MonitorStore} from '../../source/ui/monitor-store.js';
import {useMonitorSnapshot} from '../../source/ui/use-monitor-snapshot.js';

/** A store whose snapshot is one number, changed by the test. */
function countingStore(): {store: MonitorStore; set(value: number): void} {
	let value = 0;
	let changes = 0;
	const store = {
		snapshot: () => ({value}),
		get changes() {
			return changes;
		},
	} as unknown as MonitorStore;
	return {
		store,
		set(next: number) {
			value = next;
			changes++;
		},
	};
}

function Shown({store, drawnWith}: {readonly store: MonitorStore; readonly drawnWith: unknown}) {
	const {snapshot} = useMonitorSnapshot(store, drawnWith);
	return <Text>value {(snapshot as unknown as {value: number}).value}</Text>;
}

const test = suite('useMonitorSnapshot');

test('should take the snapshot again in the render where what it is drawn with changes, not a frame later', () => {
	const {store, set} = countingStore();
	const {lastFrame, rerender, unmount} = render(<Shown store={store} drawnWith="step 1"/>);
	assert.is(lastFrame(), 'value 0');
	set(1);
	rerender(<Shown store={store} drawnWith="step 1"/>);
	assert.is(lastFrame(), 'value 0', 'the same pane: the frame clock decides (50 ms)');
	rerender(<Shown store={store} drawnWith="step 1 held"/>);
	assert.is(lastFrame(), 'value 1', 'the pane changed: the panels show the store as it is now');
	unmount();
});

test.run();
