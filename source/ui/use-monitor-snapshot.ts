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

/** The latest snapshot, plus the clock for uptimes and "blocked for" times (ticks once a second at least). */
export function useMonitorSnapshot(store: MonitorStore): {snapshot: MonitorSnapshot; now: number} {
	const [state, setState] = useState(() => ({snapshot: store.snapshot(), now: Date.now(), version: store.changes}));
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
