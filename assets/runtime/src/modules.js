// The CommonJS module system of the transformed project JS (see the contract):
// __minihost.define(path, factory) stores a factory, require() runs it once.
import { dirname, normalize, resolveFrom } from './paths.js';

function candidates(base) {
  if (base === null) return [];
  if (base.endsWith('.js')) return [base, base + '/index.js'];
  return [base + '.js', base + '/index.js', base];
}

// resolve finds the file `request` names when required from file `from`;
// `has(path)` says whether the project has that JS file. Returns null if none.
// Bare names are tried relative to the file first (the phone accepts
// require('utils/util.js') from the root-level app.js), then as packages in
// miniprogram_npm/ of the file's folder and each folder above it.
export function resolve(from, request, has) {
  const pick = (base) => candidates(base).find((c) => has(c)) ?? null;
  if (request.startsWith('/') || request.startsWith('./') || request.startsWith('../')) {
    return pick(resolveFrom(from, request));
  }
  const rel = pick(resolveFrom(from, request));
  if (rel) return rel;
  let dir = dirname(from);
  for (;;) {
    const found = pick(normalize((dir ? dir + '/' : '') + 'miniprogram_npm/' + request));
    if (found) return found;
    if (dir === '') return null;
    dir = dirname(dir);
  }
}

export class ModuleError extends Error {}

// createModules returns the registry. `has(path)` is the manifest's list;
// `run(path, fn)` wraps a module's execution (the runtime uses it to make
// Page/Component register for that path).
// `fetchSync(path)`, when given, defines a module that is required before
// its script was loaded (the first page loads only what it needs);
// `fetch(path)` loads the script of a module of a subpackage not loaded yet
// (require.async).
export function createModules({ has, run = (path, fn) => fn(), fetchSync = null, fetch = async () => {} }) {
  const factories = new Map();
  const failed = new Map();
  const cache = new Map();

  function load(path) {
    const done = cache.get(path);
    if (done) return done.exports;
    if (failed.has(path)) throw new ModuleError(`module "${path}" has a syntax error: ${failed.get(path)}`);
    if (!factories.has(path) && fetchSync) fetchSync(path);
    const factory = factories.get(path);
    if (!factory) throw new ModuleError(`module "${path}" is not loaded`);
    const module = { exports: {}, id: path, filename: path, loaded: false };
    cache.set(path, module);
    const req = makeRequire(path);
    try {
      run(path, () => factory.call(module.exports, req, module, module.exports));
    } catch (err) {
      cache.delete(path);
      throw err;
    }
    module.loaded = true;
    return module.exports;
  }

  function makeRequire(from) {
    const req = (request) => {
      if (typeof request !== 'string') throw new ModuleError(`require: expected a string, got ${typeof request}`);
      const path = resolve(from, request, has);
      if (path === null) throw new ModuleError(`module "${request}" not found from "${from}"`);
      return load(path);
    };
    req.resolve = (request) => resolve(from, request, has);
    // require.async (subpackage async loading): a Promise of the exports,
    // after `fetch(path)` loaded the script of a module not loaded yet
    req.async = (request) => Promise.resolve().then(async () => {
      if (typeof request !== 'string') throw new ModuleError(`require.async: expected a string, got ${typeof request}`);
      const path = resolve(from, request, has);
      if (path === null) throw new ModuleError(`module "${request}" not found from "${from}"`);
      if (!factories.has(path) && !failed.has(path)) await fetch(path);
      return load(path);
    });
    return req;
  }

  return {
    define(path, factory) {
      if (typeof factory === 'function') factories.set(path, factory);
    },
    markFailed(path, message) { failed.set(path, message); },
    isDefined: (path) => factories.has(path),
    sourceOf: (path) => (factories.has(path) ? String(factories.get(path)) : ''),
    isFailed: (path) => failed.has(path),
    isLoaded: (path) => cache.has(path),
    require: load,
  };
}
