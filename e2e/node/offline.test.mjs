// Client-side behaviour of assets/wx.js that needs no minihost: a tiny local HTTP server stands in
// for the host so the transport, callback, Promise, timeout and error paths are pinned exactly.
// Run: node --test e2e/node/offline.test.mjs   (no environment needed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { createWx, install } from '../../assets/wxjs/src/index.js';

// startFake answers POST /wx/<appid>/<api> with handler(api, body, req) → [status, payload] or
// null (never answer). It records every request.
async function startFake(handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const m = /^\/wx\/([^/]+)\/([^/?]+)$/.exec(req.url);
      const rec = { method: req.method, url: req.url, headers: req.headers, raw, aborted: false };
      try { rec.body = JSON.parse(raw); } catch { rec.body = undefined; }
      seen.push(rec);
      req.socket.on('close', () => { rec.aborted = !res.writableEnded; });
      const out = m ? handler(m[2], rec.body, req) : [404, '{"errMsg":"x:fail not found"}'];
      if (out === null) return; // hang
      const [status, payload] = out;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  return {
    baseURL,
    seen,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

const ok = (api, extra = {}) => [200, { ...extra, errMsg: `${api}:ok` }];
const waitFor = async (cond, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('exports', () => {
  assert.equal(typeof createWx, 'function');
  assert.equal(typeof install, 'function');
});

test('createWx validates its config', () => {
  assert.throws(() => createWx({ appid: 'wxa' }), /baseURL/);
  assert.throws(() => createWx({ baseURL: 'http://127.0.0.1:1' }), /appid/);
});

test('request shape: POST, bearer token, JSON body without callbacks, no _userGesture in Node', async (t) => {
  const fake = await startFake((api) => ok(api, { code: 'c1' }));
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL + '/', appid: 'wx0000000000000001', token: 'tok-1' });
  const res = await wx.login({ timeout: 5000 });
  assert.deepEqual(res, { code: 'c1', errMsg: 'login:ok' });
  await wx.getUserProfile({ desc: 'why', lang: 'en' });
  await new Promise((resolve) => wx.openSetting({ withSubscriptions: true, complete: resolve }));
  assert.equal(fake.seen.length, 3);
  const [login, profile, setting] = fake.seen;
  assert.equal(login.method, 'POST');
  assert.equal(login.url, '/wx/wx0000000000000001/login');
  assert.equal(login.headers.authorization, 'Bearer tok-1');
  assert.match(login.headers['content-type'], /^application\/json/);
  assert.deepEqual(login.body, { timeout: 5000 });
  assert.deepEqual(profile.body, { desc: 'why', lang: 'en' });
  assert.deepEqual(setting.body, { withSubscriptions: true });
});

test('callbacks: success then complete, fail then complete, no Promise returned', async (t) => {
  const fake = await startFake((api, body) =>
    body.scope === 'scope.bogus' ? [200, { errMsg: 'authorize:fail invalid scope' }] : ok(api));
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  const calls = [];
  const ret = wx.authorize({
    scope: 'scope.record',
    success: (r) => calls.push(['success', r.errMsg]),
    fail: (r) => calls.push(['fail', r.errMsg]),
    complete: (r) => calls.push(['complete', r.errMsg]),
  });
  assert.equal(ret, undefined);
  await waitFor(() => calls.length === 2);
  assert.deepEqual(calls, [['success', 'authorize:ok'], ['complete', 'authorize:ok']]);
  calls.length = 0;
  wx.authorize({
    scope: 'scope.bogus',
    success: (r) => calls.push(['success', r.errMsg]),
    fail: (r) => calls.push(['fail', r.errMsg]),
    complete: (r) => calls.push(['complete', r.errMsg]),
  });
  await waitFor(() => calls.length === 2);
  assert.deepEqual(calls, [['fail', 'authorize:fail invalid scope'], ['complete', 'authorize:fail invalid scope']]);
  // Only complete given: still callback style.
  let done;
  assert.equal(wx.checkSession({ complete: (r) => { done = r; } }), undefined);
  await waitFor(() => done);
  assert.equal(done.errMsg, 'checkSession:ok');
});

test('Promise: resolves on :ok, rejects with the fail object', async (t) => {
  const fake = await startFake((api) =>
    api === 'getUserInfo' ? [200, { errMsg: 'getUserInfo:fail scope unauthorized' }] : ok(api, { authSetting: {} }));
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  const p = wx.getSetting();
  assert.ok(p instanceof Promise);
  assert.deepEqual(await p, { authSetting: {}, errMsg: 'getSetting:ok' });
  await assert.rejects(wx.getUserInfo({ withCredentials: true }), (err) => {
    assert.deepEqual(err, { errMsg: 'getUserInfo:fail scope unauthorized' });
    return true;
  });
});

test('HTTP error bodies pass through; non-JSON answers become fail', async (t) => {
  const fake = await startFake((api) => {
    if (api === 'login') return [401, { errMsg: 'login:fail invalid token' }];
    if (api === 'checkSession') return [502, '<html>bad gateway</html>'];
    return [200, '{"no":"errMsg"}'];
  });
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 'wrong' });
  await assert.rejects(wx.login(), { errMsg: 'login:fail invalid token' });
  await assert.rejects(wx.checkSession(), { errMsg: 'checkSession:fail HTTP 502' });
  await assert.rejects(wx.getSetting(), (e) => /^getSetting:fail /.test(e.errMsg));
});

