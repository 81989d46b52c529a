import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWx, stubFor } from '../src/api.js';
import { apiTable, lazyTable, rowIndex } from '../src/apis/index.js';

const table = {
  echo: { kind: 'async', impl: (o) => ({ got: o.x }) },
  boom: { kind: 'async', impl: () => { throw new Error('broken'); } },
  nowSync: { kind: 'sync', impl: () => 42 },
  env: { kind: 'value', value: { USER_DATA_PATH: 'wxfile://usr' } },
  login: { kind: 'async', impl: () => ({ from: 'table' }) },
};

test('async rows: Promise without callbacks, success/complete with them', async () => {
  const wx = buildWx({}, table, () => {});
  assert.deepEqual(await wx.echo({ x: 1 }), { errMsg: 'echo:ok', got: 1 });
  await assert.rejects(wx.boom(), { errMsg: 'boom:fail broken' });
  const seen = [];
  const ret = wx.echo({ x: 2, success: (r) => seen.push(['s', r.got]), fail: () => seen.push('f'), complete: (r) => seen.push(['c', r.errMsg]) });
  assert.equal(ret, undefined);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen, [['s', 2], ['c', 'echo:ok']]);
  assert.equal(wx.nowSync(), 42);
  assert.equal(wx.env.USER_DATA_PATH, 'wxfile://usr');
});

test('members are enumerable and writable; existing ones (wx.js) are kept', () => {
  const base = { login: () => 'open interface' };
  const wx = buildWx(base, table, () => {});
  assert.equal(wx.login(), 'open interface');
  const copy = { ...wx };
  for (const k of ['echo', 'boom', 'nowSync', 'login']) assert.equal(typeof copy[k], 'function', k);
  wx.echo = () => 'mocked';
  assert.equal(wx.echo(), 'mocked');
});

test('unknown APIs: stubs that fail clearly and warn once, never a TypeError', async () => {
  const warned = [];
  const wx = buildWx({}, table, (n) => warned.push(n));
  await assert.rejects(wx.getLocation({}), { errMsg: 'getLocation:fail not supported in minihost' });
  let failed;
  wx.getLocation({ fail: (r) => { failed = r.errMsg; } });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(failed, 'getLocation:fail not supported in minihost');
  assert.throws(() => wx.getStorageSync('k'), /getStorageSync:fail not supported in minihost/);
  const rec = wx.getRecorderManager();
  assert.equal(rec.onStop(() => {}), rec); // inert, chainable
  assert.equal(typeof wx.createCanvasContext('c').draw, 'function');
  assert.equal(wx.onNetworkStatusChange(() => {}), undefined);
  assert.equal(wx.then, undefined); // not a thenable
  assert.deepEqual([...new Set(warned)].sort(), ['createCanvasContext', 'getLocation', 'getRecorderManager', 'getStorageSync', 'onNetworkStatusChange']);
  assert.equal(typeof stubFor('x'), 'function');
  assert.equal(typeof stubFor('x'), 'function');
  // wx.cloud: init goes on, calls fail clearly
  assert.equal(wx.cloud.init({ env: 'x' }), undefined);
  await assert.rejects(wx.cloud.callFunction({ name: 'f' }), { errMsg: 'cloud.callFunction:fail not supported in minihost' });
  // downloadFile and uploadFile: a task to watch with callbacks (the official
  // demo's model download calls onProgressUpdate on it), else a Promise
  const download = await new Promise((resolve) => {
    const task = wx.cloud.downloadFile({ fileID: 'cloud://x', fail: resolve });
    task.onProgressUpdate(() => {});
    task.abort();
  });
  assert.equal(download.errMsg, 'cloud.downloadFile:fail not supported in minihost');
  await assert.rejects(wx.cloud.uploadFile({ cloudPath: 'a', filePath: 'b' }), { errMsg: 'cloud.uploadFile:fail not supported in minihost' });
  // wx.cloud.database(): a query is built as on the phone and fails when it runs
  const db = wx.cloud.database({ env: 'x' });
  const _ = db.command;
  const query = db.collection('cities').where({ n: _.gt(1) }).orderBy('n', 'asc').limit(10);
  await assert.rejects(query.get(), { errMsg: 'cloud.database.get:fail not supported in minihost' });
  const got = await new Promise((resolve) => db.collection('cities').doc('a').get({ fail: (r) => resolve(['fail', r.errMsg]), success: () => resolve(['success']) }));
  assert.deepEqual(got, ['fail', 'cloud.database.get:fail not supported in minihost']);
  await assert.rejects(db.collection('c').add({ data: {} }), { errMsg: 'cloud.database.add:fail not supported in minihost' });
  let watchErr = null;
  const watcher = db.collection('c').where({}).watch({ onChange() {}, onError(e) { watchErr = e.message; } });
  assert.equal(watchErr, 'cloud.database.watch:fail not supported in minihost');
  await watcher.close();
});

