// Imported first by main.js, so that engine.js is asked for before the rest
// of runtime.js evaluates (the top level of its other modules, 3 ms of a
// cold load): its download and its compile, which the first render waits
// for as much as for the runtime's own boot, start that much sooner (cold,
// in the bench's A/B both ways round: 1.5–2.5% faster).
import { loadEngine } from './engineload.js';
import { currentVersion } from './distscript.js';

export const engine = loadEngine(currentVersion());
