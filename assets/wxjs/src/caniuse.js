// wx.canIUse for the open interfaces: ${API}.${method}.${param}.${option}, walked down the
// tree of each interface in OPEN_APIS (generated from the host's Go table).

import { OPEN_APIS } from './openapis.js';
import { hasOwn, isObject } from './util.js';

const TREE = { canIUse: true };
for (const a of OPEN_APIS) TREE[a.name] = a.canIUse;

// canIUseFor answers for one wx object; ctx.apis, when the boot answer gave it, is what this
// host serves (a name it does not serve is false even if this SDK knows it).
export function canIUseFor(ctx) {
  return function canIUse(name) {
    if (typeof name !== 'string' || name === '') return false;
    const parts = name.split('.');
    if (Array.isArray(ctx.apis) && ctx.apis.length && parts[0] !== 'canIUse' && ctx.apis.indexOf(parts[0]) < 0) {
      return false; // the host does not serve it
    }
    let node = TREE;
    for (const part of parts) {
      if (node === true || !isObject(node) || !hasOwn(node, part)) return false;
      node = node[part];
    }
    return true;
  };
}
