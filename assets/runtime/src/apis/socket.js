// connectSocket: a SocketTask over the browser's own WebSocket, after the
// host checked the URL (urlCheck and socketDomains) and logged the call.
// wx.onSocket* / sendSocketMessage / closeSocket act on the last task, as
// the old global API does.

import { isOk } from './host.js';

export function socketRows(ctx, host) {
  let last = null;
  const connect = (opts = {}) => {
    const listeners = { open: [], message: [], error: [], close: [] };
    let ws = null;
    let closed = false;
    const emit = (kind, res) => {
      for (const fn of listeners[kind]) {
        try { fn(res); } catch (e) { console.error(`SocketTask.on${kind} callback threw`, e); }
      }
    };
    const done = (res, ok) => {
      try { (ok ? opts.success : opts.fail)?.(res); } catch (e) { console.error('connectSocket callback threw', e); }
      try { opts.complete?.(res); } catch (e) { console.error('connectSocket complete threw', e); }
    };
    const task = {
      send(o = {}) {
        const res = { errMsg: 'sendSocketMessage:ok' };
        if (!ws || ws.readyState !== 1) {
          const fail = { errMsg: 'sendSocketMessage:fail WebSocket is not connected' };
          try { o.fail?.(fail); o.complete?.(fail); } catch (e) { console.error(e); }
          return;
        }
        ws.send(o.data);
        try { o.success?.(res); o.complete?.(res); } catch (e) { console.error(e); }
      },
      close(o = {}) {
        closed = true;
        if (ws) ws.close(o.code ?? 1000, o.reason ?? '');
        const res = { errMsg: 'closeSocket:ok' };
        try { o.success?.(res); o.complete?.(res); } catch (e) { console.error(e); }
      },
      onOpen(fn) { listeners.open.push(fn); },
      onMessage(fn) { listeners.message.push(fn); },
      onError(fn) { listeners.error.push(fn); },
      onClose(fn) { listeners.close.push(fn); },
    };
    host.call('connectSocket', { url: String(opts.url ?? '') }).then((res) => {
      if (!isOk(res)) { done(res, false); emit('error', { errMsg: res.errMsg }); return; }
      if (closed) return;
      try {
        ws = new WebSocket(String(opts.url), Array.isArray(opts.protocols) ? opts.protocols : undefined);
      } catch (e) {
        const fail = { errMsg: `connectSocket:fail ${e.message}` };
        done(fail, false);
        emit('error', fail);
        return;
      }
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => emit('open', { header: {}, profile: {} });
      ws.onmessage = (ev) => emit('message', { data: ev.data });
      ws.onerror = () => emit('error', { errMsg: 'WebSocket error' });
      ws.onclose = (ev) => emit('close', { code: ev.code, reason: ev.reason });
      done({ errMsg: 'connectSocket:ok' }, true);
    });
    last = task;
    return task;
  };
  const onLast = (kind) => (fn) => { if (last) last[kind](fn); };
  return {
    connectSocket: { kind: 'plain', impl: connect },
    onSocketOpen: { kind: 'plain', impl: onLast('onOpen') },
    onSocketMessage: { kind: 'plain', impl: onLast('onMessage') },
    onSocketError: { kind: 'plain', impl: onLast('onError') },
    onSocketClose: { kind: 'plain', impl: onLast('onClose') },
    sendSocketMessage: { kind: 'plain', impl: (o) => { if (last) last.send(o); else o?.fail?.({ errMsg: 'sendSocketMessage:fail WebSocket is not connected' }); } },
    closeSocket: { kind: 'plain', impl: (o) => { if (last) last.close(o); } },
  };
}
