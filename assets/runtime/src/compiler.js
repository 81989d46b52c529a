// The WXML/WXS template compiler (glass-easel-template-compiler, Rust → wasm)
// instantiated in the page from /__minihost/runtime/<wasm>.
import { resolveFrom, stripExt } from './paths.js';
import { evalGroups, fixInlineWxs, fixWxsSource } from './wxs.js';
import { distScript, distURL } from './distscript.js';

/* global __WASM_NAME__ */
let ready = null;

export function loadCompiler() {
  if (!ready) {
    const url = distURL(__WASM_NAME__);
    ready = (async () => {
      const [glue, resp] = await Promise.all([distScript(distURL('compiler.js'), '__minihostCompilerGlue', 'template compiler'), fetch(url)]);
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
    ready.catch(() => { ready = null; }); // the next compile tries again
  }
  return ready;
}

// compileAll adds every wxml and wxs of the manifest to one group and returns
// {groups: path (no extension) → compiled template, problems: [{file, line,
// column, message, level}], source: the generated code the groups were made
// from, for the compiled-template cache}. A file that breaks the group's generated code
// is found, left out (its tag or page renders empty) and named in problems;
// a missing WXS module is a warning and an empty module (see wxs.js).
export function compileAll(compiler, wxml, wxs) {
  const problems = [];
  const missing = [];
  const failedWxs = [];
  const hooks = {
    missing: (name) => missing.push(name),
    failed: (name, e) => failedWxs.push({ name: stripExt(String(name), '.wxs'), e }),
  };
  const scripts = Object.entries(wxs || {}).map(([file, src]) => [file, fixWxsSource(src)]);
  const tmpls = Object.entries(wxml || {}).map(([file, src]) => [file, fixInlineWxs(src)]);
  let code = build(compiler, scripts, tmpls, problems);
  let groups;
  try {
    groups = evalGroups(code, hooks);
  } catch (err) {
    // find the files whose own generated code does not evaluate
    const bad = new Set();
    for (const one of [...scripts.map((f) => [[f], []]), ...tmpls.map((f) => [[], [f]])]) {
      const file = (one[0][0] || one[1][0])[0];
      try {
        evalGroups(build(compiler, one[0], one[1], []));
      } catch (e) {
        bad.add(file);
        problems.push({ file, line: 0, column: 0, level: 'error', message: `${e?.message || e}; this file is left out` });
      }
    }
    if (!bad.size) throw err;
    missing.length = 0;
    failedWxs.length = 0;
    code = build(compiler, scripts.filter(([f]) => !bad.has(f)), tmpls.filter(([f]) => !bad.has(f)), []);
    groups = evalGroups(code, hooks);
  }
  for (const name of missing) {
    problems.push({ file: `${name}.wxs`, line: 0, column: 0, level: 'warn', message: `WXS module "${name}.wxs" not found: an empty module is used` });
  }
  for (const { name, e } of failedWxs) {
    problems.push({ file: `${name}.wxs`, line: 0, column: 0, level: 'error', message: `WXS: ${e?.message || e}` });
  }
  return { groups, problems, source: code };
}

// groupsFrom evaluates generated code from the compiled-template cache
// (bootcache.js) as compileAll does (missing WXS modules are empty), each
// file's group made when first read: compileAll has made every one already,
// and reported what went wrong.
export function groupsFrom(source) {
  return evalGroups(source, { lazy: true });
}

// build compiles scripts and templates ([file, source] lists) into the
// group's generated code; add errors and compiler warnings go to problems.
function build(compiler, scripts, tmpls, problems) {
  const group = new compiler.TmplGroup();
  try {
    for (const [file, src] of scripts) {
      try {
        group.addScript(stripExt(file, '.wxs'), String(src));
      } catch (e) {
        problems.push({ file, line: 0, column: 0, level: 'error', message: String(e?.message || e) });
      }
    }
    for (const [file, src] of tmpls) {
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
    return group.getTmplGenObjectGroups();
  } finally {
    group.free();
  }
}

// templateFor makes what the adapter's addCompiledTemplate wants. The
// compiler knows only the `bind:tap` form of event bindings; the legacy
// `bindtap`/`catchtap`/`capture-bindtap` that mini programs use everywhere
// reach the template as attributes, which glass-easel turns into listeners
// on native nodes only when fallbackListenerOnNativeNode is set.
// content is read when glass-easel prepares the component, so that a group
// made lazily (groupsFrom) is made then.
export function templateFor(groups, path) {
  return { groupList: groups, get content() { return groups[path]; }, fallbackListenerOnNativeNode: true };
}

const withoutComments = (src) => String(src).replace(/<!--[\s\S]*?-->/g, '');

// tagsOf lists the element names a WXML source uses (for unknown-tag
// placeholders); comments are skipped.
export function tagsOf(src) {
  const names = new Set();
  const text = withoutComments(src);
  for (const m of text.matchAll(/<([A-Za-z][\w.-]*)/g)) names.add(m[1]);
  return names;
}

// wxmlClosure is the set of WXML files among files (paths with .wxml) and
// those they <import> or <include>, transitively: every file whose
// templates a page's render can use. wxml: path → source.
export function wxmlClosure(files, wxml) {
  const out = new Set();
  const walk = (file) => {
    if (file === null || out.has(file) || wxml[file] === undefined) return;
    out.add(file);
    for (const m of withoutComments(wxml[file]).matchAll(/<(?:import|include)\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1/g)) {
      walk(resolveFrom(file, m[2].endsWith('.wxml') ? m[2] : `${m[2]}.wxml`));
    }
  };
  for (const f of files) walk(f);
  return out;
}
