// A stand-in for the Go server of the contract, for trying the runtime
// without minihost: serves a fixture mini program folder with the manifest,
// the wrapped JS, the built runtime and a stub wx.js.
//   node test/server.mjs [dir] [port]
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');

function walk(dir, base = '') {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const rel = base ? `${base}/${name}` : name;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, rel));
    else out.push(rel);
  }
  return out;
}

const hash = (s) => createHash('sha256').update(s).digest('hex').slice(0, 8);

const transformed = new Map(); // path + content hash → result (the Go server caches by hash too)

export function transformJs(path, src) {
  const key = `${path}\0${hash(src)}`;
  if (!transformed.has(key)) transformed.set(key, transformUncached(path, src));
  return transformed.get(key);
}

function transformUncached(path, src) {
  try {
    const r = transformSync(src, {
      format: 'cjs', target: 'chrome120', sourcemap: 'inline', sourcefile: path, loader: 'js',
      banner: `__minihost.define(${JSON.stringify(path)}, function (require, module, exports) {`,
      footer: '\n});',
    });
    return { code: r.code };
  } catch (e) {
    const m = e.errors?.[0];
    return {
      code: `__minihost.moduleError(${JSON.stringify(path)});`,
      error: { file: path, line: m?.location?.line ?? 0, column: (m?.location?.column ?? 0) + 1, message: m?.text ?? String(e) },
    };
  }
}

export function buildManifest(root) {
  const files = walk(root);
  const read = (f) => readFileSync(join(root, f), 'utf8');
  const app = JSON.parse(read('app.json'));
  const m = { appid: 'wxfixture', name: 'Fixture', app, theme: null, json: {}, wxml: {}, wxs: {}, wxss: {}, js: {}, warnings: [], errors: [] };
  if (app.themeLocation) m.theme = JSON.parse(read(app.themeLocation));
  const set = new Set(files);
  for (const f of files) {
    const ext = extname(f);
    const stem = f.slice(0, -ext.length);
    if (ext === '.wxml') m.wxml[f] = read(f);
    else if (ext === '.wxs') m.wxs[f] = read(f);
    else if (ext === '.wxss') m.wxss[f] = read(f);
    else if (ext === '.js') {
      m.js[f] = hash(read(f));
      const t = transformJs(f, read(f));
      if (t.error) m.errors.push(t.error);
    } else if (ext === '.json' && f !== 'app.json' && (set.has(`${stem}.wxml`) || set.has(`${stem}.js`))) m.json[f] = JSON.parse(read(f));
  }
  return m;
}

const STUB_WX = `window.wx = {
  calls: [],
  getUserInfo(o) { const g = navigator.userActivation.isActive; wx.calls.push({api:'getUserInfo', gesture:g}); const r = {errMsg:'getUserInfo:ok', userInfo:{nickName:'Tester'}}; setTimeout(() => { o.success && o.success(r); o.complete && o.complete(r); }); },
  openSetting(o) { const g = navigator.userActivation.isActive; wx.calls.push({api:'openSetting', gesture:g}); const r = g ? {errMsg:'openSetting:ok', authSetting:{}} : {errMsg:'openSetting:fail can only be invoked by user TAP gesture.'}; setTimeout(() => { (g ? o.success : o.fail)?.(r); o.complete && o.complete(r); }); },
  getUserProfile(o) { const g = navigator.userActivation.isActive; wx.calls.push({api:'getUserProfile', gesture:g}); const r = g ? {errMsg:'getUserProfile:ok', userInfo:{nickName:'Tester'}} : {errMsg:'getUserProfile:fail can only be invoked by user TAP gesture.'}; if (!o || (!o.success && !o.fail)) return g ? Promise.resolve(r) : Promise.reject(r); setTimeout(() => { (g ? o.success : o.fail)?.(r); o.complete && o.complete(r); }); },
  getAccountInfoSync() { return { miniProgram: { appId: "wxfixture", envVersion: "develop", version: "" }, plugin: {} }; },
  // the host's authorization of a scope: granted unless sessionStorage.deny names it
  authorize(o) { const no = (sessionStorage.getItem('deny') || '').split(' ').includes(o.scope); wx.calls.push({api:'authorize', scope:o.scope}); const r = {errMsg: no ? 'authorize:fail auth deny' : 'authorize:ok'}; setTimeout(() => { (no ? o.fail : o.success)?.(r); o.complete?.(r); }); },
  login(o) { const r = {errMsg:'login:ok', code:'c0de'}; if (!o) return Promise.resolve(r); setTimeout(() => o.success && o.success(r)); },
};`;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.json': 'application/json', '.svg': 'image/svg+xml', '.txt': 'text/plain', '.wav': 'audio/wav' };

