// The rendered WXML tree as the SDK sees it: WXSS-like selectors, XPath and
// WXML markup over glass-easel's element tree (the DOM has renamed tags and
// scoped class names, the tree has what the WXML wrote). Duck-typed on
// glass-easel's nodes: this code is loaded on demand, without the library.

const BUILTIN_DIR = '__minihost__/';

const isElement = (n) => typeof n?.asElement === 'function' && n.asElement() !== null;
const comp = (n) => n.asGeneralComponent?.() || null;
const isVirtual = (n) => n.isVirtual?.() === true;
const isSlot = (n) => n.is === 'slot';

// isCustom: a component of the mini program (not a built-in).
export const isCustom = (n) => {
  const c = comp(n);
  return !!c && !String(c.is).startsWith(BUILTIN_DIR);
};

// tagOf is the WXML tag name of an element.
export function tagOf(n) {
  const c = comp(n);
  if (c) return c.tagName || String(c.is).replace(BUILTIN_DIR, '');
  return String(n.is || '');
}

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

// attrOf is a WXML attribute of an element as the template set it.
export function attrOf(n, name) {
  if (name === 'id') return n.id || null;
  if (name === 'class') return n.class || null;
  if (name === 'style') return n.style || null;
  if (name.startsWith('data-')) {
    const v = n.dataset?.[camel(name.slice(5))];
    return v === undefined ? null : v;
  }
  const c = comp(n);
  if (c) {
    const key = camel(name);
    const props = publicProps(n);
    if (props.includes(key)) return c.data[key];
  }
  const v = n.getAttribute?.(name);
  if (v !== null && v !== undefined) return v;
  const d = n.$$?.getAttribute?.(name);
  return d === undefined ? null : d;
}

// publicProps lists a component's property names (not its private data).
export function publicProps(n) {
  const c = comp(n);
  if (!c) return [];
  try {
    const props = c.getRootBehavior().listProperties();
    if (Array.isArray(props)) return props;
  } catch { /* the definition is not readable: fall back to data keys */ }
  return Object.keys(c.data || {}).filter((k) => !k.startsWith('_'));
}

// ---- selectors

const IDENT = /^-?[_a-zA-Z][-_a-zA-Z0-9]*/;

function bad(sel, why) { return new Error(`unsupported selector "${sel}": ${why}`); }

