// What fork() and pthread_create() cost in C here, for the fork and threads cost line: measured once, off the render path, on first need.
import {useEffect, useState} from 'react';
import type {Unavailable} from '../bench/c-reference.js';
import {nativeSpawnCost, type NativeSpawnCost} from '../bench/spawn-cost.js';

/**
 * The C figures once known, undefined while they are measured (the first time, cc compiles
 * spawn-cost.c in a child process; the result is kept for the life of the process). Starts
 * the measurement only while `isActive`: a model with no process or thread per client never
 * needs it.
 */
export function useNativeSpawnCost({isActive = true}: {readonly isActive?: boolean} = {}): NativeSpawnCost | Unavailable | undefined {
	const [cost, setCost] = useState<NativeSpawnCost | Unavailable>();
	useEffect(() => {
		if (!isActive || cost) {
			return undefined;
		}

		let isMounted = true;
		void nativeSpawnCost().then(result => {
			if (isMounted) {
				setCost(result);
			}
		});
		return () => {
			isMounted = false;
		};
	}, [isActive, cost]);
	return cost;
}
