// Builds dist/: runtime.js (one IIFE bundle), runtime.css, the template compiler's
// .wasm and the bundled packages' licences. Deterministic: the same inputs give the
// same bytes (no timestamps, no absolute paths, sorted licence list).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const compilerDir = join(here, 'node_modules/glass-easel-template-compiler');
export const WASM_NAME = 'template_compiler.wasm';

// The compiler's npm glue is written for Node: it requires `util` for
// TextEncoder/TextDecoder and reads its .wasm with `fs` at load time. In the
// browser we keep its import object and exports but instantiate the module
// ourselves, so the tail that reads the file becomes a setter.
const compilerGlue = {
  name: 'compiler-glue',
  setup(b) {
    b.onLoad({ filter: /glass_easel_template_compiler\.js$/ }, (args) => {
      let src = readFileSync(args.path, 'utf8');
      const tail = src.indexOf("const path = require('path')");
      if (tail < 0) throw new Error('compiler glue changed: cannot find its wasm loader');
      src = src.slice(0, tail) +
        'module.exports.__imports = imports;\n' +
        'module.exports.__setInstance = function (instance) { wasm = instance.exports; module.exports.__wasm = wasm; };\n';
      src = src.replace('require(`util`)', 'globalThis');
      if (src.includes("require('") || src.includes('require(`')) throw new Error('compiler glue still requires a Node module');
      return { contents: src, loader: 'js' };
    });
  },
};

// Two changes to the adapter. Its IntersectionObserver drops the first
// notification exactly when the ratio crossed a threshold since initialRatio (the inverse of the
// documented rule: "fires once if the ratio differs from initialRatio and
// reaches a threshold"), so observers of visible nodes never fired (vant's
// calendar, tdesign's sticky and tabs).
const adapterFix = {
  name: 'adapter-fixes',
  setup(b) {
    b.onLoad({ filter: /glass_easel_miniprogram_adapter\.es\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const from = 'if(i=null,t<this._$thresholds.length)return';
      if (!src.includes(from)) throw new Error('adapter changed: cannot find the IntersectionObserver initial check');
      // The adapter also re-exports glass-easel as one object, which keeps
      // every export of glass-easel in the bundle; src/engine.js imports
      // what the runtime uses by name, so without it the rest is dropped.
      const reexport = 'export{e as glassEasel};';
      if (!src.includes(reexport)) throw new Error('adapter changed: cannot find its re-export of glass-easel');
      return { contents: src.replace(from, 'if(i=null,t>=this._$thresholds.length)return').replace(reexport, ''), loader: 'js' };
    });
  },
};

// runtime.js must not bundle glass-easel or its adapter: they are in
// engine.js, which the runtime waits for only once it needs them.
const noEngine = {
  name: 'no-engine',
  setup(b) {
    b.onResolve({ filter: /^glass-easel(-miniprogram-adapter|-template-compiler)?$/ }, (args) => {
      throw new Error(`${args.importer} imports ${args.path}: only src/engine.js and src/compilerglue.js may (the runtime gets them from loadEngine and loadCompiler)`);
    });
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// What every script of the runtime is built with: one minified IIFE for the
// browsers the simulator and the e2e tests run.
const script = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100'],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
};

// every wx row's name and kind, so that the runtime makes a group of rows
// only when one of them is first read (src/apis/index.js lazyTable)
const { rowIndex } = await import('./src/apis/index.js');

await build({
  ...script,
  entryPoints: [join(here, 'src/main.js')],
  define: { 'process.env.NODE_ENV': '"production"', __WASM_NAME__: JSON.stringify(WASM_NAME), __API_ROWS__: JSON.stringify(rowIndex()) },
  plugins: [noEngine],
  outfile: join(dist, 'runtime.js'),
  // when the browser has compiled runtime.js and starts it: the bench tells
  // the script's arrival, its compilation and its evaluation apart
  banner: { js: 'performance.mark("minihost:script");' },
});

// the template compiler's glue, loaded with its wasm when a page compiles (src/compilerglue.js)
await build({ ...script, entryPoints: [join(here, 'src/compilerglue.js')], plugins: [compilerGlue], outfile: join(dist, 'compiler.js') });

// glass-easel and its adapter: a script of their own (src/engine.js)
await build({
  ...script,
  entryPoints: [join(here, 'src/engine.js')],
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [adapterFix],
  outfile: join(dist, 'engine.js'),
  // as runtime.js's: when engine.js is compiled and starts
  banner: { js: 'performance.mark("minihost:engine-script");' },
});

// the automation bridge (issue 15): its own file, loaded when a host asks
await build({ ...script, entryPoints: [join(here, 'src/automation/entry.js')], outfile: join(dist, 'automation.js') });
// Quill for the editor component, loaded with the first editor (src/editor/entry.js)
await build({ ...script, entryPoints: [join(here, 'src/editor/entry.js')], loader: { '.css': 'text' }, outfile: join(dist, 'editor.js') });
// the bootstrap of wx.createWorker's workers (src/worker/entry.js)
await build({ ...script, entryPoints: [join(here, 'src/worker/entry.js')], outfile: join(dist, 'worker.js') });

await build({
  entryPoints: [join(here, 'src/runtime.css')],
  bundle: true,
  minify: true,
  outfile: join(dist, 'runtime.css'),
  logLevel: 'warning',
});

copyFileSync(join(compilerDir, 'glass_easel_template_compiler_bg.wasm'), join(dist, WASM_NAME));

// glass-easel's in runtime.js, engine.js and the wasm; Quill and what it
// bundles in editor.js
const licensed = ['glass-easel', 'glass-easel-miniprogram-adapter', 'glass-easel-template-compiler', 'quill', 'parchment', 'quill-delta', 'lodash-es', 'eventemitter3', 'fast-diff'];
let text = 'Third-party software bundled in runtime.js, engine.js, editor.js and ' + WASM_NAME + '.\n';
for (const name of licensed) {
  const pkg = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8'));
  const lic = readFileSync(join(here, 'node_modules', name, 'LICENSE'), 'utf8').trim();
  text += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n\n${lic}\n`;
}
writeFileSync(join(dist, 'THIRD_PARTY_LICENSES.txt'), text);
await import('./build-wxjs.mjs');
