// Entry of dist/worker.js, the bootstrap of a Worker a page makes with
// wx.createWorker (apis/worker.js). Its first message names the worker's
// script and the project's JS files; the scripts then load as the page's
// do (the same transformed files, __minihost.define), synchronously with
// importScripts, so require() works as on the phone. The script talks to the
// page through the global `worker`.
import { createModules } from '../modules.js';
import { jsURL } from '../paths.js';

let handler = null;
let modules = null;

self.worker = {
  onMessage(cb) { handler = typeof cb === 'function' ? cb : null; },
  postMessage(msg) { self.postMessage({ user: msg }); },
  getCameraFrameData() { return undefined; },
  testOnProcessKilled() {},
};

self.onmessage = (ev) => {
  const data = ev.data || {};
  if (data.init) { start(data.init); return; }
  if (handler) handler(data.user);
};

function start({ entry, js }) {
  const files = js && typeof js === 'object' ? js : {};
  modules = createModules({
    has: (p) => Object.prototype.hasOwnProperty.call(files, p),
    fetchSync: (path) => importScripts(jsURL(path, files[path])),
  });
  self.__minihost = {
    define: (path, factory) => modules.define(path, factory),
    moduleError: (path) => modules.markFailed(path, 'see the page\'s error overlay'),
  };
  modules.require(entry);
}
