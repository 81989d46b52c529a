// Builds /wx.js, the page bundle of the minihost-wx package (assets/wxjs): one IIFE from its
// ES module sources, readable (pages and testers read it; it is small). The version is
// FyneApp.toml's, the one version of minihost: it is written into the package's package.json and
// src/version.js here, so the package, the bundle and `minihost version` agree.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const pkgDir = join(here, '..', 'wxjs');

// fyneVersion reads [Details] Version from FyneApp.toml (the same line version.go reads).
export function fyneVersion(toml) {
  const m = /^\s*Version\s*=\s*"([^"]+)"/m.exec(toml);
  if (!m) throw new Error('FyneApp.toml: no Version = "…" line');
  return m[1];
}

function writeIfChanged(path, text) {
  let old = null;
  try { old = readFileSync(path, 'utf8'); } catch { /* new file */ }
  if (old !== text) writeFileSync(path, text);
}

const version = fyneVersion(readFileSync(join(root, 'FyneApp.toml'), 'utf8'));
writeIfChanged(join(pkgDir, 'src/version.js'),
  "// minihost's version, from FyneApp.toml. Written by `make runtime` (assets/runtime/build-wxjs.mjs): do not edit.\n" +
  `export const version = ${JSON.stringify(version)};\n`);
const pkgPath = join(pkgDir, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.version = version;
writeIfChanged(pkgPath, JSON.stringify(pkg, null, 2) + '\n');

const banner = `/*!
 * minihost wx.js ${version}: the \`wx\` open interfaces of a mini program host, served by minihost.
 * Built from assets/wxjs (the minihost-wx package) by \`make runtime\`: do not edit.
 *
 * In a mini program page served by minihost on the app's own origin:
 *     <script src="/wx.js"></script>
 *     <script> wx.login({ success(res) { console.log(res.code) } }) </script>
 * It defines the global wx (ready from the first line) and minihostWx = { createWx, install, version }.
 * Node, test runners and IDEs: npm install the package (assets/wxjs/README.md).
 * Wire protocol: docs/protocol.md.
 */`;

await build({
  entryPoints: [join(pkgDir, 'src/browser.js')],
  bundle: true,
  format: 'iife',
  target: ['es2018'],
  charset: 'utf8',
  legalComments: 'none',
  banner: { js: banner },
  outfile: join(pkgDir, 'dist/wx.js'),
  logLevel: 'warning',
});
