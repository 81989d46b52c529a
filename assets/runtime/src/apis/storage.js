// Storage: set/get/remove/clearStorage, their Sync forms, getStorageInfo.
// The host keeps storage per app and persona (bbolt). The page reads a copy
// loaded once from GET /wx/boot?storage=1 (synchronous, so that the Sync
// forms are) and writes through: every change is POSTed to the host in
// order. A write the host refuses (a QA fault, the persona switched) marks
// the copy stale: the next read loads the host's state again.

import { answer, isOk } from './host.js';

const utf8 = (s) => new TextEncoder().encode(s).length;

export function storageRows(ctx, host) {
  let copy = null; // Map key -> {json, type}
  let persona = '';
  let limits = { item: 1 << 20, app: 10 << 20 };
  let chain = Promise.resolve();

  const load = () => {
    if (copy) return;
    const st = host.boot(true).storage;
    if (!st || !Array.isArray(st.items)) throw new Error('the host sent no storage');
    copy = new Map(st.items.map((it) => [it.key, { json: JSON.stringify(it.data), type: it.type || '' }]));
    persona = st.persona;
    limits = { item: st.itemLimit, app: st.appLimit };
  };
  const size = (key, json) => utf8(key) + utf8(json);
  const used = (except) => {
    let n = 0;
    for (const [k, v] of copy) if (k !== except) n += size(k, v.json);
    return n;
  };
  // write sends one change after every earlier one.
  const write = (api, body) => {
    const p = chain.then(() => host.call(api, { ...body, _persona: persona }));
    chain = p.then((res) => {
      if (!isOk(res)) {
        console.warn(`wx.${api}: the host refused the write (${res.errMsg}); reloading storage`);
        copy = null;
      }
    });
    return p;
  };
  const checkKey = (api, key) => {
    if (typeof key !== 'string' || key === '') throw new Error(`${api}:fail parameter error: parameter.key should be String instead of ${key === '' ? 'empty String' : typeof key};`);
  };

  const set = (api, key, data) => {
    checkKey(api, key);
    load();
    let value = data;
    let type = '';
    if (data instanceof Date) { value = data.toISOString(); type = 'Date'; }
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error(`${api}:fail parameter error: parameter.data should be a value JSON can hold`);
    if (size(key, json) > limits.item) throw new Error(`${api}:fail exceed storage item max length`);
    if (used(key) + size(key, json) > limits.app) throw new Error(`${api}:fail exceed storage max size 10Mb`);
    copy.set(key, { json, type });
    return write(api.replace(/Sync$/, ''), { key, data: JSON.parse(json), type });
  };
  const get = (key) => {
    const v = copy.get(key);
    if (!v) return undefined;
    const data = JSON.parse(v.json);
    return v.type === 'Date' ? new Date(data) : data;
  };
  const remove = (api, key) => {
    checkKey(api, key);
    load();
    copy.delete(key);
    return write(api.replace(/Sync$/, ''), { key });
  };
  const clear = (api) => {
    load();
    copy.clear();
    return write(api.replace(/Sync$/, ''), {});
  };
  const info = () => {
    load();
    return { keys: [...copy.keys()], currentSize: Math.ceil(used() / 1024), limitSize: Math.floor(limits.app / 1024) };
  };
  const sync = (fn) => (...args) => {
    try { return fn(...args); } catch (e) {
      if (e instanceof Error && /^\w+:fail /.test(e.message)) throw e;
      throw new Error(`storage:fail ${e?.message ?? e}`);
    }
  };

  return {
    setStorageSync: { kind: 'sync', impl: sync((key, data) => { set('setStorageSync', key, data); }) },
    setStorage: { kind: 'async', impl: async (o) => answer(await set('setStorage', o.key, o.data)) },
    getStorageSync: {
      kind: 'sync',
      impl: sync((key) => { checkKey('getStorageSync', key); load(); const v = get(key); return v === undefined ? '' : v; }),
    },
    getStorage: {
      kind: 'async',
      impl: (o) => {
        checkKey('getStorage', o.key);
        load();
        if (!copy.has(o.key)) throw new Error('getStorage:fail data not found');
        return { data: get(o.key) };
      },
    },
    removeStorageSync: { kind: 'sync', impl: sync((key) => { remove('removeStorageSync', key); }) },
    removeStorage: { kind: 'async', impl: async (o) => answer(await remove('removeStorage', o.key)) },
    clearStorageSync: { kind: 'sync', impl: sync(() => { clear('clearStorageSync'); }) },
    clearStorage: { kind: 'async', impl: async () => answer(await clear('clearStorage')) },
    getStorageInfoSync: { kind: 'sync', impl: sync(info) },
    getStorageInfo: { kind: 'async', impl: info },
  };
}
