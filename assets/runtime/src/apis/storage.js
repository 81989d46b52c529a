// Storage: set/get/remove/clearStorage, their Sync forms, getStorageInfo.
// The host keeps storage per app and persona (bbolt). The page reads a copy
// loaded once from GET /wx/boot?storage=1 (synchronous, so that the Sync
// forms are) and writes through with a synchronous POST: when setStorageSync
// returns, the value is on disk, as on a phone, and a page closed right
// after loses nothing. The async forms do the same in a microtask, so calls
// reach the host in the order they were made. The copy changes only when
// the host said ok; a refusal (a limit, a QA fault, a persona switched since
// the page loaded) is the API's failure.

const utf8 = (s) => new TextEncoder().encode(s).length;

export function storageRows(ctx, host) {
  let copy = null; // Map key -> {json, type}
  let persona = '';
  let limits = { item: 1 << 20, app: 10 << 20 };

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
  // write sends one change; it throws the host's errMsg (named for `api`,
  // the Sync or async form the page called) when refused.
  const write = (api, body) => {
    const hostAPI = api.replace(/Sync$/, '');
    const res = host.callSync(hostAPI, { ...body, _persona: persona });
    if (typeof res.errMsg !== 'string' || !res.errMsg.endsWith(':ok')) {
      throw new Error(String(res.errMsg).replace(`${hostAPI}:`, `${api}:`));
    }
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
    // Checked here too (the host checks again) so that nothing is sent that must fail.
    if (size(key, json) > limits.item) throw new Error(`${api}:fail exceed storage item max length`);
    if (used(key) + size(key, json) > limits.app) throw new Error(`${api}:fail exceed storage max size 10Mb`);
    write(api, { key, data: JSON.parse(json), type });
    copy.set(key, { json, type });
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
    write(api, { key });
    copy.delete(key);
  };
  const clear = (api) => {
    load();
    write(api, {});
    copy.clear();
  };
  const info = () => {
    load();
    return { keys: [...copy.keys()], currentSize: Math.ceil(used() / 1024), limitSize: Math.floor(limits.app / 1024) };
  };
  // sync keeps "<api>:fail …" errors and names any other (a failed boot).
  const sync = (api, fn) => (...args) => {
    try { return fn(...args); } catch (e) {
      if (e instanceof Error && e.message.startsWith(`${api}:`)) throw e;
      throw new Error(`${api}:fail ${e?.message ?? e}`);
    }
  };

  return {
    setStorageSync: { kind: 'sync', impl: sync('setStorageSync', (key, data) => { set('setStorageSync', key, data); }) },
    setStorage: { kind: 'async', impl: (o) => { set('setStorage', o.key, o.data); } },
    getStorageSync: {
      kind: 'sync',
      impl: sync('getStorageSync', (key) => { checkKey('getStorageSync', key); load(); const v = get(key); return v === undefined ? '' : v; }),
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
    removeStorageSync: { kind: 'sync', impl: sync('removeStorageSync', (key) => { remove('removeStorageSync', key); }) },
    removeStorage: { kind: 'async', impl: (o) => { remove('removeStorage', o.key); } },
    clearStorageSync: { kind: 'sync', impl: sync('clearStorageSync', () => { clear('clearStorageSync'); }) },
    clearStorage: { kind: 'async', impl: () => { clear('clearStorage'); } },
    getStorageInfoSync: { kind: 'sync', impl: sync('getStorageInfoSync', info) },
    getStorageInfo: { kind: 'async', impl: info },
  };
}
