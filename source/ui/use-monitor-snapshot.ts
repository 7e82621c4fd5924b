// Reads the store at most ~20 times a second and only when it changed: the engine's event rate never drives React.
import {useEffect, useState} from 'react';
import type {MonitorSnapshot, MonitorStore} from './monitor-store.js';

/** Frame interval: at most 20 frames per second. */
export const FRAME_MS = 50;
/**
 * Under heavy traffic the panels refresh 5 times a second instead: the server shares the
 * machine's cores with the monitor, and nobody reads numbers faster. Keys still show at once:
 * they re-render through React state, not through this clock.
 */
const BUSY_FRAME_MS = 200;
/** recv calls per second above which the server counts as busy. */
const BUSY_RECV_RATE = 5000;

/**
 * The latest snapshot, plus the clock for uptimes and "blocked for" times (ticks once a second at least).
 * `drawnWith` is what else is on screen and re-renders on its own (the lesson pane): when it changes,
 * the snapshot is taken again in the same render, so a lesson's check and the panels show one moment.
 */
export function useMonitorSnapshot(store: MonitorStore, drawnWith?: unknown): {snapshot: MonitorSnapshot; now: number} {
	const [state, setState] = useState(() => ({snapshot: store.snapshot(), now: Date.now(), version: store.changes}));
	const [seenWith, setSeenWith] = useState(drawnWith);
	if (seenWith !== drawnWith) {
		// Set during render (React's pattern for state that follows a prop): React renders again at once, before drawing.
		setSeenWith(drawnWith);
		setState({snapshot: store.snapshot(), now: Date.now(), version: store.changes});
	}

	useEffect(() => {
		const timer = setInterval(() => {
			setState(previous => {
				const now = Date.now();
				const secondPassed = Math.floor(now / 1000) !== Math.floor(previous.now / 1000);
				const busy = previous.snapshot.rates.recvCalls > BUSY_RECV_RATE;
				if ((previous.version === store.changes || (busy && now - previous.now < BUSY_FRAME_MS)) && !secondPassed) {
					return previous;
				}

				return {snapshot: store.snapshot(), now, version: store.changes};
			});
		}, FRAME_MS);
		return () => {
			clearInterval(timer);
		};
	}, [store]);
	return state;
}