// parseSelector: a list of complex selectors, each [{tag, id, classes,
// attrs, rel}] where rel is how a part relates to the one before (' ', '>',
// '>>>').
export function parseSelector(sel) {
  const s = String(sel ?? '').trim();
  const list = [];
  let parts = [];
  let rel = null;
  let i = 0;
  const ident = () => {
    const m = IDENT.exec(s.slice(i));
    if (!m) throw bad(s, `a name is expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const end = () => {
    if (!parts.length || rel) throw bad(s, 'empty part');
    list.push(parts);
    parts = [];
  };
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) { i++; if (parts.length && !rel) rel = ' '; continue; }
    if (s.startsWith('>>>', i)) { rel = '>>>'; i += 3; continue; }
    if (ch === '>') { rel = '>'; i++; continue; }
    if (ch === ',') {
      if (rel && rel !== ' ') throw bad(s, `"${rel}" before ","`);
      rel = null;
      end();
      i++;
      continue;
    }
    if (ch === '+' || ch === '~') throw bad(s, `the "${ch}" combinator`);
    const part = { tag: '', id: '', classes: [], attrs: [], rel: parts.length ? (rel || ' ') : null };
    if (!parts.length && rel) throw bad(s, 'starts with a combinator');
    rel = null;
    if (ch === '*') { part.tag = '*'; i++; } else if (IDENT.test(s.slice(i))) part.tag = ident();
    for (;;) {
      const c = s[i];
      if (c === '#') { i++; part.id = ident(); } else if (c === '.') { i++; part.classes.push(ident()); } else if (c === '[') {
        const m = /^\[\s*([-\w:]+)\s*(?:([~^$*|]?=)\s*("([^"]*)"|'([^']*)'|[^\]\s]+)\s*)?\]/.exec(s.slice(i));
        if (!m) throw bad(s, `attribute at ${i}`);
        i += m[0].length;
        part.attrs.push({ name: m[1], op: m[2] || '', value: m[4] ?? m[5] ?? m[3] ?? '' });
      } else if (c === ':') throw bad(s, 'pseudo-classes');
      else break;
    }
    if (!part.tag && !part.id && !part.classes.length && !part.attrs.length) throw bad(s, `unexpected "${s[i]}"`);
    parts.push(part);
  }
  end();
  return list;
}

function matchPart(n, p) {
  if (p.tag && p.tag !== '*' && tagOf(n) !== p.tag) return false;
  if (p.id && n.id !== p.id) return false;
  for (const c of p.classes) if (!n.classList?.contains(c)) return false;
  for (const a of p.attrs) {
    const v = attrOf(n, a.name);
    if (v === null || v === undefined || v === false) return false;
    const s = String(v);
    switch (a.op) {
      case '': break;
      case '=': if (s !== a.value) return false; break;
      case '~=': if (!s.split(/\s+/).includes(a.value)) return false; break;
      case '^=': if (!s.startsWith(a.value)) return false; break;
      case '$=': if (!s.endsWith(a.value)) return false; break;
      case '*=': if (!s.includes(a.value)) return false; break;
      case '|=': if (s !== a.value && !s.startsWith(`${a.value}-`)) return false; break;
      default: return false;
    }
  }
  return true;
}

// parentOf: the nearest non-virtual ancestor inside scope; across a shadow
// root to its host when cross.
function parentOf(n, scope, cross) {
  let p = n.parentNode;
  for (;;) {
    if (!p || p === scope) return null;
    if (p.asShadowRoot?.()) {
      if (!cross) return null;
      p = p.getHostNode();
      if (!p || p === scope) return null;
      return p;
    }
    if (isVirtual(p)) { p = p.parentNode; continue; }
    return p;
  }
}

function matches(n, parts, k, scope, deep) {
  const p = parts[k];
  if (!matchPart(n, p)) return false;
  if (k === 0) return true;
  const cross = deep || p.rel === '>>>';
  if (p.rel === '>') {
    const up = parentOf(n, scope, deep);
    return !!up && matches(up, parts, k - 1, scope, deep);
  }
  for (let up = parentOf(n, scope, cross); up; up = parentOf(up, scope, cross)) {
    if (matches(up, parts, k - 1, scope, deep)) return true;
  }
  return false;
}

// elementsUnder: non-virtual elements under root in document order; into
// the shadow trees of custom components when deep.
function elementsUnder(root, deep, out = []) {
  for (const child of root.childNodes || []) {
    if (!isElement(child)) continue;
    if (!isVirtual(child)) out.push(child);
    if (deep && isCustom(child)) {
      const sr = comp(child).getShadowRoot();
      if (sr) elementsUnder(sr, deep, out);
    }
    elementsUnder(child, deep, out);
  }
  return out;
}

// scopeOf: where a query from an element looks: a custom component's own
// WXML, else the element's subtree.
export function scopeOf(n) {
  return isCustom(n) ? comp(n).getShadowRoot() : n;
}

// query finds the elements matching sel under scope: in scope's own tree
// first (as CSS would), and when nothing matches there, inside custom
// components too (descendant combinators then cross component boundaries,
// as ">>>" does).
export function query(scope, sel, one) {
  const list = parseSelector(sel);
  const deepOnly = list.some((parts) => parts.some((p) => p.rel === '>>>'));
  for (const deep of deepOnly ? [true] : [false, true]) {
    const found = [];
    for (const n of elementsUnder(scope, deep)) {
      if (list.some((parts) => matches(n, parts, parts.length - 1, scope, deep))) {
        found.push(n);
        if (one) return found;
      }
    }
    if (found.length) return found;
  }
  return [];
}

// ---- WXML markup and XPath: one XML mirror of the composed tree

// mirror builds an XML element for n (and its subtree): custom components
// with their own WXML, slots filled with what the page put in them.
function mirror(doc, n, map, hosts) {
  if (!isElement(n)) {
    const text = n.textContent ?? '';
    return text ? doc.createTextNode(text) : null;
  }
  if (isVirtual(n) && !n.asShadowRoot?.()) {
    const frag = doc.createDocumentFragment();
    if (isSlot(n) && hosts.length) {
      const host = hosts[hosts.length - 1];
      for (const c of host.childNodes) { const m = mirror(doc, c, map, hosts.slice(0, -1)); if (m) frag.appendChild(m); }
    } else for (const c of n.childNodes) { const m = mirror(doc, c, map, hosts); if (m) frag.appendChild(m); }
    return frag;
  }
  let x;
  try { x = doc.createElement(tagOf(n) || 'unknown'); } catch { x = doc.createElement('unknown'); }
  map?.set(x, n);
  if (n.id) x.setAttribute('id', n.id);
  if (n.class) x.setAttribute('class', n.class);
  if (n.style) x.setAttribute('style', n.style);
  for (const [k, v] of Object.entries(n.dataset || {})) {
    try { x.setAttribute(`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, typeof v === 'object' ? JSON.stringify(v) : String(v)); } catch { /* not an XML name */ }
  }
  const custom = isCustom(n);
  const kids = custom ? (comp(n).getShadowRoot()?.childNodes || []) : n.childNodes;
  const nextHosts = custom ? [...hosts, n] : hosts;
  for (const c of kids) { const m = mirror(doc, c, map, nextHosts); if (m) x.appendChild(m); }
  return x;
}

function newDoc() {
  return document.implementation.createDocument(null, 'page', null);
}

// wxmlOf is the markup of an element: outer (the element itself) or inner.
export function wxmlOf(n, outer) {
  const doc = newDoc();
  const x = mirror(doc, n, null, []);
  const ser = new XMLSerializer();
  if (outer) return ser.serializeToString(x);
  return [...x.childNodes].map((c) => ser.serializeToString(c)).join('');
}

// xpath finds elements under the page's tree (the root element is <page>).
export function xpath(root, expr) {
  const doc = newDoc();
  const map = new Map();
  for (const c of root.childNodes) { const m = mirror(doc, c, map, []); if (m) doc.documentElement.appendChild(m); }
  let res;
  try {
    res = doc.evaluate(String(expr ?? ''), doc, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
  } catch (e) {
    throw new Error(`bad xpath "${expr}": ${e.message}`);
  }
  const out = [];
  for (let i = 0; i < res.snapshotLength; i++) {
    const n = map.get(res.snapshotItem(i));
    if (n) out.push(n);
  }
  return out;
}
