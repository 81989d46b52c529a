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
// (literally), round by round; load(path) loads one script (a Promise), and
// source(path) is its defined factory's text, or '' when it did not define
// one. has(path) is the manifest's JS list.
export async function loadClosure(files, { load, source, has }) {
  const seen = new Set();
  let round = files.filter((f) => has(f));
  while (round.length) {
    for (const f of round) seen.add(f);
    await Promise.all(round.map(load));
    const next = new Set();
    for (const f of round) {
      for (const req of requiresOf(source(f))) {
        const p = resolve(f, req, has);
        if (p && !seen.has(p)) next.add(p);
      }
    }
    round = [...next];
  }
  return seen;
}
