// Network: request, downloadFile, uploadFile, forwarded by the host (a phone
// client has no CORS; the host applies the app's domain list when the
// project's urlCheck is on). Bodies travel as base64 both ways.

import { wrap } from '../api.js';
import { answer } from './host.js';
import { toBase64, fromBase64 } from './bytes.js';


const headerValue = (header, name) => {
  for (const k of Object.keys(header || {})) if (k.toLowerCase() === name) return String(header[k]);
  return '';
};

const formEncode = (obj) => Object.entries(obj)
  .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))}`)
  .join('&');

// requestBody applies the phone's rules for `data`: a GET's object goes into
// the query string; otherwise a string or ArrayBuffer is sent as is and an
// object as JSON (or form-encoded when the content-type says so).
export function requestBody(opts) {
  const method = String(opts.method || 'GET').toUpperCase();
  const header = { ...(opts.header || {}) };
  let url = String(opts.url ?? '');
  const data = opts.data;
  let bytes = new Uint8Array(0);
  if (data === undefined || data === null) {
    // no body
  } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    bytes = new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer);
  } else if (typeof data === 'object') {
    const ctype = headerValue(header, 'content-type');
    if (method === 'GET') {
      const q = formEncode(data);
      if (q) url += (url.includes('?') ? '&' : '?') + q;
    } else if (ctype.includes('application/x-www-form-urlencoded')) {
      bytes = new TextEncoder().encode(formEncode(data));
    } else {
      bytes = new TextEncoder().encode(JSON.stringify(data));
      if (!ctype) header['content-type'] = 'application/json';
    }
  } else {
    const s = String(data);
    if (method === 'GET') url += s ? (url.includes('?') ? '&' : '?') + s : '';
    else bytes = new TextEncoder().encode(s);
  }
  return { url, method, header, body64: toBase64(bytes) };
}

// task makes a *Task (RequestTask, DownloadTask, UploadTask): abort and the
// progress hooks pages register (minihost reports no progress).
function task(name, run) {
  return (opts) => {
    const ctrl = new AbortController(); // one per call: abort ends this one only
    const p = wrap(name, { kind: 'async', impl: (o) => run(o, ctrl.signal) })(opts);
    const t = {
      abort() { ctrl.abort(); },
      onHeadersReceived() {}, offHeadersReceived() {},
      onProgressUpdate() {}, offProgressUpdate() {},
      onChunkReceived() {}, offChunkReceived() {},
    };
    if (p === undefined) return t; // callbacks given: the task, as on the phone
    return Object.assign(p, t);
  };
}

export function networkRows(ctx, host) {
  const request = async (o, signal) => {
    const res = answer(await host.call('request', { ...requestBody(o), timeout: Number(o.timeout) || 0 }, signal));
    const bytes = fromBase64(res.body64);
    let data;
    if (o.responseType === 'arraybuffer') data = bytes.buffer;
    else {
      data = new TextDecoder().decode(bytes);
      if ((o.dataType ?? 'json') === 'json') { try { data = JSON.parse(data); } catch { /* kept as text, as on the phone */ } }
    }
    return { data, statusCode: res.statusCode, header: res.header, cookies: res.cookies || [] };
  };
  const downloadFile = async (o, signal) => {
    const res = answer(await host.call('downloadFile', { url: String(o.url ?? ''), header: o.header || {}, timeout: Number(o.timeout) || 0 }, signal));
    const type = headerValue(res.header, 'content-type') || 'application/octet-stream';
    const tempFilePath = URL.createObjectURL(new Blob([fromBase64(res.body64)], { type }));
    return { tempFilePath, ...(o.filePath ? { filePath: tempFilePath } : {}), statusCode: res.statusCode, header: res.header };
  };
  const uploadFile = async (o, signal) => {
    const path = String(o.filePath ?? '');
    let bytes;
    try {
      bytes = new Uint8Array(await (await fetch(path)).arrayBuffer());
    } catch (e) {
      throw new Error(`uploadFile:fail file not found: ${path}`);
    }
    const formData = {};
    for (const [k, v] of Object.entries(o.formData || {})) formData[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    const res = answer(await host.call('uploadFile', {
      url: String(o.url ?? ''), header: o.header || {}, name: o.name, file64: toBase64(bytes),
      fileName: path.split(/[/\\]/).pop() || 'file', formData, timeout: Number(o.timeout) || 0,
    }, signal));
    return { data: new TextDecoder().decode(fromBase64(res.body64)), statusCode: res.statusCode, header: res.header };
  };
  return {
    request: { kind: 'plain', impl: task('request', request) },
    downloadFile: { kind: 'plain', impl: task('downloadFile', downloadFile) },
    uploadFile: { kind: 'plain', impl: task('uploadFile', uploadFile) },
  };
}
