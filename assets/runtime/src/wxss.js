// WXSS → CSS: rpx units, @import between wxss files, the `page` selector and
// scoping. Scoping follows glass-easel: an element of a component whose style
// scope is named N carries class "N--foo" for the WXML class "foo", so a
// component's ".foo" becomes ".N--foo". A page shares the app's scope (its
// classes are written unprefixed), so its rules are limited to its own page
// root ".mh-page--<name>" instead; `page` means that root.
import { resolveFrom } from './paths.js';
import { RENAMED } from './tags.js';

const RENAMED_TAGS = new RegExp(`(^|[\\s>+~(,])(${[...RENAMED].join('|')})(?![\\w-])`, 'g');

const RPX = /(-?(?:\d+\.?\d*|\.\d+))rpx\b/g;

export function convertRpx(text) {
  return text.replace(RPX, (_, n) => (Number(n) === 0 ? '0' : `calc(var(--rpx) * ${Number(n)})`));
}

function stripComments(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

// splitTop splits on `sep` outside (), [] and strings.
function splitTop(s, sep) {
  const out = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

// matching returns the index of the "}" closing the "{" at i.
function matching(css, i) {
  let depth = 0;
  let quote = '';
  for (let j = i; j < css.length; j++) {
    const c = css[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return css.length;
}

// scopeSelector rewrites one selector. opts: {prefix, pageRoot}.
export function scopeSelector(sel, { prefix = '', pageRoot = '' } = {}) {
  let s = sel.trim();
  if (!s) return s;
  // class names: .foo → .prefix--foo (not inside [...] or strings)
  if (prefix) {
    s = s.replace(/(\[[^\]]*\])|\.(-?[_a-zA-Z][\w-]*)/g, (m, attr, name) => (attr ? attr : `.${prefix}--${name}`));
  }
  // :host of a component with its own style scope: glass-easel marks the
  // host element with wx-host="<scope name>"
  if (prefix) s = s.replace(/:host(?![\w-])(\(([^)]*)\))?/g, (m, p, inner) => `[wx-host="${prefix}"]${inner || ''}`);
  // type selectors of elements whose host is renamed (input → wx-input)
  s = s.replace(RENAMED_TAGS, (m, before, tag) => `${before}wx-${tag}`);
  // the `page` type selector (not part of a longer name or a class)
  const root = pageRoot || '.mh-page';
  let startsWithPage = false;
  s = s.replace(/(^|[\s>+~(,])page(?![\w-])/g, (m, before, offset) => {
    if (offset === 0) startsWithPage = true;
    return before + root;
  });
  // a component rule without any class (tag or id selectors, which the phone
  // warns about) is kept inside the component's subtree instead of the document
  if (prefix && !pageRoot && !s.includes(`.${prefix}--`) && !s.startsWith('[wx-host=')) {
    s = `[wx-host="${prefix}"] ${s}`;
  }
  if (pageRoot && !startsWithPage && !s.startsWith(':root') && !s.startsWith('html') && !s.startsWith('body')) {
    s = `${pageRoot} ${s}`;
  }
  return s;
}

const PASS_THROUGH_AT = /^@(font-face|keyframes|-webkit-keyframes|page|counter-style|property)\b/;

// transformBlock rewrites a list of rules.
function transformBlock(css, opts) {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    const semi = css.indexOf(';', i);
    if (open < 0) {
      out += css.slice(i).trim() ? '' : '';
      break;
    }
    if (semi >= 0 && semi < open && css.slice(i, semi).trim().startsWith('@')) {
      // a statement at-rule (@charset, a leftover @import): keep as written
      out += css.slice(i, semi + 1).trim() + '\n';
      i = semi + 1;
      continue;
    }
    const head = css.slice(i, open).trim();
    const close = matching(css, open);
    const body = css.slice(open + 1, close);
    if (head.startsWith('@')) {
      if (PASS_THROUGH_AT.test(head)) out += `${head}{${body}}\n`;
      else out += `${head}{\n${transformBlock(body, opts)}}\n`;
    } else if (head) {
      const sels = splitTop(head, ',').map((x) => scopeSelector(x, opts)).filter(Boolean);
      out += `${sels.join(',')}{${body.trim()}}\n`;
    }
    i = close + 1;
  }
  return out;
}

// inlineImports replaces @import "file" with that file's text (recursively,
// each file once) as the phone's compiler does. `files` maps path → source.
// Missing files are reported through `warn` and skipped.
export function inlineImports(path, files, warn = () => {}, seen = new Set()) {
  if (seen.has(path)) return '';
  seen.add(path);
  const src = files[path];
  if (src === undefined) {
    warn(`${path}: @import target not found`);
    return '';
  }
  return stripComments(src).replace(/@import\s+(?:url\()?\s*(["'])([^"']+)\1\s*\)?[^;]*;?/g, (m, q, ref) => {
    let target = resolveFrom(path, ref);
    if (target !== null && !target.endsWith('.wxss')) target += '.wxss';
    if (target === null) {
      warn(`${path}: @import "${ref}" points outside the project`);
      return '';
    }
    if (files[target] === undefined) {
      warn(`${path}: @import "${ref}": ${target} not found`);
      return '';
    }
    return inlineImports(target, files, warn, seen);
  });
}

// transformWxss turns one wxss file (with its imports) into CSS.
// opts: {prefix: component style scope name, pageRoot: page root selector}.
export function transformWxss(path, files, opts = {}, warn) {
  const css = inlineImports(path, files, warn);
  return safeAreaVars(convertRpx(transformBlock(css, opts)));
}

// safeAreaVars lets env(safe-area-inset-*) (and the old constant()) answer
// the safe area the runtime draws (statusbar.js), which Chromium's device
// emulation leaves at 0; a fallback argument stays one.
export function safeAreaVars(css) {
  return css.replace(/\b(?:env|constant)\(\s*safe-area-inset-(top|bottom|left|right)\b/g, 'var(--mh-safe-area-inset-$1');
}