test('network error becomes "<api>:fail <message>"', async () => {
  const fake = await startFake(() => ok('x'));
  const baseURL = fake.baseURL;
  await fake.close(); // nothing listens there any more
  const wx = createWx({ baseURL, appid: 'wxa', token: 't' });
  await assert.rejects(wx.login(), (e) => {
    assert.match(e.errMsg, /^login:fail \S/);
    assert.doesNotMatch(e.errMsg, /:ok$/);
    return true;
  });
});

test('timeout aborts the request and fails with "<api>:fail timeout"', async (t) => {
  const fake = await startFake(() => null); // never answers, like an unanswered prompt
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  const started = Date.now();
  await assert.rejects(wx.authorize({ scope: 'scope.record', timeout: 300 }), { errMsg: 'authorize:fail timeout' });
  const took = Date.now() - started;
  assert.ok(took >= 280 && took < 3000, `took ${took} ms`);
  await waitFor(() => fake.seen.length === 1 && fake.seen[0].aborted);
  // callback style too
  const got = await new Promise((resolve) => wx.startSoterAuthentication({
    requestAuthModes: ['fingerPrint'], challenge: 'c', timeout: 100, fail: resolve,
  }));
  assert.deepEqual(got, { errMsg: 'startSoterAuthentication:fail timeout' });
});

test('a throwing callback is reported with console.error and breaks nothing', async (t) => {
  const fake = await startFake((api) => ok(api, { code: 'c' }));
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  const errors = [];
  const orig = console.error;
  console.error = (...a) => errors.push(a);
  t.after(() => { console.error = orig; });
  let completed = null;
  wx.login({
    success() { throw new Error('boom in success'); },
    complete(r) { completed = r; throw new Error('boom in complete'); },
  });
  await waitFor(() => completed && errors.length === 2);
  assert.equal(completed.errMsg, 'login:ok');
  assert.match(String(errors[0].join(' ')), /boom in success/);
  assert.match(String(errors[1].join(' ')), /boom in complete/);
  // the SDK still works
  assert.equal((await wx.login()).errMsg, 'login:ok');
});

test('getAccountInfoSync throws before ready(), returns fresh copies after', async (t) => {
  const info = { miniProgram: { appId: 'wxa', envVersion: 'develop', version: '' } };
  const fake = await startFake((api) => ok(api, info));
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  assert.throws(() => wx.getAccountInfoSync(), /ready\(\)/);
  assert.equal(await wx.ready(), wx);
  const a = wx.getAccountInfoSync();
  assert.deepEqual(a, info);
  a.miniProgram.appId = 'changed';
  assert.equal(wx.getAccountInfoSync().miniProgram.appId, 'wxa');
  assert.equal(fake.seen[0].url, '/wx/wxa/getAccountInfoSync');
});

