// wx.js's phone-number and subscription APIs (issue 16 points 9-10), against a stand-in host.
// Run: node --test e2e/node/flows.test.mjs   (no environment needed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { createWx, install } from '../../assets/wxjs/src/index.js';

async function startFake(handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const api = req.url.split('/').pop();
      seen.push({ api, body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(handler(api)));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseURL: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

test('getPhoneNumber, getRealtimePhoneNumber and requestSubscribeMessage go to the host', async (t) => {
  const fake = await startFake((api) => {
    if (api === 'requestSubscribeMessage') return { errMsg: `${api}:ok`, T1: 'accept', T2: 'reject' };
    if (api === 'getRealtimePhoneNumber') return { errMsg: `${api}:fail user deny` };
    return { errMsg: `${api}:ok`, code: 'c1', encryptedData: 'e', iv: 'i', cloudID: 'x' };
  });
  t.after(fake.close);
  const wx = createWx({ baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  const phone = await wx.getPhoneNumber();
  assert.deepEqual(phone, { errMsg: 'getPhoneNumber:ok', code: 'c1', encryptedData: 'e', iv: 'i', cloudID: 'x' });
  await assert.rejects(wx.getRealtimePhoneNumber(), (r) => r.errMsg === 'getRealtimePhoneNumber:fail user deny');
  const sub = await new Promise((resolve) => wx.requestSubscribeMessage({ tmplIds: ['T1', 'T2'], success: resolve }));
  assert.equal(sub.T1, 'accept');
  assert.equal(sub.T2, 'reject');
  assert.deepEqual(fake.seen.map((s) => s.api), ['getPhoneNumber', 'getRealtimePhoneNumber', 'requestSubscribeMessage']);
  assert.deepEqual(fake.seen[2].body, { tmplIds: ['T1', 'T2'] });
});

test('canIUse knows the new APIs and their fields', () => {
  const wx = createWx({ baseURL: 'http://127.0.0.1:1', appid: 'wxa', token: 't' });
  for (const name of ['getPhoneNumber', 'getRealtimePhoneNumber', 'requestSubscribeMessage',
    'getPhoneNumber.success.code', 'getPhoneNumber.success.encryptedData', 'requestSubscribeMessage.object.tmplIds']) {
    assert.equal(wx.canIUse(name), true, name);
  }
  for (const name of ['getPhoneNumber.object.bogus', 'requestSubscribeMessage.object.templates']) {
    assert.equal(wx.canIUse(name), false, name);
  }
});

test('install() patches the new APIs too', async (t) => {
  const fake = await startFake((api) => (api === 'getAccountInfoSync'
    ? { errMsg: `${api}:ok`, miniProgram: { appId: 'wxa', envVersion: 'develop', version: '' } }
    : { errMsg: `${api}:ok`, code: 'c2' }));
  t.after(fake.close);
  const ide = { getPhoneNumber() { return 'IDE stub'; } };
  await install(ide, { baseURL: fake.baseURL, appid: 'wxa', token: 't' });
  assert.equal((await ide.getPhoneNumber()).code, 'c2');
  assert.equal(typeof ide.requestSubscribeMessage, 'function');
});
