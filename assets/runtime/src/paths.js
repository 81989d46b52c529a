// Path helpers for mini program paths: relative to the mini program root,
// forward slashes, no leading slash.

export function dirname(p) {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

// normalize resolves "." and ".." segments; it returns null when the path
// climbs above the root (such a file cannot exist in the project).
export function normalize(p) {
  const out = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

// resolveFrom joins a reference written in file `from` (relative or
// root-absolute) onto the root.
export function resolveFrom(from, ref) {
  if (ref.startsWith('/')) return normalize(ref);
  const dir = dirname(from);
  return normalize(dir ? dir + '/' + ref : ref);
}

export function stripExt(p, ext) {
  return p.endsWith(ext) ? p.slice(0, -ext.length) : p;
}

// scopeName turns a path into a name usable inside a CSS class.
export function scopeName(path) {
  return 'm-' + path.replace(/[^A-Za-z0-9_-]/g, '_');
}

// packageURL is the URL of a file of the package named in file `from`
// ("/images/a.png", "../a.png"); a URL (scheme or "//") or a blob: temp
// file is kept.
export function packageURL(from, src) {
  const s = String(src ?? '');
  if (!s || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('//')) return s;
  const p = resolveFrom(from, s);
  return p === null ? s : `/${p}`;
}

// jsURL is where the host serves a project JS file transformed for the
// runtime, at its version in the manifest (immutable there).
export function jsURL(path, version) {
  return `/__minihost/js/${path}?v=${encodeURIComponent(version ?? '')}`;
}
