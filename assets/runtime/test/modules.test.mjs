import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, createModules } from '../src/modules.js';

const files = new Set([
  'app.js', 'utils/util.js', 'utils/index.js', 'pages/a/a.js', 'lib/x/index.js',
  'miniprogram_npm/dayjs/index.js', 'miniprogram_npm/single.js', 'sub/miniprogram_npm/only-sub/index.js', 'sub/p/p.js',
]);
const has = (p) => files.has(p);

test('resolve: relative, absolute, .js optional, folder index, npm', () => {
  const cases = [
    ['pages/a/a.js', '../../utils/util', 'utils/util.js'],
    ['pages/a/a.js', '../../utils/util.js', 'utils/util.js'],
    ['pages/a/a.js', '/utils/util', 'utils/util.js'],
    ['pages/a/a.js', '/utils', 'utils/index.js'],
    ['pages/a/a.js', '../../lib/x', 'lib/x/index.js'],
    ['app.js', 'utils/util.js', 'utils/util.js'], // bare but relative, as the phone accepts
    ['pages/a/a.js', 'dayjs', 'miniprogram_npm/dayjs/index.js'],
    ['pages/a/a.js', 'single', 'miniprogram_npm/single.js'],
    ['sub/p/p.js', 'only-sub', 'sub/miniprogram_npm/only-sub/index.js'],
    ['sub/p/p.js', 'dayjs', 'miniprogram_npm/dayjs/index.js'],
    ['pages/a/a.js', './missing', null],
    ['pages/a/a.js', '../../../../etc/passwd', null],
    ['pages/a/a.js', 'only-sub', null],
  ];
  for (const [from, req, want] of cases) assert.equal(resolve(from, req, has), want, `${from} require(${req})`);
});

test('modules run once, see module.exports, and report what is missing', () => {
  const runs = [];
  const m = createModules({ has, run: (path, fn) => { runs.push(path); fn(); } });
  m.define('utils/util.js', (require, module) => { module.exports = { n: Math.random() }; });
  m.define('pages/a/a.js', (require, module, exports) => { exports.u = require('../../utils/util'); exports.again = require('/utils/util.js'); });
  const a = m.require('pages/a/a.js');
  assert.equal(a.u, a.again);
  assert.deepEqual(runs, ['pages/a/a.js', 'utils/util.js']);
  m.define('app.js', (require) => require('./nope'));
  assert.throws(() => m.require('app.js'), /module "\.\/nope" not found from "app\.js"/);
  assert.throws(() => m.require('lib/x/index.js'), /not loaded/);
  m.markFailed('sub/p/p.js', 'Expected ";"');
  assert.throws(() => m.require('sub/p/p.js'), /syntax error: Expected ";"/);
});

test('a cycle gives the partial exports, as CommonJS does', () => {
  const m = createModules({ has });
  m.define('utils/util.js', (require, module, exports) => { exports.a = 1; exports.fromIndex = require('./index').b; });
  m.define('utils/index.js', (require, module, exports) => { exports.seen = require('./util').a; exports.b = 2; });
  const u = m.require('utils/util.js');
  assert.deepEqual(u, { a: 1, fromIndex: 2 });
});

test('require.async resolves like require, loads a module not loaded yet, rejects a missing one', async () => {
  const defined = new Map();
  const fetched = [];
  const mods = createModules({
    has: (p) => ['app.js', 'sub/util.js'].includes(p),
    fetch: async (p) => { fetched.push(p); mods.define(p, (require, module) => { module.exports = { from: 'sub' }; }); },
  });
  mods.define('app.js', (require, module) => { module.exports = { later: require.async('./sub/util'), missing: require.async('./nope') }; });
  const app = mods.require('app.js');
  assert.deepEqual(await app.later, { from: 'sub' });
  assert.deepEqual(fetched, ['sub/util.js']);
  await assert.rejects(app.missing, /module "\.\/nope" not found/);
  assert.equal(defined.size, 0);
});
