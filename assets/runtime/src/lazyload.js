// What the first page needs before it renders, as the phone's lazyCodeLoading
// does: app.js, the page's JS, the JS of the components it uses (through
// usingComponents, transitively) and the modules those require. The rest of
// the package loads after the first render.
import { resolve } from './modules.js';

// componentClosure lists the components (paths without extension) `route`
// uses, directly or through other components; usingOf(path) is the path's
// resolved usingComponents ({tag: "/components/a/a"}).
export function componentClosure(route, usingOf) {
  const seen = new Set();
  const walk = (path) => {
    for (const ref of Object.values(usingOf(path) || {})) {
      const p = String(ref).replace(/^\//, '');
      if (seen.has(p)) continue;
      seen.add(p);
      walk(p);
    }
  };
  walk(route);
  seen.delete(route);
  return [...seen];
}

// requiresOf lists the literal require("…") requests in a module's source
// (esbuild writes import statements as such calls); a computed require is
// not found here and is fetched when it runs.
export function requiresOf(source) {
  const out = [];
  for (const m of String(source).matchAll(/\brequire\(\s*(["'])([^"'\n]+)\1\s*\)/g)) out.push(m[2]);
  return out;
}

// loadClosure loads the scripts of `files` and of every module they require
// (literally), each as soon as it is known; load(path) loads one script (a
// Promise). requires(path) is the manifest's list of a module's literal
// requests (null when it has none: the module's source(path), its defined
// factory's text, is read once it loaded). has(path) is the manifest's JS list.
export async function loadClosure(files, { load, source, has, requires = () => null }) {
  const seen = new Set();
  const pending = [];
  const follow = (from, requests) => {
    for (const req of requests) {
      const p = resolve(from, req, has);
      if (p) add(p);
    }
  };
  const add = (f) => {
    if (seen.has(f) || !has(f)) return;
    seen.add(f);
    const known = requires(f);
    if (Array.isArray(known)) {
      pending.push(load(f));
      follow(f, known);
    } else {
      pending.push(Promise.resolve(load(f)).then(() => follow(f, requiresOf(source(f)))));
    }
  };
  for (const f of files) add(f);
  for (let i = 0; i < pending.length; i++) await pending[i]; // pending grows while we wait
  return seen;
}
