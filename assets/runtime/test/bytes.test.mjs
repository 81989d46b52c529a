// FileSystemManager's encodings (apis/bytes.js): readFile's data from
// bytes, writeFile's bytes from data, both ways round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBytes, encodeBytes, toBase64, fromBase64 } from '../src/apis/bytes.js';

test('encodings: text to bytes and back, as the phone names them', () => {
  const cases = [
    // [encoding, text, bytes]
    ['utf8', 'héllo', [104, 195, 169, 108, 108, 111]],
    ['utf-8', '中', [228, 184, 173]],
    ['base64', 'AQL6', [1, 2, 250]],
    ['hex', '0102fa', [1, 2, 250]],
    ['binary', '\x01\x02\xfa', [1, 2, 250]],
    ['latin1', 'é', [233]],
    ['ucs2', 'Ab', [65, 0, 98, 0]],
    ['utf16le', '中', [45, 78]],
  ];
  for (const [enc, text, bytes] of cases) {
    assert.deepEqual([...encodeBytes(text, enc, 'writeFile')], bytes, `encode ${enc}`);
    assert.equal(decodeBytes(Uint8Array.from(bytes), enc, 'readFile'), text, `decode ${enc}`);
  }
  assert.equal(decodeBytes(Uint8Array.from([104, 255]), 'ascii', 'readFile'), 'h\x7f');
});

test('no encoding: readFile answers an ArrayBuffer; writeFile takes one, a view, or a string as utf8', () => {
  const buf = decodeBytes(Uint8Array.from([1, 2, 3]), undefined, 'readFile');
  assert.ok(buf instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(buf)], [1, 2, 3]);
  assert.deepEqual([...encodeBytes(new Uint8Array([9, 8]).buffer, undefined, 'writeFile')], [9, 8]);
  assert.deepEqual([...encodeBytes(new Uint8Array([0, 9, 8, 0]).subarray(1, 3), undefined, 'writeFile')], [9, 8]);
  assert.deepEqual([...encodeBytes('é', undefined, 'writeFile')], [195, 169]);
});

test('bad data and encodings fail with the api named', () => {
  assert.throws(() => encodeBytes('x', 'klingon', 'writeFileSync'), /^Error: writeFileSync:fail Unknown encoding: klingon$/);
  assert.throws(() => decodeBytes(new Uint8Array(1), 'klingon', 'readFile'), /readFile:fail Unknown encoding/);
  assert.throws(() => encodeBytes('xyz', 'hex', 'writeFile'), /writeFile:fail invalid hex data/);
  assert.throws(() => encodeBytes(42, 'utf8', 'writeFile'), /writeFile:fail parameter error: parameter.data should be String or ArrayBuffer instead of number/);
  assert.throws(() => encodeBytes('%%%', 'base64', 'writeFile'), /writeFile:fail invalid base64 data/);
});

test('base64 of large bytes (chunked) round-trips', () => {
  const big = Uint8Array.from({ length: 100000 }, (_, i) => i % 251);
  assert.deepEqual(fromBase64(toBase64(big)), big);
});

test('md5 (getFileInfo\'s default digest) agrees with node:crypto', async () => {
  const { createHash } = await import('node:crypto');
  const { md5Hex } = await import('../src/apis/md5.js');
  assert.equal(md5Hex(new Uint8Array(0)), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(md5Hex(new TextEncoder().encode('The quick brown fox jumps over the lazy dog')), '9e107d9d372bb6826bd81d3542a419d6');
  // every length around the 64-byte blocks and their padding
  for (let n = 0; n < 300; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
    assert.equal(md5Hex(b), createHash('md5').update(b).digest('hex'), `${n} bytes`);
  }
});
