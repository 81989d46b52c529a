// Waiting for engine.js (glass-easel and its adapter), a script of its own
// beside runtime.js (src/engine.js).
export const ENGINE_PATH = '/__minihost/runtime/engine.js';
// ENGINE_COOKIE tells the host that this browser has engine.js at a version
// in its cache (hostapi/project/shell.go: it is then a plain script).
export const ENGINE_COOKIE = 'minihost_engine';

// rememberEngine sets ENGINE_COOKIE to the version once the engine ran.
export function rememberEngine(version, doc = globalThis.document) {
  if (!version) return;
  try {
    doc.cookie = `${ENGINE_COOKIE}=${encodeURIComponent(version)}; path=/; max-age=31536000; SameSite=Strict`;
  } catch { /* no cookies: the engine stays async */ }
}

// loadEngine waits for engine.js. A shell page that has no tag for it (the
// host's, for a browser without it cached; a test's own) gets it added
// here, at runtime.js's version; one with a tag (a plain one when cached,
// an async one) is waited for.
// It rejects when the script cannot load: the window's load event waits for
// async scripts, so an engine still missing then is not coming.
export function loadEngine(version = '', win = globalThis, doc = globalThis.document) {
  if (win.__minihostEngine) return Promise.resolve(win.__minihostEngine);
  return new Promise((resolve, reject) => {
    win.__minihostEngineLoaded = resolve;
    const missing = () => { if (!win.__minihostEngine) reject(new Error(`${ENGINE_PATH} did not load`)); };
    let script = doc.querySelector(`script[src^="${ENGINE_PATH}"]`);
    if (!script) {
      script = doc.createElement('script');
      script.src = ENGINE_PATH + (version ? `?v=${encodeURIComponent(version)}` : '');
      script.addEventListener('load', missing);
      script.addEventListener('error', missing);
      doc.head.appendChild(script);
      return;
    }
    script.addEventListener('error', missing);
    if (doc.readyState === 'complete') missing();
    else win.addEventListener('load', missing, { once: true });
  });
}
