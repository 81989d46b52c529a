import { test } from 'node:test';
import assert from 'node:assert/strict';
import { themeVars, resolveTheme } from '../src/theme.js';

const theme = { light: { bg: '#fff', icon: 'img/l.png' }, dark: { bg: '#000' } };

test('light values, dark overriding them', () => {
  assert.deepEqual(themeVars(theme, false), { bg: '#fff', icon: 'img/l.png' });
  assert.deepEqual(themeVars(theme, true), { bg: '#000', icon: 'img/l.png' });
  assert.deepEqual(themeVars(null, true), {});
});

test('@name values are resolved deep; unknown names and plain values stay', () => {
  const tabBar = { color: '@bg', list: [{ iconPath: '@icon', text: '@home' }], borderStyle: 'black' };
  assert.deepEqual(resolveTheme(tabBar, themeVars(theme, true)), {
    color: '#000', list: [{ iconPath: 'img/l.png', text: '@home' }], borderStyle: 'black',
  });
  assert.equal(resolveTheme('@toString', {}), '@toString');
});
