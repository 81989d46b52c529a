// wx.createWorker: a Web Worker running the project's worker script
// (dist/worker.js bootstraps it: worker/entry.js). One at a time, as on the
// phone, where a second createWorker fails until terminate(): here the
// older one is ended with a warning, so the page goes on.
import { resolveFrom } from '../paths.js';
import { distURL } from '../distscript.js';

export function workerRows(ctx) {
  let current = null;
  return {
    createWorker: {
      kind: 'plain',
      impl: (scriptPath) => {
        const manifest = ctx.manifest();
        const entry = resolveFrom('', String(scriptPath ?? ''));
        if (!entry || !manifest?.js?.[entry]) throw new Error(`createWorker:fail ${scriptPath} is not a JS file of the mini program`);
        if (current) {
          console.warn('wx.createWorker: only one worker runs at a time; the previous one is terminated');
          current.terminate();
        }
        current = createWorker(entry, manifest.js, () => { current = null; });
        return current;
      },
    },
  };
}

function createWorker(entry, js, ended) {
  const w = new Worker(distURL('worker.js'));
  let handler = null;
  let killed = null;
  let alive = true;
  w.onmessage = (ev) => { if (handler) handler(ev.data?.user); };
  w.onerror = (ev) => {
    console.error(`worker ${entry}: ${ev.message || 'error'}${ev.lineno ? ` (line ${ev.lineno})` : ''}`);
  };
  w.postMessage({ init: { entry, js } });
  const end = () => {
    if (!alive) return;
    alive = false;
    w.terminate();
    ended();
  };
  return {
    postMessage(msg) { if (alive) w.postMessage({ user: msg }); },
    onMessage(cb) { handler = typeof cb === 'function' ? cb : null; },
    onProcessKilled(cb) { killed = typeof cb === 'function' ? cb : null; },
    terminate: end,
    // the phone may kill a worker under memory pressure; so may a test
    testOnProcessKilled() { if (!alive) return; end(); killed?.({}); },
    getCameraFrameData() {},
  };
}
