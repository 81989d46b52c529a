// The compiled-template cache: compiling the app's WXML needs the 2 MB wasm
// compiler (fetched, instantiated) and 30+ ms of compiling on every load. Its
// output, the JS source of the template groups, depends only on the compiler
// inputs, so it is kept under a hash of them: in the page's localStorage (one
// entry per app, each app has its own origin) and on the host (GET/POST
// /__minihost/compiled?key=, in memory), so that a fresh browser profile
// skips the compiler too. A hit skips the wasm entirely.

import { hex } from './apis/bytes.js';

const STORAGE_KEY = 'minihost:compiled';
const HOST_PATH = '/__minihost/compiled';

// templateKey hashes everything the compiler's output depends on: the
// runtime's version (compiler and built-in templates) and the sources.
export async function templateKey(version, wxml, wxs) {
  const text = JSON.stringify([String(version || ''), sorted(wxml), sorted(wxs)]);
  const bytes = new TextEncoder().encode(text);
  try {
    const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return hex(sum);
  } catch {
    return fnv(bytes); // no crypto.subtle outside a secure context
  }
}

function sorted(obj) {
  return Object.entries(obj || {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// fnv is two FNV-1a 32-bit hashes with different seeds (64 bits).
function fnv(bytes) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const x of bytes) {
    a = Math.imul(a ^ x, 0x01000193) >>> 0;
    b = Math.imul(b ^ x, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

// valid: an entry is {source: string, problems: array}.
function valid(e) {
  return e && typeof e === 'object' && typeof e.source === 'string' && Array.isArray(e.problems);
}

// readLocal returns the entry stored under key in this origin's storage, or null.
export function readLocal(key, storage = globalThis.localStorage) {
  try {
    const e = JSON.parse(storage.getItem(STORAGE_KEY) || 'null');
    return e && e.key === key && valid(e) ? { source: e.source, problems: e.problems } : null;
  } catch {
    return null;
  }
}

// writeLocal replaces the stored entry (a full storage only loses the cache).
export function writeLocal(key, entry, storage = globalThis.localStorage) {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ key, source: entry.source, problems: entry.problems }));
  } catch { /* quota or no storage: the next load compiles */ }
}

// readHost asks the host for the entry; null when it has none or fails.
export async function readHost(key, fetchFn = globalThis.fetch) {
  try {
    const resp = await fetchFn(`${HOST_PATH}?key=${key}`);
    if (!resp.ok) return null;
    const e = await resp.json();
    return valid(e) ? { source: e.source, problems: e.problems } : null;
  } catch {
    return null;
  }
}

// writeHost stores the entry on the host (fire and forget); manifest is the
// ETag of the manifest compiled and runtime the runtime's version (the ?v=
// of runtime.js), so the host's shell page can inline the output for the
// same manifest and runtime.
export function writeHost(key, entry, manifest = '', runtime = '', fetchFn = globalThis.fetch) {
  const params = new URLSearchParams({ key });
  if (manifest) params.set('manifest', manifest);
  if (runtime) params.set('runtime', runtime);
  postJSON(`${HOST_PATH}?${params}`, { source: entry.source, problems: entry.problems }, fetchFn);
}

// postJSON posts value to the host, fire and forget: what the host keeps
// only saves later loads some work.
function postJSON(url, value, fetchFn) {
  try {
    fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    }).catch(() => {});
  } catch { /* no fetch: nothing kept */ }
}

// writeFirst tells the host which project scripts the launch page (the
// launch URL's path) loaded before its first render, for manifest and
// runtime (as writeHost's): the host's shell page for that path then
// carries their code (hostapi/project/first.go). Fire and forget.
export function writeFirst(path, files, manifest, runtime, fetchFn = globalThis.fetch) {
  if (!manifest || !runtime) return;
  postJSON(`/__minihost/first?${new URLSearchParams({ path, manifest, runtime })}`, files, fetchFn);
}

// cachedTemplates looks the inputs up: the entry the shell page inlined, then
// this origin's storage, then the host. It returns {key, entry (or null),
// local: whether it came from this origin's storage}. The shell page inlines
// (window.__minihostCompiled) only what a page of this runtime stored for
// this very manifest, so that entry is taken without hashing the sources
// (every WXML and WXS file serialized and hashed again on every load).
export async function cachedTemplates(version, wxml, wxs) {
  const inlined = globalThis.__minihostCompiled;
  if (inlined && typeof inlined.key === 'string' && valid(inlined)) {
    return { key: inlined.key, entry: { source: inlined.source, problems: inlined.problems }, local: false };
  }
  const key = await templateKey(version, wxml, wxs);
  const local = readLocal(key);
  if (local) return { key, entry: local, local: true };
  return { key, entry: await readHost(key), local: false };
}
