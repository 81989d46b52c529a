// Entry of engine.js: glass-easel and its mini program adapter, 170 kB that
// runtime.js does not bundle. The shell page loads it async beside
// runtime.js, so a browser without it cached compiles it in the background
// while runtime.js boots (the wx table, the manifest, the WXML scan, the
// cached templates, the launch page's styles), none of which needs it.
// It hands itself over on globalThis (engineload.js).
import * as glassEasel from 'glass-easel';
import { MiniProgramEnv } from 'glass-easel-miniprogram-adapter';

const engine = { glassEasel, MiniProgramEnv };
globalThis.__minihostEngine = engine;
globalThis.__minihostEngineLoaded?.(engine);