test('ready() rejects with a clear Error when the host refuses', async (t) => {
  const fake = await startFake((api) => [401, { errMsg: `${api}:fail invalid token` }]);
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 'bad' });
  await assert.rejects(wx.ready(), /getAccountInfoSync:fail invalid token/);
  assert.throws(() => wx.getAccountInfoSync(), Error);
});

test('canIUse', () => {
  const wx = createWx({ baseURL: 'http://127.0.0.1:1', appid: 'wxa', token: 't' });
  for (const name of ['login', 'checkSession', 'getAccountInfoSync', 'getUserProfile', 'getUserInfo',
    'getSetting', 'openSetting', 'authorize', 'checkIsSoterEnrolledInDevice',
    'checkIsSupportSoterAuthentication', 'startSoterAuthentication', 'canIUse',
    'getUserInfo.object.withCredentials', 'getSetting.object.withSubscriptions',
    'openSetting.object.withSubscriptions', 'getUserProfile.object.desc', 'getUserProfile.object.lang.zh_CN',
    'login.object.timeout', 'getSetting.success.subscriptionsSetting',
    'startSoterAuthentication.object.requestAuthModes.facial', 'getAccountInfoSync.return.plugin.appId']) {
    assert.equal(wx.canIUse(name), true, name);
  }
  for (const name of ['request', 'getLocation', 'login.object.bogus', 'getUserInfo.object.withCredentials.x',
    '', 'toString', 'constructor', 'getUserProfile.object.lang.fr', undefined, 42]) {
    assert.equal(wx.canIUse(name), false, String(name));
  }
});

test('install() patches an IDE wx and uses its request when fetch is absent', async (t) => {
  const info = { miniProgram: { appId: 'wxa', envVersion: 'develop', version: '' } };
  const fake = await startFake((api) => ok(api, api === 'getAccountInfoSync' ? info : { code: 'c9' }));
  t.after(fake.close);
  const savedFetch = globalThis.fetch;
  delete globalThis.fetch;
  t.after(() => { globalThis.fetch = savedFetch; });
  const used = [];
  const ide = {
    canIUse: (n) => n === 'request',
    login() { return 'IDE stub'; },
    request(o) {
      used.push(o);
      const u = new URL(o.url);
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: o.method, headers: o.header }, (res) => {
        let raw = '';
        res.on('data', (c) => { raw += c; });
        res.on('end', () => {
          let data = raw;
          if (o.dataType === 'json') { try { data = JSON.parse(raw); } catch { /* keep text */ } }
          o.success?.({ data, statusCode: res.statusCode, header: res.headers, errMsg: 'request:ok' });
        });
      });
      req.on('error', (e) => o.fail?.({ errMsg: 'request:fail ' + e.message }));
      req.end(typeof o.data === 'string' ? o.data : JSON.stringify(o.data));
      return { abort: () => req.destroy() };
    },
  };
  const ret = await install(ide, { baseURL: fake.baseURL, appid: 'wxa', token: 'tok' });
  assert.equal(ret, ide);
  assert.deepEqual(ide.getAccountInfoSync(), info);
  assert.deepEqual(await ide.login(), { code: 'c9', errMsg: 'login:ok' });
  assert.equal(ide.canIUse('request'), true, 'IDE canIUse still answers for its own APIs');
  assert.equal(ide.canIUse('login'), true);
  assert.equal(ide.canIUse('nothing'), false);
  assert.equal(used.length, 2);
  assert.equal(used[1].method, 'POST');
  assert.equal(used[1].header.Authorization, 'Bearer tok');
  assert.equal(fake.seen[1].url, '/wx/wxa/login');
});
