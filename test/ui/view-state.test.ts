// What the keyboard sets up on the screen, as a reducer fed actions.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialViewState, reduceView, type ViewAction, type ViewState} from '../../source/ui/view-state.js';
import {MonitorStore} from '../../source/ui/monitor-store.js';

const run = (actions: readonly ViewAction[], state: ViewState = initialViewState): ViewState => actions.reduce(reduceView, state);
const keys = ['b1', 'b2', 'fd9'];
const screen = {snapshot: new MonitorStore().snapshot(), now: 0, log: Array.from({length: 50}, (_, t) => ({t, kind: 'recv' as const, text: 'x'}))};

const test = suite('view state');

test('should move the selection over the rows, from the top going down and from the bottom going up', () => {
	assert.is(run([{type: 'select', delta: 1, keys}]).selected, 'b1');
	assert.is(run([{type: 'select', delta: -1, keys}]).selected, 'fd9');
	assert.is(run([{type: 'select', delta: 1, keys}, {type: 'select', delta: 1, keys}, {type: 'select', delta: 1, keys}, {type: 'select', delta: 1, keys}]).selected, 'fd9', 'stops at the last');
	assert.is(run([{type: 'select', delta: 1, keys}, {type: 'clear-selection'}]).selected, undefined);
	assert.is(run([{type: 'select', delta: 1, keys: []}]).selected, undefined);
});

test('should pause with the screen, scroll its log within it, and resume live', () => {
	const paused = run([{type: 'pause', screen}, {type: 'scroll-log', lines: 20}, {type: 'scroll-log', lines: 100}]);
	assert.is(paused.paused?.snapshot, screen.snapshot);
	assert.is(paused.logScroll, 49, 'no further back than the oldest line');
	const resumed = run([{type: 'resume'}], paused);
	assert.equal([resumed.paused, resumed.logScroll], [undefined, 0]);
	assert.is(run([{type: 'scroll-log', lines: 5}]).logScroll, 0, 'a live log does not scroll');
});

test('should open, scroll within bounds, and close the help', () => {
	const open = run([{type: 'toggle-help'}, {type: 'scroll-help', lines: 30, max: 12}]);
	assert.equal([open.isHelpOpen, open.helpScroll], [true, 12]);
	assert.equal([run([{type: 'close-help'}], open).isHelpOpen, run([{type: 'toggle-help'}], open).helpScroll], [false, 0]);
});

test('should toggle the wide log and keep a notice', () => {
	const state = run([{type: 'toggle-wide-log'}, {type: 'notice', notice: {text: 'hi', until: 5}}]);
	assert.equal([state.isWideLog, state.notice], [true, {text: 'hi', until: 5}]);
});

test('should open the lesson list, move the choice within it, and close it', () => {
	const open = run([{type: 'open-picker', index: 0}, {type: 'move-picker', delta: 1, count: 11}, {type: 'move-picker', delta: 1, count: 11}]);
	assert.equal(open.picker, {index: 2});
	assert.equal(run([{type: 'move-picker', delta: -5, count: 11}], open).picker, {index: 0}, 'not above the first');
	assert.equal(run([{type: 'move-picker', delta: 20, count: 11}], open).picker, {index: 10}, 'not past the last');
	assert.is(run([{type: 'close-picker'}], open).picker, undefined);
	assert.is(run([{type: 'move-picker', delta: 1, count: 11}]).picker, undefined, 'closed, it does not open by moving');
});

test.run();
