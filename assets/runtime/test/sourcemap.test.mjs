import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformSync } from 'esbuild';
import { decodeMappings, originalPosition, inlineMap } from '../src/sourcemap.js';
import { whereFrom } from '../src/errors.js';

test('a position in the served (transformed, wrapped) file maps to the author line', () => {
  const src = "import { a } from './a';\n\nexport function f() {\n  return a.b.c;\n}\n";
  const out = transformSync(src, {
    format: 'cjs', sourcemap: 'inline', sourcefile: 'pages/x/x.js', loader: 'js',
    banner: '__minihost.define("pages/x/x.js", function (require, module, exports) {', footer: '\n});',
  }).code;
  const lines = out.split('\n');
  const genLine = lines.findIndex((l) => l.includes('a.b.c')) + 1;
  const genCol = lines[genLine - 1].indexOf('import_a') + 1;
  assert.notEqual(genLine, 4); // the transform moved it: a raw stack line would be wrong
  const sm = inlineMap(out);
  assert.deepEqual(sm.sources, ['pages/x/x.js']);
  assert.deepEqual(originalPosition(decodeMappings(sm.mappings), genLine, genCol), { line: 4, column: 10 });
});

test('decodeMappings: VLQ with negative deltas; malformed text keeps what it decoded', () => {
  // "AAAA;AACA,EAAE" : line 1 col 0 → src 0 line 0 col 0; line 2: col 0 → line 1 col 0, col 2 → line 1 col 2
  assert.deepEqual(decodeMappings('AAAA;AACA,EAAE'), [[[0, 0, 0, 0]], [[0, 0, 1, 0], [2, 0, 1, 2]]]);
  assert.deepEqual(decodeMappings('AAAA;AAGD'), [[[0, 0, 0, 0]], [[0, 0, 3, -1]]]);
  assert.deepEqual(decodeMappings('AAAA;!!'), [[[0, 0, 0, 0]]]);
  assert.equal(originalPosition([], 3, 1), null);
  assert.equal(inlineMap('no map here'), null);
});

test('whereFrom finds the project file in a stack', () => {
  const err = { stack: 'TypeError: x\n    at Object.onLoad (http://wx1.localhost:7878/__minihost/js/pages/a/a.js?v=3f9a:12:7)\n    at n (http://wx1.localhost:7878/__minihost/runtime/runtime.js?v=1:1:2)' };
  assert.deepEqual(whereFrom(err), { file: 'pages/a/a.js', line: 12, column: 7 });
  assert.deepEqual(whereFrom(new Error('x')), { file: '', line: 0, column: 0 });
});
