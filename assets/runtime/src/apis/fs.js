// wx.getFileSystemManager(). The user folder (wx.env.USER_DATA_PATH,
// "wxfile://usr") is the host's, per persona and app as storage is (POST
// fileSystemManager: synchronously for the Sync forms, in call order for the
// others), so what a page wrote is there after a restart. The page's
// temporary files (the blob: URLs that chooseImage, downloadFile and
// canvasToTempFilePath answer) and its package's files are read here, and
// can be copied, renamed or saved into the user folder.
import { wrap } from '../api.js';
import { bytesOfChars, decodeBytes, encodeBytes, fromBase64, hex, toBase64 } from './bytes.js';
import { md5Hex } from './md5.js';

export const USER_DATA_PATH = 'wxfile://usr';
// the methods without a Sync form
const NO_SYNC = new Set(['removeSavedFile', 'getSavedFileList', 'getFileInfo', 'getSavedFileInfo']);

const isUser = (p) => p === USER_DATA_PATH || String(p).startsWith(`${USER_DATA_PATH}/`);
const isTemp = (p) => String(p).startsWith('blob:');

// readLocalSync and readLocal read a temporary or package file's bytes,
// synchronously (a synchronous XHR, as the Sync forms must) or not; null
// when there is none.
function readLocalSync(p) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', localURL(p), false);
  xhr.overrideMimeType('text/plain; charset=x-user-defined'); // the bytes, one char each
  try { xhr.send(null); } catch { return null; }
  if (xhr.status !== 200 && xhr.status !== 0) return null;
  return bytesOfChars(xhr.responseText);
}
async function readLocal(p) {
  try {
    const resp = await fetch(localURL(p));
    return resp.ok ? new Uint8Array(await resp.arrayBuffer()) : null;
  } catch {
    return null;
  }
}
// a package file is served at its path from the app's root
const localURL = (p) => (isTemp(p) ? p : `/${String(p).replace(/^\/+/, '')}`);

// Stats as the phone answers them.
function stats(s) {
  return {
    mode: s.dir ? 0o40755 : 0o100644,
    size: s.size,
    lastAccessedTime: s.mtime,
    lastModifiedTime: s.mtime,
    isDirectory: () => s.dir,
    isFile: () => !s.dir,
  };
}

