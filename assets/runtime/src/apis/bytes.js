// Bytes and their text forms: base64 (how bodies and files travel to and
// from the host) and the encodings of FileSystemManager's readFile and
// writeFile.

export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64) {
  return bytesOfChars(atob(b64 || ''));
}

// bytesOfChars is the bytes of a string of one char per byte (atob's, or a
// response read as x-user-defined), the low byte of each.
export function bytesOfChars(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

// hex is bytes as lower-case hex digits, two a byte.
export function hex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// bytesOf is the bytes of an ArrayBuffer or a view of one.
export function bytesOf(buf) {
  return ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
}

const ENCODINGS = {
  utf8: 'utf8', 'utf-8': 'utf8', base64: 'base64', hex: 'hex', binary: 'latin1', latin1: 'latin1', ascii: 'ascii',
  ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
};

function encodingOf(encoding, api) {
  const e = ENCODINGS[String(encoding).toLowerCase()];
  if (!e) throw new Error(`${api}:fail Unknown encoding: ${encoding}`);
  return e;
}

// decodeBytes is readFile's data: an ArrayBuffer without an encoding, else
// the text in it.
export function decodeBytes(bytes, encoding, api) {
  if (encoding === undefined || encoding === null || encoding === '') return bytes.slice().buffer;
  switch (encodingOf(encoding, api)) {
    case 'utf8': return new TextDecoder().decode(bytes);
    case 'utf16le': return new TextDecoder('utf-16le').decode(bytes);
    case 'base64': return toBase64(bytes);
    case 'hex': return hex(bytes);
    case 'ascii': return String.fromCharCode(...[...bytes].map((b) => b & 0x7f));
    default: { let s = ''; for (const b of bytes) s += String.fromCharCode(b); return s; } // latin1
  }
}

// encodeBytes is writeFile's data as bytes: an ArrayBuffer (or a view) as
// it is, a string in its encoding (utf8 when none is given).
export function encodeBytes(data, encoding, api) {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return bytesOf(data);
  if (typeof data !== 'string') throw new Error(`${api}:fail parameter error: parameter.data should be String or ArrayBuffer instead of ${data === null ? 'Null' : typeof data};`);
  switch (encodingOf(encoding ?? 'utf8', api)) {
    case 'utf8': return new TextEncoder().encode(data);
    case 'utf16le': {
      const out = new Uint8Array(data.length * 2);
      for (let i = 0; i < data.length; i++) { const c = data.charCodeAt(i); out[2 * i] = c & 0xff; out[2 * i + 1] = c >> 8; }
      return out;
    }
    case 'base64': try { return fromBase64(data.replace(/\s/g, '')); } catch { throw new Error(`${api}:fail invalid base64 data`); }
    case 'hex': {
      if (!/^([0-9a-f]{2})*$/i.test(data)) throw new Error(`${api}:fail invalid hex data`);
      return Uint8Array.from(data.match(/../g) || [], (h) => parseInt(h, 16));
    }
    default: return Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff); // latin1, ascii
  }
}
