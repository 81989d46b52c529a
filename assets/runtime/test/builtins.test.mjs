// Which built-in components are defined before the first render and which
// after it (builtins.js), against a recording stand-in for glass-easel's
// code space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinClosure, defineBuiltins, COMPONENT_NAMES } from '../src/builtins.js';

function fakeSpace() {
  const defined = [];
  return {
    defined,
    addCompiledTemplate() {},
    addComponentStaticConfig() {},
    addStyleSheet() {},
    componentEnv(path, fn) { fn({ Component: () => defined.push(path) }); },
    getComponentSpace: () => ({ getComponentByUrl: (url) => `def:${url}` }),
  };
}

function installed() {
  const names = new Map();
  return { names, setGlobalUsingComponent: (name, def) => names.set(name, def) };
}

test('builtinClosure keeps the built-in components among the names', () => {
  assert.deepEqual(builtinClosure(['view', 'picker', 'input', 'my-card', 'picker']), ['picker', 'input']);
  assert.deepEqual(builtinClosure([]), []);
});

test('defineBuiltins defines the used built-ins first and the rest on rest()', () => {
  const g = fakeSpace();
  const b = defineBuiltins(g, {}, new Set(['my-unknown']), {}, new Set(['view', 'picker']));
  assert.deepEqual(g.defined, ['__minihost__/picker', '__minihost__/unknown/my-unknown']);
  const space = installed();
  b.install(space);
  assert.deepEqual([...space.names.keys()].sort(), ['my-unknown', 'picker']);
  assert.equal(space.names.get('picker'), 'def:/__minihost__/picker');

  b.rest();
  assert.equal(g.defined.length, COMPONENT_NAMES.length + 1);
  assert.deepEqual([...space.names.keys()].sort(), [...COMPONENT_NAMES, 'my-unknown'].sort());
  b.rest(); // nothing left: nothing defined twice
  assert.equal(g.defined.length, COMPONENT_NAMES.length + 1);
});

test('defineBuiltins without a list of used names defines every built-in at once', () => {
  const g = fakeSpace();
  const b = defineBuiltins(g, {}, new Set(), {});
  assert.equal(g.defined.length, COMPONENT_NAMES.length);
  const space = installed();
  b.install(space);
  assert.deepEqual([...space.names.keys()].sort(), [...COMPONENT_NAMES].sort());
});