test('lazy table: a group is made when one of its rows is first read, once; a wx member is wrapped when first read', async () => {
  const made = [];
  const groups = [
    (ctx) => { made.push('a'); return { one: { kind: 'sync', impl: () => `one ${ctx.tag}` }, two: { kind: 'sync', impl: () => 'two' } }; },
    () => { made.push('b'); return { three: { kind: 'async', impl: () => ({ n: 3 }) }, two: { kind: 'sync', impl: () => 'two from b' } }; },
    () => { made.push('c'); return { can: { kind: 'wrap', impl: (old) => () => `wrapped ${old()}` } }; },
  ];
  const index = rowIndex(groups);
  made.length = 0; // rowIndex makes each group once, with an empty ctx
  assert.deepEqual(index, { one: [0, 'sync'], two: [1, 'sync'], three: [1, 'async'], can: [2, 'wrap'] });
  const table = lazyTable({ tag: 'ctx' }, index, groups);
  const wx = buildWx({ can: () => 'open', kept: () => 'open' }, table, () => {}, (name) => index[name][1]);
  assert.deepEqual(made, [], 'nothing made at boot');
  assert.deepEqual(Object.keys(wx).sort(), ['can', 'kept', 'one', 'three', 'two'], 'every name is there before its group is made');
  assert.equal(wx.one(), 'one ctx');
  assert.equal(wx.one(), 'one ctx');
  assert.deepEqual(made, ['a']);
  assert.equal(wx.two(), 'two from b', 'a later group wins a name, as in apiTable');
  assert.deepEqual(await wx.three(), { errMsg: 'three:ok', n: 3 });
  assert.deepEqual(made, ['a', 'b']);
  assert.equal(wx.can(), 'wrapped open', "a 'wrap' row makes its member from wx.js's");
  assert.equal(wx.kept(), 'open');
  assert.deepEqual(made, ['a', 'b', 'c']);
  assert.equal(apiTable({ tag: 'x' }, groups).two.impl(), 'two from b');
});

test('lazy table: an app that replaces a member before reading it keeps its own', () => {
  const made = [];
  const groups = [() => { made.push('a'); return { request: { kind: 'sync', impl: () => 'runtime' } }; }];
  const index = rowIndex(groups);
  made.length = 0;
  const wx = buildWx({}, lazyTable({}, index, groups), () => {}, (name) => index[name][1]);
  const raw = wx.request;
  wx.request = () => `app over ${raw()}`;
  assert.equal(wx.request(), 'app over runtime');
  const own = buildWx({}, lazyTable({}, index, groups), () => {}, (name) => index[name][1]);
  own.request = () => 'app';
  assert.equal(own.request(), 'app');
  assert.deepEqual(made, ['a'], 'the second table never made its group');
});

test('the real groups: every row is in the index under its group and kind', () => {
  const index = rowIndex();
  const table = apiTable({});
  assert.deepEqual(Object.keys(index).sort(), Object.keys(table).sort());
  for (const [name, [, kind]] of Object.entries(index)) assert.equal(kind, table[name].kind, name);
});