// withhold names runtime files answered 404 (a script that cannot load).
export function serve(root, port = 0, { withhold = [] } = {}) {
  const logs = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    // as the Go server: content-hashed URLs (?v=) are immutable, the rest revalidated
    const cache = url.searchParams.has('v') && url.searchParams.get('v') !== 'dev' ? 'public, max-age=31536000, immutable' : 'no-cache';
    const send = (code, type, body) => { res.writeHead(code, { 'Content-Type': type, 'Cache-Control': cache }); res.end(body); };
    if (p === '/') {
      return send(200, 'text/html', `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>Fixture</title>
<link rel="stylesheet" href="/__minihost/runtime/runtime.css?v=dev">
<script src="/wx.js"></script>
<script src="/__minihost/runtime/runtime.js?v=dev"></script>
</head><body></body></html>`);
    }
    if (p === '/wx.js') return send(200, TYPES['.js'], STUB_WX);
    if (p === '/__minihost/project.json') return send(200, TYPES['.json'], JSON.stringify(buildManifest(root)));
    if (p === '/__minihost/log' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { try { logs.push(...[JSON.parse(body)].flat()); } catch { logs.push({ bad: body }); } res.writeHead(204); res.end(); }); // an entry, or a batch of them
      return undefined;
    }
    if (p === '/__minihost/logs') return send(200, TYPES['.json'], JSON.stringify(logs));
    if (p.startsWith('/__minihost/runtime/')) {
      const f = join(dist, p.slice('/__minihost/runtime/'.length));
      if (!f.startsWith(dist) || !existsSync(f) || withhold.includes(basename(f))) return send(404, 'text/plain', 'not found');
      return send(200, TYPES[extname(f)] || 'application/octet-stream', readFileSync(f));
    }
    if (p.startsWith('/__minihost/js/')) {
      const rel = p.slice('/__minihost/js/'.length);
      const f = join(root, rel);
      if (!f.startsWith(root) || !existsSync(f)) return send(404, 'text/plain', 'not found');
      return send(200, TYPES['.js'], transformJs(rel, readFileSync(f, 'utf8')).code);
    }
    const f = join(root, p);
    if (f.startsWith(root) && existsSync(f) && statSync(f).isFile()) {
      // byte ranges, as the Go server's http.ServeContent: media seeks with them
      const body = readFileSync(f);
      const type = TYPES[extname(f)] || 'application/octet-stream';
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
      if (!m) { res.setHeader('Accept-Ranges', 'bytes'); return send(200, type, body); }
      const start = Number(m[1]);
      const end = Math.min(m[2] ? Number(m[2]) : body.length - 1, body.length - 1);
      if (start > end) { res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }); return res.end(); }
      res.writeHead(206, { 'Content-Type': type, 'Cache-Control': cache, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${body.length}` });
      return res.end(body.subarray(start, end + 1));
    }
    return send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, logs })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || join(here, '..', 'testdata', 'app');
  const { port } = await serve(root, Number(process.argv[3] || 0));
  console.log(`http://127.0.0.1:${port}/`);
}
