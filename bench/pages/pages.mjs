// pages.mjs: issue 12's figure — how many pages of a mini program open
// without an uncaught error, an error overlay or a blank page.
//
//   node bench/pages/pages.mjs [-v] <project dir>...
//
// For each project it starts the host (MH_BIN, default: `go build` of the
// repo into a temp file) headless on a free port, lists every page
// (app.json pages + subpackages, read from the served manifest), opens
// `<app url>/?path=<page>` in headless Chromium (one tab, one page at a time)
// and counts a page as rendered when the runtime reached its "rendered"
// mark, the page has content (text, more than a few elements, or a web-view's
// iframe, a video, a canvas or an image), no overlay item and no uncaught
// exception.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { launch } from '../../assets/runtime/test/cdp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const args = process.argv.slice(2);
const verbose = args[0] === '-v' ? args.shift() : false;
if (!args.length) { console.error('usage: node bench/pages/pages.mjs [-v] <project dir>...'); process.exit(2); }
// PAGE=<part of a path> opens only matching pages; LIMIT=<n> characters per problem
const LIMIT = Number(process.env.LIMIT) || 300;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function binary() {
  if (process.env.MH_BIN) return process.env.MH_BIN;
  const out = join(mkdtempSync(join(tmpdir(), 'mh-pages-')), 'minihost');
  execFileSync('go', ['build', '-o', out, '.'], { cwd: repo, stdio: 'inherit' });
  return out;
}

async function startHost(bin, dir) {
  const data = mkdtempSync(join(tmpdir(), 'mh-pages-data-'));
  const proc = spawn(bin, ['--headless', '--addr', '127.0.0.1:0', '--data-dir', data, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((res, rej) => {
    let buf = '';
    const on = (c) => { buf += c; const m = buf.match(/ url=(\S+)/); if (m) res(m[1]); };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('exit', (code) => rej(new Error(`host exited ${code}: ${buf.slice(-2000)}`)));
    setTimeout(() => rej(new Error(`host did not print url= in 30s: ${buf.slice(-2000)}`)), 30000);
  });
  return { url, stop() { proc.kill('SIGTERM'); rmSync(data, { recursive: true, force: true }); } };
}

async function measure(browser, tab, url, timeout = 8000) {
  // Node does not resolve *.localhost: dial 127.0.0.1 with the app's Host
  const u = new URL(url);
  const manifest = await new Promise((res, rej) => {
    http.get({ host: '127.0.0.1', port: u.port, path: '/__minihost/project.json', headers: { Host: u.host } }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => { body += c; });
      r.on('end', () => { try { res(JSON.parse(body)); } catch (e) { rej(new Error(`manifest: ${r.statusCode} ${body.slice(0, 200)}`)); } });
    }).on('error', rej);
  });
  const app = manifest.app || {};
  const pages = [...(app.pages || [])];
  for (const s of app.subpackages || app.subPackages || []) for (const p of s.pages || []) pages.push(`${String(s.root).replace(/\/+$/, '')}/${p}`);
  const results = [];
  for (const page of pages) {
    if (process.env.PAGE && !page.includes(process.env.PAGE)) continue;
    const thrown = [];
    exceptions = thrown;
    await tab.eval('window.__stale = true').catch(() => {});
    await tab.goto(`${url}/?path=${encodeURIComponent(page)}`);
    const end = Date.now() + timeout;
    let state = null;
    for (;;) {
      try {
        state = await tab.eval(`!window.__stale && window.__minihost ? ({
          rendered: performance.getEntriesByName('minihost:rendered').length > 0,
          overlay: [...document.querySelectorAll('.mh-overlay-item')].map((e) => e.textContent.slice(0, ${LIMIT})),
          content: (() => { const p = document.querySelector('.mh-page'); return !!p && (p.textContent.trim().length > 0 || p.querySelectorAll('*').length > 3 || !!p.querySelector('iframe, video, canvas, img')); })(),
        }) : null`);
      } catch { state = null; }
      if (state && (state.rendered || state.overlay.length) || Date.now() > end) break;
      await sleep(100);
    }
    await sleep(400); // onLoad/onReady work and late errors
    try { state = await tab.eval(`({ rendered: performance.getEntriesByName('minihost:rendered').length > 0,
      overlay: [...document.querySelectorAll('.mh-overlay-item')].map((e) => e.textContent.slice(0, ${LIMIT})),
      content: (() => { const p = document.querySelector('.mh-page'); return !!p && (p.textContent.trim().length > 0 || p.querySelectorAll('*').length > 3 || !!p.querySelector('iframe, video, canvas, img')); })() })`); } catch { /* keep */ }
    const problems = [];
    if (!state) problems.push('runtime did not start');
    else {
      if (!state.rendered) problems.push('not rendered');
      if (!state.content) problems.push('blank');
      for (const o of state.overlay) problems.push(`overlay: ${o}`);
    }
    for (const t of thrown) problems.push(`uncaught: ${t}`);
    results.push({ page, ok: problems.length === 0, problems });
    if (verbose) console.log(`${problems.length ? 'FAIL' : 'ok  '} ${page}${problems.length ? `\n      ${problems.join('\n      ')}` : ''}`);
  }
  return results;
}

let exceptions = [];
const bin = binary();
const browser = await launch();
const tab = await browser.newPage();
browser.on((msg) => {
  if (msg.method === 'Runtime.exceptionThrown' && msg.sessionId === tab.sessionId) {
    const d = msg.params.exceptionDetails;
    // a rejection with a plain value ({errMsg} of a wx API) is only logged,
    // on the phone as in the runtime
    if (/in promise/.test(d.text) && d.exception?.subtype !== 'error') return;
    exceptions.push(String(d.exception?.description || d.text).split('\n')[0].slice(0, 300));
  }
});
let total = 0;
let good = 0;
try {
  for (const dir of args) {
    const host = await startHost(bin, resolve(dir));
    try {
      const res = await measure(browser, tab, host.url);
      const ok = res.filter((r) => r.ok).length;
      total += res.length;
      good += ok;
      console.log(`${dir}: ${ok}/${res.length} pages render without an uncaught error (${res.length ? Math.round((100 * ok) / res.length) : 0}%)`);
    } finally { host.stop(); }
  }
} finally { await browser.close(); }
console.log(`total: ${good}/${total} (${total ? Math.round((100 * good) / total) : 0}%)`);
