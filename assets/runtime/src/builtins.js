// Built-in components. Simple ones are native DOM elements styled by
// runtime.css (view, text, button, swiper…); the ones that need behaviour are
// glass-easel components defined in the adapter's global code space with a
// WXML template, and made available to every component space by name.
import { templateFor } from './compiler.js';
import { DEFS, PLACEHOLDER_PROPS } from './components/index.js';

const DIR = '__minihost__/';
const SCOPE = 'mh-b'; // style scope of built-ins: classes are "mh-b--<name>"

// Elements that are native DOM nodes (no component), styled in runtime.css.
export const NATIVE = new Set([
  'view', 'text', 'button', 'label', 'form', 'cover-view', 'span', 'block',
]);
// Tags the template compiler handles itself.
export const COMPILER_TAGS = new Set(['block', 'template', 'import', 'include', 'wxs', 'slot']);

// Component built-ins: name → {wxml, def(ctx)}, one file per component in components/.
const COMPONENTS = DEFS;

export const COMPONENT_NAMES = Object.keys(COMPONENTS);

export function isBuiltin(name) {
  return NATIVE.has(name) || COMPILER_TAGS.has(name) || Object.prototype.hasOwnProperty.call(COMPONENTS, name);
}

// builtinTemplates: the WXML of the component built-ins and of the
// placeholders for `unknown` tag names, to compile with the project.
export function builtinTemplates(unknown) {
  const out = {};
  for (const [name, c] of Object.entries(COMPONENTS)) out[`${DIR}${name}.wxml`] = c.wxml;
  for (const name of unknown) out[`${DIR}unknown/${name}.wxml`] = `<view class="unknown">&lt;${name}&gt;<slot /></view>`;
  return out;
}

// defineBuiltins registers the built-ins in the global code space and makes
// them usable by name in each of `spaces` (glass-easel component spaces).
// ctx: {navigate(openType, url, delta, fromPath)}.
export function defineBuiltins(globalSpace, groups, unknown, ctx) {
  const defs = {};
  const define = (name, path, def) => {
    globalSpace.addCompiledTemplate(path, templateFor(groups, path));
    globalSpace.addComponentStaticConfig(path, { component: true });
    globalSpace.addStyleSheet(path, undefined, SCOPE);
    globalSpace.componentEnv(path, ({ Component }) => Component(def));
    defs[name] = globalSpace.getComponentSpace().getComponentByUrl(`/${path}`, '');
  };
  for (const [name, c] of Object.entries(COMPONENTS)) define(name, `${DIR}${name}`, c.def(ctx));
  for (const name of unknown) define(name, `${DIR}unknown/${name}`, { properties: PLACEHOLDER_PROPS });
  return {
    install(space) {
      for (const [name, def] of Object.entries(defs)) space.setGlobalUsingComponent(name, def);
    },
  };
}

// button open-types, form-type, hover-class and label taps: components/button.js
export { OPEN_TYPES, installButtons as installButtonOpenTypes } from './components/button.js';
