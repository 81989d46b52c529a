// WXS as the phone runs it, on top of what the template compiler generates.
// Real projects (and the UI libraries they ship in their tree) rely on three
// things the compiler's output does not do:
// - `require('./bem.wxs')` inside a .wxs: the compiler keys modules without
//   the extension, so its loader never finds them;
// - a missing .wxs (a file not committed, a typo): the phone renders the
//   template with an empty module; the compiler's loader throws at load
//   time, which happens when the whole template group is evaluated, so one
//   bad reference anywhere stopped every page;
// - words that are reserved in JavaScript but are plain names in WXS (iView's
//   `var class = ''`): a SyntaxError in the generated code, again for the
//   whole group;
// - `constructor`, which in WXS is a string naming the value's type
//   (vant's `isArray` is `a.constructor === 'Array'`, its style helper turns
//   an object into CSS only when `constructor` is `'Object'`): in JavaScript
//   it is a function, so vant's pickers had no columns and its styles were
//   "[object Object]".
import { lazyProperty } from './lazyprop.js';

// Names WXS accepts as variables that a JavaScript engine rejects.
const RESERVED = new Set(['class', 'enum', 'super', 'extends', 'import', 'export', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

// WXS_CONSTRUCTOR is what fixWxsSource renames a `.constructor` access in
// WXS to; installWxsConstructors defines it on the built-in prototypes as
// the type's name, as the phone's WXS runtime does with its own name.
export const WXS_CONSTRUCTOR = '__mhWxsConstructor';
const WXS_TYPES = [['Object', Object], ['Array', Array], ['Function', Function], ['Number', Number],
  ['String', String], ['Boolean', Boolean], ['Date', Date], ['RegExp', RegExp]];

// installWxsConstructors makes `value[WXS_CONSTRUCTOR]` the WXS type name of
// any value: a non-enumerable property of each built-in prototype.
export function installWxsConstructors() {
  for (const [name, ctor] of WXS_TYPES) {
    if (Object.prototype.hasOwnProperty.call(ctor.prototype, WXS_CONSTRUCTOR)) continue;
    Object.defineProperty(ctor.prototype, WXS_CONSTRUCTOR, { value: name, writable: true, configurable: true, enumerable: false });
  }
}

// fixWxsSource renames, in WXS source (not in strings and comments),
// reserved words used as variable names (not property names `a.class` or
// object keys `{class: 1}`) to `_$<word>`, and the property access
// `.constructor` to WXS_CONSTRUCTOR.
export function fixWxsSource(src) {
  const s = String(src);
  let out = '';
  let last = ''; // the last character of code (not space, string or comment) written
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== '\n') j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      last = c;
      i = j + 1;
    } else if (c === '/' && s[i + 1] === '/') {
      const j = s.indexOf('\n', i);
      const end = j < 0 ? s.length : j;
      out += s.slice(i, end);
      i = end;
    } else if (c === '/' && s[i + 1] === '*') {
      const j = s.indexOf('*/', i + 2);
      const end = j < 0 ? s.length : j + 2;
      out += s.slice(i, end);
      i = end;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < s.length && /[\w$]/.test(s[j])) j++;
      const word = s.slice(i, j);
      let k = j;
      while (k < s.length && /\s/.test(s[k])) k++;
      const after = s[k] ?? '';
      const member = last === '.';
      const propertyName = member || (after === ':' && (last === '{' || last === ','));
      if (member && word === 'constructor') out += WXS_CONSTRUCTOR;
      else out += RESERVED.has(word) && !propertyName ? `_$${word}` : word;
      last = word[word.length - 1];
      i = j;
    } else {
      out += c;
      if (!/\s/.test(c)) last = c;
      i++;
    }
  }
  return out;
}

