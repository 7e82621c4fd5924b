// What a process or a thread per client costs, from their start and exit events.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialTaskCost, reduceTaskCost, taskCost} from '../../../source/ui/store/task-cost.js';
import type {ServerEvent} from '../../../source/models/probe/events.js';

const T = 1_000_000;
const test = suite('task cost');

test('should sum the children\'s memory and keep the last spawn time', () => {
	const events: ServerEvent[] = [
		{t: T, kind: 'child-spawned', pid: 1, fd: 7, spawnMs: 110, rssKb: 50_000, children: 1},
		{t: T, kind: 'child-spawned', pid: 2, fd: 8, spawnMs: 120, rssKb: 52_000, children: 2},
		{t: T, kind: 'child-exited', pid: 1, fd: 7, code: 0, signal: null, rssKb: 50_000, children: 1},
	];
	assert.equal(taskCost(reduceTaskCost(initialTaskCost, {type: 'events', events})), {unit: 'process', alive: 1, rssKb: 52_000, lastStartMs: 120, eachRssKb: 52_000});
});

test('should count threads and take the process\'s memory at the last start', () => {
	const events: ServerEvent[] = [
		{t: T, kind: 'thread-started', tid: 11, fd: 7, startMs: 60, threads: 1, rssKb: 100_000},
		{t: T, kind: 'thread-started', tid: 12, fd: 8, startMs: 65, threads: 2, rssKb: 112_000},
	];
	const state = reduceTaskCost(initialTaskCost, {type: 'events', events});
	assert.equal(taskCost(state), {unit: 'thread', alive: 2, rssKb: 112_000, lastStartMs: 65, eachRssKb: 12_000});
	assert.equal(taskCost(reduceTaskCost(state, {type: 'events', events: [{t: T, kind: 'thread-exited', tid: 11, fd: 7, threads: 1}]}))?.alive, 1);
});

test('should have no cost line for a model that starts nothing per client', () => {
	const state = reduceTaskCost(initialTaskCost, {type: 'events', events: [{t: T, kind: 'accepted', fd: 7, peer: '127.0.0.1:1'}]});
	assert.is(state, initialTaskCost);
	assert.is(taskCost(state), undefined);
});

test.run();
