// Entry of engine.js: glass-easel and its mini program adapter, 170 kB that
// runtime.js does not bundle. Of glass-easel, what the runtime uses by name
// (glassEasel below) and what the adapter uses: the rest is left out. A
// browser without it cached gets it from the runtime once runtime.js runs
// (the shell page's headers preload it), so it compiles in the background
// while runtime.js boots (the wx table, the manifest, the WXML scan, the
// cached templates, the launch page's styles), none of which needs it.
// It hands itself over on globalThis (engineload.js).
import {
  globalOptions, Event, EventBubbleStatus, addGlobalErrorListener, CurrentWindowBackendContext, Element,
} from 'glass-easel';
import { MiniProgramEnv } from 'glass-easel-miniprogram-adapter';

const glassEasel = { globalOptions, Event, EventBubbleStatus, addGlobalErrorListener, CurrentWindowBackendContext, Element };
const engine = { glassEasel, MiniProgramEnv };
globalThis.__minihostEngine = engine;
globalThis.__minihostEngineLoaded?.(engine);
