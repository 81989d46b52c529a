// currentVersion is the ?v= of the runtime script, reused for the runtime's
// other files (the wasm, the compiler's glue, the editor, workers) so that a
// new build never meets a stale cached one.
export function currentVersion() {
  const s = document.currentScript || document.querySelector('script[src*="/__minihost/runtime/runtime.js"]');
  if (!s) return '';
  try { return new URL(s.src, location.href).searchParams.get('v') || ''; } catch { return ''; }
}

// distURL is the URL of one of the runtime's files (dist/) at this version.
export function distURL(name) {
  const v = currentVersion();
  return `/__minihost/runtime/${name}${v ? `?v=${encodeURIComponent(v)}` : ''}`;
}

// distScript runs one of the runtime's own scripts of dist/ (the compiler's
// glue, the editor's Quill) with a <script> tag and answers the global it
// defines; what (for errors) names the script's purpose.
export function distScript(src, global, what) {
  if (globalThis[global]) return Promise.resolve(globalThis[global]);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => {
      s.remove();
      const v = globalThis[global];
      if (v) resolve(v); else reject(new Error(`${what}: ${src} did not define it`));
    };
    s.onerror = () => { s.remove(); reject(new Error(`${what}: could not load ${src}`)); };
    document.head.appendChild(s);
  });
}
