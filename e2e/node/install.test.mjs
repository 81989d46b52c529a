// install(): patching an IDE's wx whose open interfaces are missing, with the IDE's wx.request as
// the only transport (global fetch hidden), against a live minihost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sdk, env, skipLive } from './common.mjs';

// fakeIDE is what an IDE gives a mini program: a wx with request and its own canIUse, and open
// interfaces that do not work.
function fakeIDE() {
  const calls = [];
  const wx = {
    canIUse: (name) => name === 'request' || name === 'navigateTo',
    login: () => { throw new Error('IDE: wx.login is not supported'); },
    request(o) {
      calls.push({ url: o.url, method: o.method, header: { ...o.header } });
      const u = new URL(o.url);
      const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method || 'GET', headers: o.header }, (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { raw += c; });
        res.on('end', () => {
          let data = raw;
          if ((o.dataType || 'json') === 'json') { try { data = JSON.parse(raw); } catch { /* keep the text */ } }
          o.success && o.success({ data, statusCode: res.statusCode, header: res.headers, errMsg: 'request:ok' });
          o.complete && o.complete({ errMsg: 'request:ok' });
        });
      });
      req.on('error', (e) => {
        o.fail && o.fail({ errMsg: 'request:fail ' + e.message });
        o.complete && o.complete({ errMsg: 'request:fail ' + e.message });
      });
      req.end(o.data === undefined ? undefined : typeof o.data === 'string' ? o.data : JSON.stringify(o.data));
      return { abort: () => req.destroy(new Error('abort')) };
    },
  };
  return { wx, calls };
}

test('install() on an IDE wx, transport through wx.request', { skip: skipLive }, async (t) => {
  const savedFetch = globalThis.fetch;
  delete globalThis.fetch; // an IDE context without fetch
  t.after(() => { globalThis.fetch = savedFetch; });
  assert.equal(typeof globalThis.fetch, 'undefined');

  const { wx, calls } = fakeIDE();
  const ret = await sdk.install(wx, env);
  assert.equal(ret, wx, 'install resolves to the patched wx');
  assert.equal(calls.length, 1, 'ready loaded the account info through wx.request');
  assert.equal(calls[0].url, `${env.baseURL}/wx/${env.appid}/getAccountInfoSync`);
  assert.equal(calls[0].method, 'POST');
  assert.equal(calls[0].header.Authorization, `Bearer ${env.token}`);

  assert.equal(wx.getAccountInfoSync().miniProgram.appId, env.appid);

  const login = await wx.login();
  assert.equal(login.errMsg, 'login:ok');
  assert.ok(login.code);
  assert.deepEqual(await wx.checkSession(), { errMsg: 'checkSession:ok' });
  assert.deepEqual(await wx.authorize({ scope: 'scope.camera' }), { errMsg: 'authorize:ok' });
  const s = await wx.getSetting();
  assert.equal(s.authSetting['scope.camera'], true);
  await assert.rejects(wx.authorize({ scope: 'scope.nope' }), { errMsg: 'authorize:fail invalid scope' });

  // callbacks through the request transport
  const cb = await new Promise((resolve) => wx.checkSession({ success: resolve, fail: resolve }));
  assert.equal(cb.errMsg, 'checkSession:ok');

  assert.equal(calls.length, 7, 'every call went through wx.request');
  assert.ok(calls.every((c) => c.method === 'POST'));

  // canIUse: ours plus the IDE's own answers
  assert.equal(wx.canIUse('login'), true);
  assert.equal(wx.canIUse('getSetting.object.withSubscriptions'), true);
  assert.equal(wx.canIUse('navigateTo'), true, "the IDE's own canIUse still answers");
  assert.equal(wx.canIUse('getLocation'), false);
});

test('install() with a wrong token rejects clearly', { skip: skipLive }, async () => {
  const { wx } = fakeIDE();
  await assert.rejects(sdk.install(wx, { ...env, token: 'nope' }), /getAccountInfoSync:fail invalid token/);
});
