// The wx object's interfaces come from the host's table (src/openapis.js, generated from
// app.OpenAPIs by `make api-table`), not from a list of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPEN_APIS } from '../src/openapis.js';
import { createWx, install } from '../src/index.js';

const cfg = { baseURL: 'http://127.0.0.1:1', appid: 'wxabc', token: 't' };

test('createWx has one function per table row, and canIUse walks each row\'s tree', () => {
  const wx = createWx(cfg);
  assert.ok(OPEN_APIS.length >= 14);
  for (const a of OPEN_APIS) {
    assert.equal(typeof wx[a.name], 'function', a.name);
    assert.equal(wx.canIUse(a.name), true, a.name);
    assert.equal(wx.canIUse(a.name + (a.sync ? '.return' : '.object.success')), true, a.name);
  }
  assert.equal(wx.canIUse('startSoterAuthentication.object.requestAuthModes.fingerPrint'), true);
  assert.equal(wx.canIUse('startSoterAuthentication.object.requestAuthModes.iris'), false);
  assert.equal(wx.canIUse('requestPayment'), false);
});

test('install patches exactly the table\'s interfaces', async () => {
  const ide = { request() {}, showToast() {} };
  const calls = [];
  const fetch = async (url) => {
    calls.push(url);
    return { status: 200, text: async () => JSON.stringify({ miniProgram: { appId: 'wxabc' }, errMsg: 'getAccountInfoSync:ok' }) };
  };
  await install(ide, { ...cfg, fetch });
  assert.deepEqual(Object.keys(ide).filter((k) => k !== 'request' && k !== 'showToast' && k !== 'canIUse').sort(),
    OPEN_APIS.map((a) => a.name).sort());
  assert.equal(ide.getAccountInfoSync().miniProgram.appId, 'wxabc');
  assert.deepEqual(calls, ['http://127.0.0.1:1/wx/wxabc/getAccountInfoSync']);
});
