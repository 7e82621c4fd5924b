// The models as the rest of the program sees them: the catalog's entries, looked up by id, loaded on demand.
import {catalog, type ModelEntry, type StepScope} from './catalog.js';
import type {Model} from './model.js';

/** Every model, simplest first. */
export const models: readonly ModelEntry[] = catalog;

/** The ids of every model, in catalog order. */
export const modelIds: readonly string[] = models.map(model => model.id);

/** The model with this id, or undefined. */
export function findModel(id: string): ModelEntry | undefined {
	return models.find(model => model.id === id);
}

/** Why the model cannot run here, or undefined when it can (or is unknown: findModel says that). */
export function unavailableReason(id: string): string | undefined {
	return findModel(id)?.unavailable?.();
}

/** What step mode holds of the model with this id (every call unless its catalog entry says otherwise). */
export function stepScope(id: string): StepScope {
	return findModel(id)?.steps ?? 'every-call';
}

/** The loop of the model with this id: imports its code (and koffi), so only its worker calls this. */
export async function loadModel(id: string): Promise<Model> {
	const entry = findModel(id);
	if (!entry) {
		throw new Error(`unknown model ${id}`);
	}

	return entry.load();
}

export type {ModelEntry, StepScope} from './catalog.js';
export {DEFAULT_MODEL_OPTIONS, type Model, type ModelContext, type ModelOptions} from './model.js';
