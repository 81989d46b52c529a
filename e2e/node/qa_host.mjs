// The `minihost` control client of wx.js (createHost) against a live minihost: a test written in
// JavaScript drives the host with the same verbs as `minihost ctl` and the Go client.
//
// Run by TestQAHostJS (go test ./e2e/) with MINIHOST_URL, MINIHOST_APPID, MINIHOST_TOKEN and
// MINIHOST_CONTROL_TOKEN set. Not named *.test.mjs: it needs the control token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sdk, env } from './common.mjs';

const controlToken = process.env.MINIHOST_CONTROL_TOKEN;
const skip = controlToken && env.baseURL ? false : 'run by go test ./e2e/ -run TestQAHostJS';

test('createHost checks its configuration', () => {
  assert.throws(() => sdk.createHost({ baseURL: 'http://127.0.0.1:1' }), /control token/);
  assert.throws(() => sdk.createHost({ token: 't' }), /baseURL/);
});

test('the minihost object drives a live host', { skip }, async (t) => {
  const host = sdk.createHost({ baseURL: env.baseURL, token: controlToken });
  const wx = sdk.createWx(env);
  await wx.ready();

  await t.test('a wrong token or an app token is refused', async () => {
    await assert.rejects(sdk.createHost({ baseURL: env.baseURL, token: 'wrong' }).status(), { status: 401 });
    await assert.rejects(sdk.createHost({ baseURL: env.baseURL, token: env.token }).status(), { status: 403 });
  });

  await t.test('status and apps', async () => {
    const st = await host.status();
    assert.deepEqual(st.apps, [env.appid]);
    assert.equal(st.persona, 'alice');
    const apps = await host.apps.list();
    assert.equal(apps[0].appid, env.appid);
    assert.equal(apps[0].token, env.token);
    const changed = await host.apps.set(env.appid, { envVersion: 'trial' });
    assert.equal(changed.envVersion, 'trial');
    await host.apps.set(env.appid, { envVersion: 'develop' });
  });

  await t.test('personas', async () => {
    const p = await host.personas.create({ id: 'jsuser', nickName: 'JS User', language: 'zh_CN' });
    assert.equal(p.nickName, 'JS User');
    await assert.rejects(host.personas.create({ id: 'jsuser', nickName: 'again' }), { status: 409 });
    assert.equal((await host.personas.update('jsuser', { nickName: 'JS' })).nickName, 'JS');
    const file = await host.personas.export(['jsuser']);
    assert.equal(file.personas.length, 1);
    await host.personas.switch('jsuser');
    assert.equal((await wx.getUserProfile({ desc: 'Show profile' })).userInfo.nickName, 'JS');
    await assert.rejects(host.personas.delete('jsuser'), { status: 409 });
    await host.personas.switch('alice');
    await host.personas.delete('jsuser');
    await host.personas.import(file);
    assert.ok((await host.personas.list()).personas.some((x) => x.id === 'jsuser'));
  });

  await t.test('prompts: next and answer', async () => {
    await host.policies.set('scope.camera', 'ask');
    assert.equal((await host.policies.list()).rules['scope.camera'], 'ask');
    await assert.rejects(host.prompts.next({ timeout: 100 }), { status: 408 });
    const call = wx.authorize({ scope: 'scope.camera' });
    const p = await host.prompts.next({ timeout: 10000 });
    assert.equal(p.kind, 'authorize');
    assert.equal(p.scope, 'scope.camera');
    assert.equal((await host.prompts.list()).length, 1);
    await host.prompts.answer(p.id, 'allow');
    assert.deepEqual(await call, { errMsg: 'authorize:ok' });
    await assert.rejects(host.prompts.answer(p.id, 'allow'), { status: 404 });
    await host.policies.clear();
    assert.deepEqual((await host.policies.list()).rules, {});
  });

  await t.test('faults, sessions and timeouts', async () => {
    const f = await host.faults.add({ api: 'checkSession', errMsg: 'injected by JS', times: 0 });
    await wx.login();
    await assert.rejects(wx.checkSession(), { errMsg: 'checkSession:fail injected by JS' });
    await assert.rejects(wx.checkSession(), { errMsg: 'checkSession:fail injected by JS' });
    assert.equal((await host.faults.list())[0].hits, 2);
    await host.faults.remove(f.id);
    assert.deepEqual(await host.faults.list(), []);
    assert.deepEqual(await wx.checkSession(), { errMsg: 'checkSession:ok' });
    await host.faults.add({ api: 'login', errMsg: 'x' });
    assert.equal(await host.faults.clear('login'), 1);

    await host.sessions.expire(env.appid);
    assert.equal((await host.sessions.get(env.appid)).valid, false);
    await assert.rejects(wx.checkSession(), { errMsg: 'checkSession:fail session time out' });
    await host.sessions.forget(env.appid, { persona: 'alice' });
    assert.equal((await host.sessions.get(env.appid)).loggedIn, false);

    const tm = await host.timeouts.set({ codeTTL: '45s' });
    assert.equal(tm.overrides.codeTTL, '45s');
    assert.deepEqual((await host.timeouts.set({})).overrides, {});
  });

  await t.test('the call log: query and live stream', async () => {
    const failed = await host.calls.list({ api: 'checkSession', failed: true });
    assert.ok(failed.length >= 3);
    assert.ok(failed.every((c) => c.api === 'checkSession' && !c.errMsg.endsWith(':ok')));
    const seen = [];
    const got = new Promise((resolve) => {
      const stream = host.calls.stream({ api: 'getSetting' }, (c) => {
        seen.push(c);
        stream.close();
        resolve(stream);
      });
    });
    await new Promise((r) => setTimeout(r, 100)); // let the stream open
    await wx.getSetting();
    const stream = await got;
    await stream.done;
    assert.equal(seen[0].api, 'getSetting');
    assert.equal(seen[0].errMsg, 'getSetting:ok');
  });
});
