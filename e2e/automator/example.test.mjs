// A miniprogram-automator test as written for WeChat DevTools; only the
// connection differs. Run: node --test example.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import automator from 'miniprogram-automator';

let mp;

before(async () => {
  mp = process.env.MINIHOST_AUTO_WS
    ? // minihost --headless --auto-port 9420 path/to/project, started by CI
      await automator.connect({ wsEndpoint: process.env.MINIHOST_AUTO_WS })
    : // or let the SDK start it: minihost [args] auto --project P --auto-port 9420
      await automator.launch({
        cliPath: process.env.MINIHOST_CLI || 'minihost',
        projectPath: process.env.MINIHOST_PROJECT || process.cwd(),
        // host flags go before `auto`: no window, its own port and data dir
        args: ['--headless', '--addr', '127.0.0.1:0', '--data-dir', mkdtempSync(join(tmpdir(), 'minihost-'))],
      });
});

after(async () => {
  await mp.close();
});

test('the counter counts taps', async () => {
  const page = await mp.reLaunch('/pages/index/index');
  await page.setData({ count: 0 });
  const button = await page.$('#btn-count');
  await button.tap();
  await button.tap();
  assert.equal(await page.data('count'), 2);
  assert.equal(await (await page.$('#count')).text(), '2');
});

test('a QA mock replaces wx.showToast for the page itself', async () => {
  const page = await mp.currentPage();
  await mp.mockWxMethod('showToast', { errMsg: 'showToast:ok (mocked)' });
  await (await page.$('#btn-toast')).tap();
  await page.waitFor(500);
  assert.equal(await page.data('toast'), 'showToast:ok (mocked)');
  await mp.restoreWxMethod('showToast');
});

test('the location prompt, answered from the script', async () => {
  const page = await mp.currentPage();
  await (await page.$('#btn-authorize')).tap();
  await mp.native().authorizeAllow();
  await page.waitFor(500);
  assert.equal(await page.data('auth'), 'authorize:ok');
});

test('a screenshot for the CI artifacts', async () => {
  await mp.screenshot({ path: 'home.png' });
});