// fixInlineWxs applies fixWxsSource to the <wxs module="…">…</wxs> blocks of
// a WXML source.
export function fixInlineWxs(wxml) {
  return String(wxml).replace(/(<wxs\b[^>]*[^/]>)([\s\S]*?)(<\/wxs\s*>)/g, (m, open, body, close) => open + fixWxsSource(body) + close);
}

// The compiler's loader, as 0.12 generates it; patchLoader fails loudly (in
// the tests) when a new compiler changes it.
const LOOKUP = 'var module = modules[filename];';
const THROW = "if (!module) throw new Error('no such WXS module: ' + filename);";
const CALL = 'module.loader.call(null, require, module.exports, module);';
const REGISTRY = 'var R={};';

// patchLoader rewrites the generated group code: a module is found with or
// without ".wxs", a missing one is reported to `__mhMissing` and is `{}`, a
// module whose top level throws is reported to `__mhFailed` and keeps what
// it exported so far. The loader is only generated when the group has .wxs
// files; `complete` says whether every part was found.
export function patchLoader(code) {
  const parts = [
    [LOOKUP, "var module = modules[filename] || modules[String(filename).replace(/\\.wxs$/, '')];"],
    [THROW, 'if (!module) { __mhMissing(filename); return {}; }'],
    [CALL, `try { ${CALL} } catch (e) { __mhFailed(filename, e); }`],
    [REGISTRY, 'var R=__mhRegistry();'],
  ];
  let out = code;
  let complete = true;
  for (const [from, to] of parts) {
    if (out.includes(from)) out = out.replace(from, to);
    else complete = false;
  }
  return { code: out, complete };
}

// WXS's built-in constructors (WXS has no `new RegExp` / `new Date`).
const getRegExp = (pattern, flags) => new RegExp(pattern, flags);
const getDate = (...args) => new Date(...args);

// The compiler writes each file's group as `G["<path>"]=(()=>{…})();`: an
// immediately called function, which V8 compiles in full while the code is
// evaluated, every file of the project before the first page can render.
const GROUP_START = /\bG\[("(?:[^"\\\n]|\\.)*")\]=\(\(\)=>\{/g;
const GROUP_END = '{_:H})})();';

// lazyGroups rewrites the groups so that each is made when first read
// (`__mhLazy(G,"<path>",()=>{…});`): a page's group, and the groups it
// imports, when the page is created. Code not in that shape is kept as it is.
export function lazyGroups(code) {
  const starts = code.match(GROUP_START)?.length ?? 0;
  if (!starts || code.split(GROUP_END).length - 1 !== starts) return code;
  return code.replace(GROUP_START, '__mhLazy(G,$1,()=>{').split(GROUP_END).join('{_:H})});');
}

// evalGroups evaluates the compiler's generated code. `missing(name)` is
// called once per WXS module that does not exist, `failed(name, err)` for
// a module that threw while loading. lazy: each group is made when first
// read (lazyGroups), and its WXS modules are loaded then.
export function evalGroups(code, { missing = () => {}, failed = () => {}, lazy = false } = {}) {
  installWxsConstructors();
  const seen = new Set();
  const onMissing = (name) => {
    const n = String(name).replace(/\.wxs$/, '');
    if (!seen.has(n)) { seen.add(n); missing(n); }
  };
  // the module registry: a template's reference to a module no file defines
  // (`R["x"]()`) gets an empty one instead of "R[...] is not a function"
  const registry = () => new Proxy({}, {
    get(target, key) {
      if (typeof key !== 'string' || Object.prototype.hasOwnProperty.call(target, key)) return target[key];
      return () => { onMissing(key); return {}; };
    },
  });
  const patched = patchLoader(code).code;
  // eslint-disable-next-line no-new-func
  return new Function('__mhMissing', '__mhFailed', '__mhRegistry', 'getRegExp', 'getDate', '__mhLazy', `return ${lazy ? lazyGroups(patched) : patched}`)(onMissing, failed, registry, getRegExp, getDate, lazyProperty);
}
