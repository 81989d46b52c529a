import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateKey, readLocal, writeLocal, readHost, writeHost, cachedTemplates } from '../src/bootcache.js';
import { componentClosure, requiresOf, loadClosure } from '../src/lazyload.js';
import { createModules } from '../src/modules.js';

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), raw: m };
}

test('templateKey: any input change (version, a source, a file name) changes the key; order does not', async () => {
  const base = await templateKey('v1', { 'a.wxml': '<view/>', 'b.wxml': '<text/>' }, { 'f.wxs': 'x' });
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(await templateKey('v1', { 'b.wxml': '<text/>', 'a.wxml': '<view/>' }, { 'f.wxs': 'x' }), base);
  for (const [v, wxml, wxs] of [
    ['v2', { 'a.wxml': '<view/>', 'b.wxml': '<text/>' }, { 'f.wxs': 'x' }],
    ['v1', { 'a.wxml': '<view />', 'b.wxml': '<text/>' }, { 'f.wxs': 'x' }],
    ['v1', { 'c.wxml': '<view/>', 'b.wxml': '<text/>' }, { 'f.wxs': 'x' }],
    ['v1', { 'a.wxml': '<view/>', 'b.wxml': '<text/>' }, { 'f.wxs': 'y' }],
  ]) assert.notEqual(await templateKey(v, wxml, wxs), base);
});

test('local storage: only the same key hits; a broken or full storage is a miss, never a throw', () => {
  const s = memoryStorage();
  assert.equal(readLocal('k1', s), null);
  writeLocal('k1', { source: '{}', problems: [{ file: 'a.wxml', message: 'm' }] }, s);
  assert.deepEqual(readLocal('k1', s), { source: '{}', problems: [{ file: 'a.wxml', message: 'm' }] });
  assert.equal(readLocal('k2', s), null);
  s.raw.set('minihost:compiled', '{not json');
  assert.equal(readLocal('k1', s), null);
  s.raw.set('minihost:compiled', JSON.stringify({ key: 'k1', source: 3, problems: [] }));
  assert.equal(readLocal('k1', s), null);
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.doesNotThrow(() => writeLocal('k1', { source: '{}', problems: [] }, full));
});

test('host cache: GET by key, POST with the manifest ETag as JSON; failures are misses', async () => {
  const calls = [];
  const ok = async (url, init) => { calls.push([url, init]); return { ok: true, json: async () => ({ source: 'S', problems: [] }) }; };
  assert.deepEqual(await readHost('abc', ok), { source: 'S', problems: [] });
  assert.equal(calls[0][0], '/__minihost/compiled?key=abc');
  assert.equal(await readHost('abc', async () => ({ ok: false })), null);
  assert.equal(await readHost('abc', async () => { throw new Error('offline'); }), null);
  assert.equal(await readHost('abc', async () => ({ ok: true, json: async () => ({ source: 1 }) })), null);
  writeHost('abc', { source: 'S', problems: [] }, 'e7', 'r9', ok);
  const [url, init] = calls[1];
  assert.equal(url, '/__minihost/compiled?key=abc&manifest=e7&runtime=r9');
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(init.body), { source: 'S', problems: [] });
});

test('cachedTemplates: the entry the shell page inlined is taken as is; without one the inputs are hashed and looked up', async () => {
  globalThis.localStorage = memoryStorage();
  try {
    // the host inlines only what this runtime stored for this manifest: no hashing
    globalThis.__minihostCompiled = { key: 'k1', source: 'INLINED', problems: [] };
    assert.deepEqual(await cachedTemplates('v', { 'a.wxml': '<view/>' }, {}), { key: 'k1', entry: { source: 'INLINED', problems: [] }, local: false });
    globalThis.__minihostCompiled = { key: 'k1', source: 1 }; // not an entry
    const key = await templateKey('v', { 'a.wxml': '<view/>' }, {});
    writeLocal(key, { source: 'LOCAL', problems: [] });
    assert.deepEqual(await cachedTemplates('v', { 'a.wxml': '<view/>' }, {}), { key, entry: { source: 'LOCAL', problems: [] }, local: true });
    delete globalThis.__minihostCompiled;
    const other = await cachedTemplates('v', { 'a.wxml': '<text/>' }, {});
    assert.equal(other.entry, null); // no fetch in node for a relative URL: a miss
    assert.notEqual(other.key, key);
  } finally {
    delete globalThis.__minihostCompiled;
    delete globalThis.localStorage;
  }
});

