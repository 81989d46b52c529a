// Maps a position in a served project JS file back to the author's line, using
// the inline source map the server puts in each file (the browser's stack
// traces give positions in the transformed file).

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = Object.fromEntries([...B64].map((c, i) => [c, i]));

// decodeMappings turns a "mappings" string into, per generated line, a list
// of [generatedColumn, sourceIndex, originalLine, originalColumn] (0-based).
export function decodeMappings(mappings) {
  const lines = [];
  let src = 0;
  let oLine = 0;
  let oCol = 0;
  for (const lineText of mappings.split(';')) {
    const segs = [];
    let gCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const v = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64_INDEX[ch];
        if (d === undefined) return lines; // malformed: keep what was decoded
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      gCol += v[0] ?? 0;
      if (v.length >= 4) {
        src += v[1];
        oLine += v[2];
        oCol += v[3];
        segs.push([gCol, src, oLine, oCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

// originalPosition: 1-based line/column in, 1-based out; null when unmapped.
export function originalPosition(decoded, line, column) {
  const segs = decoded[line - 1];
  if (!segs || segs.length === 0) return null;
  let best = segs[0];
  for (const s of segs) {
    if (s[0] <= column - 1) best = s;
    else break;
  }
  return { line: best[2] + 1, column: best[3] + 1 };
}

// inlineMap extracts and parses the inline source map of a JS text.
export function inlineMap(code) {
  const m = code.match(/\/\/# sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/);
  if (!m) return null;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

// createMapper fetches (from the browser cache) and decodes each file's map once.
export function createMapper(urlOf) {
  const cache = new Map();
  return async function map(file, line, column) {
    if (!file || !line) return null;
    if (!cache.has(file)) {
      cache.set(file, (async () => {
        const resp = await fetch(urlOf(file));
        const sm = inlineMap(await resp.text());
        return sm && typeof sm.mappings === 'string' ? decodeMappings(sm.mappings) : null;
      })().catch(() => null));
    }
    const decoded = await cache.get(file);
    return decoded ? originalPosition(decoded, line, column) : null;
  };
}
