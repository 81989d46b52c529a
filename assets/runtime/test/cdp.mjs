// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (no WebSocket needed), for the runtime's browser tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM);

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'mh-rt-'));
  const proc = spawn(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // as the simulator: a mini program plays audio without a tap first
    '--autoplay-policy=no-user-gesture-required',
    // a camera and microphone that draw and play a test pattern; the page may use them (the
    // simulator grants its app's origin the same, after the host's own scope prompt)
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    // no address bar popup: Chromium loads its WebUI in a renderer of its own for every new window
    // (internal/headless says more)
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
    '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--window-size=390,800', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const out = proc.stdio[3];
  const inp = proc.stdio[4];
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  let buf = Buffer.alloc(0);
  inp.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    let i;
    while ((i = buf.indexOf(0)) >= 0) {
      const msg = JSON.parse(buf.subarray(0, i).toString('utf8'));
      buf = buf.subarray(i + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) reject(new Error(`${msg.error.message} ${msg.error.data || ''}`));
        else resolve(msg.result);
      } else for (const l of listeners) l(msg);
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  return {
    send,
    on: (fn) => listeners.push(fn),
    async newPage() {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const s = (m, p) => send(m, p, sessionId);
      await s('Runtime.enable');
      await s('Page.enable');
      const page = {
        send: s,
        sessionId,
        async goto(url) { await s('Page.navigate', { url }); },
        async eval(expr) {
          const r = await s('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true });
          if (r.exceptionDetails) throw new Error(`${expr}: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
          return r.result.value;
        },
        async waitFor(expr, timeout = 10000) {
          const end = Date.now() + timeout;
          for (;;) {
            let v;
            try { v = await page.eval(expr); } catch { v = undefined; }
            if (v) return v;
            if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        // click presses the real mouse at the centre of the element
        async click(selector) {
          const box = await page.waitFor(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; e.scrollIntoView({block:'center'}); const r = e.getBoundingClientRect(); return r.width ? {x: r.x + r.width / 2, y: r.y + r.height / 2} : null; })()`);
          for (const type of ['mousePressed', 'mouseReleased']) {
            await s('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
          }
        },
        async type(text) { await s('Input.insertText', { text }); },
        close: () => send('Target.closeTarget', { targetId }),
      };
      return page;
    },
    async close() {
      try { await send('Browser.close'); } catch { /* already gone */ }
      await new Promise((r) => { if (proc.exitCode !== null) r(); else { proc.once('exit', r); setTimeout(() => { proc.kill('SIGKILL'); r(); }, 3000); } });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