test('componentClosure: usingComponents transitively, cycles end, the page itself left out', () => {
  const using = {
    'pages/a/a': { card: '/components/card/card', shelf: '/components/shelf/shelf' },
    'components/shelf/shelf': { item: '/components/item/item', again: '/pages/a/a' },
    'components/item/item': { shelf: '/components/shelf/shelf' },
  };
  assert.deepEqual(componentClosure('pages/a/a', (p) => using[p]).sort(),
    ['components/card/card', 'components/item/item', 'components/shelf/shelf']);
  assert.deepEqual(componentClosure('pages/b/b', (p) => using[p]), []);
});

test('requiresOf: literal requires of esbuild output and hand-written code', () => {
  const src = 'var import_wrap = __toESM(require("./utils/wrap"));\nconst s = require(\'./store.js\'); require(name); foo.require("x")';
  assert.deepEqual(requiresOf(src), ['./utils/wrap', './store.js', 'x']);
});

test('loadClosure: loads the files and what they require, round by round, each once', async () => {
  const files = new Set(['app.js', 'utils/wrap.js', 'utils/store.js', 'utils/deep.js', 'pages/a/a.js', 'pages/b/b.js']);
  const src = {
    'app.js': 'require("./utils/wrap"); require("./utils/store.js"); require("dayjs")',
    'utils/wrap.js': 'require("./deep")',
    'utils/store.js': 'require("./deep.js")',
    'utils/deep.js': '',
    'pages/a/a.js': 'require("../../utils/store")',
  };
  const loaded = [];
  const seen = await loadClosure(['app.js', 'pages/a/a.js', 'missing.js'], {
    load: async (f) => { loaded.push(f); },
    source: (f) => src[f] || '',
    has: (f) => files.has(f),
  });
  assert.deepEqual(loaded.sort(), ['app.js', 'pages/a/a.js', 'utils/deep.js', 'utils/store.js', 'utils/wrap.js']);
  assert.deepEqual([...seen].sort(), loaded);
});

test('modules: a module required before its script loaded is fetched synchronously', () => {
  const fetched = [];
  let mods;
  mods = createModules({
    has: (p) => p === 'a.js' || p === 'b.js',
    fetchSync: (p) => { fetched.push(p); mods.define(p, (req, module) => { module.exports = 'B'; }); },
  });
  mods.define('a.js', (req, module) => { module.exports = req('./b'); });
  assert.equal(mods.require('a.js'), 'B');
  assert.deepEqual(fetched, ['b.js']);
  assert.match(mods.sourceOf('a.js'), /req\('\.\/b'\)/);
});

test('loadClosure: with the manifest\'s requires every script starts at once, before any loaded', async () => {
  const files = new Set(['app.js', 'utils/wrap.js', 'utils/deep.js']);
  const requires = { 'app.js': ['./utils/wrap'], 'utils/wrap.js': ['./deep', 'dayjs'], 'utils/deep.js': [] };
  const started = [];
  let release;
  const gate = new Promise((r) => { release = r; });
  const done = loadClosure(['app.js'], {
    load: (f) => { started.push(f); return gate; },
    source: () => { throw new Error('source read though requires were known'); },
    has: (f) => files.has(f),
    requires: (f) => requires[f],
  });
  assert.deepEqual(started, ['app.js', 'utils/wrap.js', 'utils/deep.js']);
  release();
  assert.equal((await done).size, 3);
});
