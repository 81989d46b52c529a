// loadEngine: waiting for engine.js (glass-easel) beside runtime.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, rememberEngine, ENGINE_PATH, ENGINE_COOKIE } from '../src/engineload.js';

// fakeScript is a script element that records its listeners.
function fakeScript(src) {
  const on = {};
  return { src, isConnected: true, on, addEventListener(type, fn) { (on[type] ??= []).push(fn); }, fire(type) { for (const fn of on[type] || []) fn(); } };
}

function fakePage({ script = null, readyState = 'interactive' } = {}) {
  const win = { on: {}, addEventListener(type, fn) { (this.on[type] ??= []).push(fn); }, fire(type) { for (const fn of this.on[type] || []) fn(); } };
  const added = [];
  const doc = {
    readyState,
    querySelector: (sel) => (script && sel.includes(ENGINE_PATH) ? script : null),
    createElement: () => fakeScript(''),
    head: { appendChild: (el) => added.push(el) },
  };
  return { win, doc, added };
}

const engine = { glassEasel: {}, MiniProgramEnv: class {} };

test('an engine that ran first is taken at once', async () => {
  const { win, doc } = fakePage();
  win.__minihostEngine = engine;
  assert.equal(await loadEngine('v1', win, doc), engine);
});

test('the shell page\'s async engine.js hands itself over when it runs', async () => {
  const { win, doc, added } = fakePage({ script: fakeScript(`${ENGINE_PATH}?v=v1`) });
  const p = loadEngine('v1', win, doc);
  win.__minihostEngine = engine;
  win.__minihostEngineLoaded(engine);
  assert.equal(await p, engine);
  assert.equal(added.length, 0);
});

test('an engine.js that fails to load rejects, naming it', async () => {
  const script = fakeScript(`${ENGINE_PATH}?v=v1`);
  const { win, doc } = fakePage({ script });
  const p = loadEngine('v1', win, doc);
  script.fire('error');
  await assert.rejects(p, /engine\.js did not load/);
});

test('an engine still missing when the page has loaded rejects', async () => {
  const { win, doc } = fakePage({ script: fakeScript(`${ENGINE_PATH}?v=v1`) });
  const p = loadEngine('v1', win, doc);
  win.fire('load');
  await assert.rejects(p, /did not load/);
  const done = fakePage({ script: fakeScript(`${ENGINE_PATH}?v=v1`), readyState: 'complete' });
  await assert.rejects(loadEngine('v1', done.win, done.doc), /did not load/);
});

test('a page without engine.js gets it added at the runtime\'s version', async () => {
  const { win, doc, added } = fakePage();
  const p = loadEngine('ab12', win, doc);
  assert.equal(added.length, 1);
  assert.equal(added[0].src, `${ENGINE_PATH}?v=ab12`);
  win.__minihostEngine = engine;
  win.__minihostEngineLoaded(engine);
  added[0].fire('load');
  assert.equal(await p, engine);
  const broken = fakePage();
  const q = loadEngine('', broken.win, broken.doc);
  assert.equal(broken.added[0].src, ENGINE_PATH);
  broken.added[0].fire('load'); // ran, but handed nothing over
  await assert.rejects(q, /did not load/);
});

test('once the engine ran, a cookie tells the host this browser has it at that version', () => {
  const doc = { cookie: '' };
  rememberEngine('', doc);
  assert.equal(doc.cookie, '');
  rememberEngine('ab12', doc);
  assert.equal(doc.cookie, `${ENGINE_COOKIE}=ab12; path=/; max-age=31536000; SameSite=Strict`);
});