export function fsRows(ctx, host) {
  const persona = () => { try { return host.boot().storage?.persona || ''; } catch { return ''; } };
  // callHost runs one operation on the user folder; it throws the errMsg.
  const callHost = (api, op, args) => {
    const res = host.callSync('fileSystemManager', { op, api, ...args, _persona: persona() });
    if (typeof res.errMsg !== 'string' || !res.errMsg.endsWith(':ok')) {
      throw new Error(String(res.errMsg).replace(/^fileSystemManager:/, `${api}:`));
    }
    return res;
  };
  const noSuch = (api, p, verb = 'open') => new Error(`${api}:fail no such file or directory, ${verb} ${p}`);
  const checkPath = (api, name, p) => {
    if (typeof p !== 'string' || p === '') throw new Error(`${api}:fail parameter error: parameter.${name} should be String instead of ${p === '' ? 'empty String' : typeof p};`);
  };
  // readAny reads any file the page may read; sync or a Promise.
  const readAny = (api, p, sync) => {
    if (isUser(p)) return fromBase64(callHost(api, 'readFile', { path: p }).data64 || '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(p) && !isTemp(p)) throw new Error(`${api}:fail permission denied, open ${p}`);
    const got = sync ? readLocalSync(p) : readLocal(p);
    const check = (b) => { if (!b) throw noSuch(api, p); return b; };
    return sync ? check(got) : got.then(check);
  };

  // Each method: its async form and its Sync form, from one body that gets
  // (api, opts, sync) and returns the result or, async, maybe a Promise.
  const methods = {
    readFile(api, o, sync) {
      checkPath(api, 'filePath', o.filePath);
      const done = (b) => {
        const from = Number(o.position) || 0;
        const to = o.length === undefined ? b.length : from + Number(o.length);
        if (from < 0 || from > b.length || to > b.length || to < from) throw new Error(`${api}:fail the value of "position" or "length" is out of range`);
        return { data: decodeBytes(b.subarray(from, to), o.encoding, api) };
      };
      const b = readAny(api, o.filePath, sync);
      return b instanceof Promise ? b.then(done) : done(b);
    },
    writeFile(api, o) { return write(api, o, false); },
    appendFile(api, o) { return write(api, o, true); },
    access(api, o) {
      checkPath(api, 'path', o.path);
      if (isUser(o.path)) { callHost(api, 'stat', { path: o.path }); return {}; }
      if (!readLocalSync(o.path)) throw noSuch(api, o.path, 'access');
      return {};
    },
    stat(api, o) {
      checkPath(api, 'path', o.path);
      if (!isUser(o.path)) {
        const b = readLocalSync(o.path);
        if (!b) throw noSuch(api, o.path, 'stat');
        return { stats: stats({ dir: false, size: b.length, mtime: Math.floor(Date.now() / 1000) }) };
      }
      const list = callHost(api, 'stat', { path: o.path, recursive: !!o.recursive }).stats || [];
      if (o.recursive && list[0]?.dir) return { stats: list.map((s) => ({ path: s.path ? `/${s.path}` : '/', stats: stats(s) })) };
      return { stats: stats(list[0]) };
    },
    readdir(api, o) { checkPath(api, 'dirPath', o.dirPath); return { files: callHost(api, 'readdir', { path: o.dirPath }).files || [] }; },
    mkdir(api, o) { checkPath(api, 'dirPath', o.dirPath); callHost(api, 'mkdir', { path: o.dirPath, recursive: !!o.recursive }); return {}; },
    rmdir(api, o) { checkPath(api, 'dirPath', o.dirPath); callHost(api, 'rmdir', { path: o.dirPath, recursive: !!o.recursive }); return {}; },
    unlink(api, o) { checkPath(api, 'filePath', o.filePath); callHost(api, 'unlink', { path: o.filePath }); return {}; },
    rename(api, o) {
      checkPath(api, 'oldPath', o.oldPath);
      checkPath(api, 'newPath', o.newPath);
      if (isUser(o.oldPath)) { callHost(api, 'rename', { path: o.oldPath, path2: o.newPath }); return {}; }
      return into(api, o.oldPath, o.newPath);
    },
    copyFile(api, o) {
      checkPath(api, 'srcPath', o.srcPath);
      checkPath(api, 'destPath', o.destPath);
      if (isUser(o.srcPath)) { callHost(api, 'copyFile', { path: o.srcPath, path2: o.destPath }); return {}; }
      return into(api, o.srcPath, o.destPath);
    },
    // saveFile keeps a temporary file in the user folder (under a new name
    // unless filePath is given) and answers where
    saveFile(api, o) {
      checkPath(api, 'tempFilePath', o.tempFilePath);
      const dest = o.filePath || `${USER_DATA_PATH}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      into(api, o.tempFilePath, dest);
      return { savedFilePath: dest };
    },
    removeSavedFile(api, o) { checkPath(api, 'filePath', o.filePath); callHost(api, 'unlink', { path: o.filePath }); return {}; },
    getSavedFileInfo(api, o) {
      checkPath(api, 'filePath', o.filePath);
      const [st] = callHost(api, 'stat', { path: o.filePath }).stats || [];
      return { size: st.size, createTime: st.mtime };
    },
    getSavedFileList(api) {
      const list = callHost(api, 'stat', { path: USER_DATA_PATH, recursive: true }).stats || [];
      return { fileList: list.filter((s) => !s.dir).map((s) => ({ filePath: `${USER_DATA_PATH}/${s.path}`, size: s.size, createTime: s.mtime })) };
    },
    getFileInfo(api, o, sync) {
      checkPath(api, 'filePath', o.filePath);
      const b = readAny(api, o.filePath, sync);
      const done = (bytes) => {
        const alg = o.digestAlgorithm ?? 'md5';
        if (alg === 'md5') return { size: bytes.length, digest: md5Hex(bytes) };
        if (alg !== 'sha1') throw new Error(`${api}:fail invalid digestAlgorithm ${alg}`);
        return crypto.subtle.digest('SHA-1', bytes).then((d) => ({ size: bytes.length, digest: hex(new Uint8Array(d)) }));
      };
      return b instanceof Promise ? b.then(done) : done(b);
    },
  };
  // write (and append) bytes from a string with its encoding, or an ArrayBuffer
  const write = (api, o, add) => {
    checkPath(api, 'filePath', o.filePath);
    const bytes = encodeBytes(o.data, o.encoding, api);
    callHost(api, add ? 'appendFile' : 'writeFile', { path: o.filePath, data64: toBase64(bytes) });
    return {};
  };
  // into writes a temporary or package file into the user folder
  const into = (api, from, to) => {
    const bytes = readAny(api, from, true);
    callHost(api, 'writeFile', { path: to, data64: toBase64(bytes) });
    return {};
  };

  // The async forms run in call order, each after the one before (a write
  // then a read of the same file), as on the phone.
  let queue = Promise.resolve();
  const queued = (name) => ({
    kind: 'async',
    impl: (o) => {
      const p = queue.then(() => methods[name](name, o || {}, false));
      queue = p.catch(() => {});
      return p;
    },
  });
  const manager = {};
  for (const [name, body] of Object.entries(methods)) {
    if (name === 'getSavedFileInfo') continue; // wx's only
    manager[name] = wrap(name, queued(name));
    if (!NO_SYNC.has(name)) {
      manager[`${name}Sync`] = (...args) => {
        const sync = `${name}Sync`;
        const o = syncArgs(name, args);
        const res = body(sync, o, true);
        return syncResult(name, res);
      };
    }
  }
  return {
    getFileSystemManager: { kind: 'plain', impl: () => manager },
    // the older wx.* forms of the saved files, as the manager's
    saveFile: queued('saveFile'),
    getFileInfo: queued('getFileInfo'),
    getSavedFileList: queued('getSavedFileList'),
    getSavedFileInfo: queued('getSavedFileInfo'),
    removeSavedFile: queued('removeSavedFile'),
  };
}

// syncArgs turns a Sync form's positional arguments into the async form's object.
function syncArgs(name, a) {
  switch (name) {
    case 'readFile': return { filePath: a[0], encoding: a[1], position: a[2], length: a[3] };
    case 'writeFile': case 'appendFile': return { filePath: a[0], data: a[1], encoding: a[2] };
    case 'access': return { path: a[0] };
    case 'stat': return { path: a[0], recursive: a[1] };
    case 'readdir': return { dirPath: a[0] };
    case 'mkdir': case 'rmdir': return { dirPath: a[0], recursive: a[1] };
    case 'unlink': return { filePath: a[0] };
    case 'rename': return { oldPath: a[0], newPath: a[1] };
    case 'copyFile': return { srcPath: a[0], destPath: a[1] };
    case 'saveFile': return { tempFilePath: a[0], filePath: a[1] };
    default: return {};
  }
}

// syncResult is what a Sync form returns: the one value the phone's does.
function syncResult(name, res) {
  switch (name) {
    case 'readFile': return res.data;
    case 'stat': return res.stats;
    case 'readdir': return res.files;
    case 'saveFile': return res.savedFilePath;
    default: return undefined;
  }
}
