// The served /wx.js (dist/wx.js) as a page runs it: in a vm context standing in for a page on an
// app's origin, with the boot answer inlined (as the WXML runtime's shell page does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = readFileSync(join(here, '../dist/wx.js'), 'utf8');
const { version } = JSON.parse(readFileSync(join(here, '../package.json'), 'utf8'));

const boot = {
  appid: 'wxabcdef0123456789', token: 'app-token', errMsg: 'boot:ok',
  accountInfo: { miniProgram: { appId: 'wxabcdef0123456789', envVersion: 'develop', version: '' } },
  apis: ['login', 'getUserProfile', 'getAccountInfoSync'],
};

// page runs the bundle in a fresh global with a window on host; fetch records each request.
function page(host, { active = false } = {}) {
  const requests = [];
  const g = {
    location: { protocol: 'http:', hostname: host, origin: 'http://' + host + ':7878' },
    navigator: { userActivation: { isActive: active } },
    document: {},
    __minihostBoot: boot,
    console,
    setTimeout,
    clearTimeout,
    AbortController,
    fetch: async (url, init) => {
      requests.push({ url, init, body: JSON.parse(init.body) });
      const api = url.split('/').pop();
      return { status: 200, text: async () => JSON.stringify({ errMsg: api + ':ok' }) };
    },
  };
  g.window = g;
  g.globalThis = g;
  vm.runInNewContext(bundle, g, { filename: 'wx.js' });
  return { g, requests };
}

test('on an app origin it defines wx from the inlined boot answer, and minihostWx without the control client', async () => {
  const { g, requests } = page('wxabcdef0123456789.localhost');
  assert.deepEqual(Object.keys(g.minihostWx).sort(), ['createWx', 'install', 'version']);
  assert.equal(g.minihostWx.version, version);
  assert.equal(g.wx.getAccountInfoSync().miniProgram.appId, boot.appid);
  assert.equal((await g.wx.login()).errMsg, 'login:ok');
  assert.equal(requests[0].url, 'http://wxabcdef0123456789.localhost:7878/wx/wxabcdef0123456789/login');
  assert.equal(requests[0].init.headers.Authorization, 'Bearer app-token');
  assert.deepEqual(requests[0].body, {}, 'login needs no tap: no _userGesture');
});

test('a tap API sends the page activation as _userGesture', async () => {
  for (const active of [true, false]) {
    const { g, requests } = page('wxabcdef0123456789.localhost', { active });
    await g.wx.getUserProfile({ desc: 'show it' });
    assert.deepEqual(requests[0].body, { desc: 'show it', _userGesture: active });
  }
});

test('canIUse answers the table, and only for the APIs the boot answer says the host serves', () => {
  const { g } = page('wxabcdef0123456789.localhost');
  assert.equal(g.wx.canIUse('login.success.code'), true);
  assert.equal(g.wx.canIUse('getUserProfile.object.lang.zh_CN'), true);
  assert.equal(g.wx.canIUse('getAccountInfoSync.return.miniProgram.envVersion.trial'), true);
  assert.equal(g.wx.canIUse('getUserProfile.object.nope'), false);
  assert.equal(g.wx.canIUse('authorize'), false, 'not in boot.apis');
  assert.equal(g.wx.canIUse('canIUse'), true);
});

test('elsewhere (not <label>.localhost) it defines minihostWx only', () => {
  const { g } = page('example.com');
  assert.equal(g.wx, undefined);
  assert.equal(typeof g.minihostWx.createWx, 'function');
});
