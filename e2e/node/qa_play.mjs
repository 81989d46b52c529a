// A mini program, played with wx.js in Node, while a Go test (e2e/qa_control_test.go) drives the
// host through the Go client: it answers the prompts this script causes, injects faults and expires
// sessions. The two meet at steps: step(name) tells the Go test (QA_COORDINATOR) where this script is
// and resolves when the Go side has done its part and lets it go on.
//
// Run by TestQAControlNode with MINIHOST_URL, MINIHOST_APPID, MINIHOST_TOKEN, MINIHOST_SECRET and
// QA_COORDINATOR set. Not named *.test.mjs: it needs its Go partner, so TestNodeSDK leaves it out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sdk, env } from './common.mjs';

const coordinator = process.env.QA_COORDINATOR;
const secret = process.env.MINIHOST_SECRET;
const skip = coordinator && env.baseURL && secret ? false : 'run by go test ./e2e/ -run TestQAControlNode';

async function step(name) {
  const res = await fetch(`${coordinator}/step/${name}`, { method: 'POST' });
  assert.equal(res.status, 200, `coordinator refused step ${name}: ${await res.text()}`);
}

// backend plays the developer's server: it exchanges a login code with the emulated WeChat server.
async function code2Session(code) {
  const q = new URLSearchParams({ appid: env.appid, secret, js_code: code, grant_type: 'authorization_code' });
  const res = await fetch(`${env.baseURL}/sns/jscode2session?${q}`);
  return res.json();
}

test('a mini program under QA control', { skip }, async (t) => {
  const wx = sdk.createWx(env);
  await wx.ready();

  await t.test('deny, then allow via settings', async () => {
    await step('authorize');
    // The Go side answers this prompt with deny.
    await assert.rejects(wx.authorize({ scope: 'scope.userLocation' }), { errMsg: 'authorize:fail auth deny' });
    // Denied before: fails at once, without a prompt (a prompt would block: the Go side answers none now).
    await assert.rejects(wx.authorize({ scope: 'scope.userLocation', timeout: 5000 }), { errMsg: 'authorize:fail auth deny' });
    assert.equal((await wx.getSetting()).authSetting['scope.userLocation'], false);

    await step('settings');
    // The Go side closes the settings page with location turned on.
    const s = await wx.openSetting();
    assert.equal(s.errMsg, 'openSetting:ok');
    assert.equal(s.authSetting['scope.userLocation'], true);
    assert.deepEqual(await wx.authorize({ scope: 'scope.userLocation', timeout: 5000 }), { errMsg: 'authorize:ok' });
  });

  await t.test('jscode2session answers 45011 once', async () => {
    const { code } = await wx.login();
    await step('quota');
    // The Go side injected 45011 for the next exchange.
    const first = await code2Session(code);
    assert.equal(first.errcode, 45011, JSON.stringify(first));
    assert.match(first.errmsg, /^api minute-quota reach limit mustslower retry next minute rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const retry = await code2Session(code);
    assert.equal(typeof retry.openid, 'string', JSON.stringify(retry));
    assert.equal(typeof retry.session_key, 'string');
  });

  await t.test('an expired session makes checkSession fail', async () => {
    assert.deepEqual(await wx.checkSession(), { errMsg: 'checkSession:ok' });
    await step('expire');
    // The Go side expired the session.
    await assert.rejects(wx.checkSession(), { errMsg: 'checkSession:fail session time out' });
    await wx.login();
    assert.deepEqual(await wx.checkSession(), { errMsg: 'checkSession:ok' });
  });

  await t.test('SOTER: no match, then match', async () => {
    await step('soter');
    // The Go side answers no-match, then match, on the same prompt.
    const res = await wx.startSoterAuthentication({
      requestAuthModes: ['fingerPrint'], challenge: 'qa-challenge-1', authContent: 'Confirm payment',
    });
    assert.equal(res.errMsg, 'startSoterAuthentication:ok');
    assert.equal(res.errCode, 0);
    assert.equal(JSON.parse(res.resultJSON).raw, 'qa-challenge-1');
    assert.ok(res.resultJSONSignature);
  });

  await step('done');
});
