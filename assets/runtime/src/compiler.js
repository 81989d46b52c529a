// The WXML/WXS template compiler (glass-easel-template-compiler, Rust → wasm)
// instantiated in the page from /__minihost/runtime/<wasm>.
import * as glue from 'glass-easel-template-compiler';
import { stripExt } from './paths.js';

/* global __WASM_NAME__ */
let ready = null;

export function loadCompiler(base = '/__minihost/runtime/') {
  if (!ready) {
    const url = base + __WASM_NAME__ + (currentVersion() ? `?v=${currentVersion()}` : '');
    ready = (async () => {
      const resp = await fetch(url);
      if (!resp.ok) throw new Error(`template compiler: GET ${url}: ${resp.status}`);
      let result;
      try {
        result = await WebAssembly.instantiateStreaming(resp.clone(), glue.__imports);
      } catch {
        result = await WebAssembly.instantiate(await resp.arrayBuffer(), glue.__imports);
      }
      glue.__setInstance(result.instance);
      return glue;
    })();
  }
  return ready;
}

// currentVersion is the ?v= of the runtime script, reused for the wasm so a
// new build never meets a stale cached compiler.
export function currentVersion() {
  const s = document.currentScript || document.querySelector('script[src*="/__minihost/runtime/runtime.js"]');
  if (!s) return '';
  try { return new URL(s.src, location.href).searchParams.get('v') || ''; } catch { return ''; }
}

// compileAll adds every wxml and wxs of the manifest to one group and returns
// {groups: path (no extension) → compiled template, problems: [{file, line,
// column, message, level}], source: the JS source groups were made from}.
export function compileAll(compiler, wxml, wxs) {
  const group = new compiler.TmplGroup();
  const problems = [];
  try {
    for (const [file, src] of Object.entries(wxs || {})) {
      try {
        group.addScript(stripExt(file, '.wxs'), String(src));
      } catch (e) {
        problems.push({ file, line: 0, column: 0, level: 'error', message: String(e?.message || e) });
      }
    }
    for (const [file, src] of Object.entries(wxml || {})) {
      let warnings;
      try {
        warnings = group.addTmpl(stripExt(file, '.wxml'), String(src));
      } catch (e) {
        problems.push({ file, line: 0, column: 0, level: 'error', message: String(e?.message || e) });
        continue;
      }
      for (const w of warnings || []) {
        problems.push({
          file,
          line: (w.startLine ?? 0) + 1,
          column: (w.startColumn ?? 0) + 1,
          level: w.isError ? 'error' : 'warn',
          message: w.message,
        });
      }
    }
    const source = group.getTmplGenObjectGroups();
    return { groups: groupsFrom(source), problems, source };
  } finally {
    group.free();
  }
}

// groupsFrom evaluates the compiler's output (the JS source of the groups),
// fresh or from the compiled-template cache (bootcache.js).
export function groupsFrom(source) {
  // eslint-disable-next-line no-new-func
  return new Function(`return ${source}`)();
}

// templateFor makes what the adapter's addCompiledTemplate wants. The
// compiler knows only the `bind:tap` form of event bindings; the legacy
// `bindtap`/`catchtap`/`capture-bindtap` that mini programs use everywhere
// reach the template as attributes, which glass-easel turns into listeners
// on native nodes only when fallbackListenerOnNativeNode is set.
export function templateFor(groups, path) {
  return { groupList: groups, content: groups[path], fallbackListenerOnNativeNode: true };
}

// tagsOf lists the element names a WXML source uses (for unknown-tag
// placeholders); comments are skipped.
export function tagsOf(src) {
  const names = new Set();
  const text = String(src).replace(/<!--[\s\S]*?-->/g, '');
  for (const m of text.matchAll(/<([A-Za-z][\w.-]*)/g)) names.add(m[1]);
  return names;
}
