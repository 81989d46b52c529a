// The minihost-wx package (assets/wxjs) in Node against a live minihost: createWx, ready(), and the open interfaces.
// Run by TestNodeSDK (go test ./e2e/), which sets MINIHOST_URL, MINIHOST_APPID, MINIHOST_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sdk, env, skipLive } from './common.mjs';

const { createWx } = sdk;

test('the package entry point exposes createWx, install and the version', async () => {
  const mod = await import('../../assets/wxjs/src/index.js');
  assert.equal(typeof mod.createWx, 'function');
  assert.equal(typeof mod.install, 'function');
  assert.equal(mod.createWx, createWx);
  assert.match(mod.version, /^\d+\.\d+\.\d+/);
});

test('createWx against minihost', { skip: skipLive }, async (t) => {
  const wx = createWx(env);

  await t.test('getAccountInfoSync throws before ready(), works after', async () => {
    assert.throws(() => wx.getAccountInfoSync(), /ready\(\)/);
    assert.equal(await wx.ready(), wx);
    const info = wx.getAccountInfoSync();
    assert.equal(info.miniProgram.appId, env.appid);
    assert.ok(['develop', 'trial', 'release'].includes(info.miniProgram.envVersion), info.miniProgram.envVersion);
    assert.equal(typeof info.miniProgram.version, 'string');
    if (info.miniProgram.envVersion !== 'release') assert.equal(info.miniProgram.version, '');
    assert.equal(info.errMsg, undefined, 'getAccountInfoSync returns account info only');
    info.miniProgram.appId = 'mutated';
    assert.equal(wx.getAccountInfoSync().miniProgram.appId, env.appid, 'a fresh copy each call');
  });

  await t.test('a wrong token fails with the host errMsg', async () => {
    const bad = createWx({ ...env, token: 'not-the-token' });
    await assert.rejects(bad.login(), { errMsg: 'login:fail invalid token' });
    await assert.rejects(bad.ready(), /invalid token/);
  });

  await t.test('login (Promise) and checkSession', async () => {
    const res = await wx.login();
    assert.equal(res.errMsg, 'login:ok');
    assert.equal(typeof res.code, 'string');
    assert.ok(res.code.length > 0);
    const again = await wx.login();
    assert.notEqual(again.code, res.code, 'every login gives a new code');
    assert.deepEqual(await wx.checkSession(), { errMsg: 'checkSession:ok' });
  });

  await t.test('login with callbacks', async () => {
    const order = [];
    const res = await new Promise((resolve) => {
      const ret = wx.login({
        success: (r) => order.push('success:' + r.errMsg),
        fail: (r) => order.push('fail:' + r.errMsg),
        complete: (r) => { order.push('complete'); resolve(r); },
      });
      assert.equal(ret, undefined);
    });
    assert.deepEqual(order, ['success:login:ok', 'complete']);
    assert.ok(res.code);
  });

  await t.test('authorize and getSetting', async () => {
    assert.deepEqual(await wx.authorize({ scope: 'scope.record' }), { errMsg: 'authorize:ok' });
    await assert.rejects(wx.authorize({ scope: 'scope.bogus' }), { errMsg: 'authorize:fail invalid scope' });
    const s = await wx.getSetting();
    assert.equal(s.errMsg, 'getSetting:ok');
    assert.equal(s.authSetting['scope.record'], true);
    assert.equal(s.authSetting['scope.bogus'], undefined);
  });

  await t.test('getUserInfo needs scope.userInfo, then returns credentials', async () => {
    const before = await wx.getSetting();
    if (before.authSetting['scope.userInfo'] !== true) {
      await assert.rejects(wx.getUserInfo(), { errMsg: 'getUserInfo:fail scope unauthorized' });
    }
    assert.deepEqual(await wx.authorize({ scope: 'scope.userInfo' }), { errMsg: 'authorize:ok' });
    await wx.login();
    const res = await wx.getUserInfo({ withCredentials: true, lang: 'en' });
    assert.equal(res.errMsg, 'getUserInfo:ok');
    for (const k of ['nickName', 'avatarUrl', 'gender', 'country', 'province', 'city', 'language']) {
      assert.ok(k in res.userInfo, `userInfo.${k}`);
    }
    assert.match(res.userInfo.avatarUrl, /\/(0|46|64|96|132)$/);
    assert.deepEqual(JSON.parse(res.rawData), res.userInfo);
    assert.match(res.signature, /^[0-9a-f]{40}$/);
    for (const k of ['encryptedData', 'iv', 'cloudID']) assert.ok(typeof res[k] === 'string' && res[k], k);
    assert.equal(Buffer.from(res.iv, 'base64').length, 16);

    const plain = await wx.getUserInfo({ withCredentials: false });
    assert.equal(plain.errMsg, 'getUserInfo:ok');
    assert.ok(plain.rawData);
    assert.equal(plain.encryptedData, undefined, 'no credentials without withCredentials');
  });

  await t.test('getUserProfile (no gesture flag from Node counts as a tap)', async () => {
    const res = await wx.getUserProfile({ desc: 'Show your profile in tests' });
    assert.equal(res.errMsg, 'getUserProfile:ok');
    assert.ok(res.userInfo.nickName);
    await assert.rejects(wx.getUserProfile({ desc: 'x'.repeat(31) }),
      { errMsg: 'getUserProfile:fail desc length does not meet the requirements' });
  });

  await t.test('canIUse', () => {
    for (const n of ['login', 'getUserInfo.object.withCredentials', 'getSetting.object.withSubscriptions']) {
      assert.equal(wx.canIUse(n), true, n);
    }
    assert.equal(wx.canIUse('getLocation'), false);
  });
});
