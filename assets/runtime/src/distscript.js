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
