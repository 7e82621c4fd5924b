// The built-in load: what the bench and the CLI import from load/.
export {runLoad, loadProcessPath} from './run-load.js';
export {resolveLoadOptions, type LoadMode, type LoadOptions, type LoadResult, type ResolvedLoadOptions} from './load-options.js';
