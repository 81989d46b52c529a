// The host's side of the base APIs: POST /wx/<appid>/<api> with the app's
// token, which GET /wx/boot (answered on the app's own origin only) gives.
// One client per page; the boot answer is the shell page's, else read once,
// synchronously, on the first call that needs it (the Sync storage forms
// cannot wait).

export function hostClient(fetchImpl = (...a) => fetch(...a), shellBoot = globalThis.__minihostBoot) {
  let boot = null;
  // The shell page's inlined answer (hostapi BootAnswer): the token without
  // a request, and the storage (when the host found it small enough) for
  // the first call that reads it; the storage is asked for afresh after that.
  let inlined = shellBoot && typeof shellBoot === 'object' && typeof shellBoot.token === 'string' && typeof shellBoot.appid === 'string' ? shellBoot : null;
  const load = (withStorage) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', withStorage ? '/wx/boot?storage=1' : '/wx/boot', false); // synchronous on purpose
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.send(null);
    if (xhr.status !== 200) throw new Error(`host boot answered HTTP ${xhr.status}`);
    const b = JSON.parse(xhr.responseText);
    if (!b || typeof b.token !== 'string' || typeof b.appid !== 'string') throw new Error('malformed host boot answer');
    return b;
  };
  return {
    // boot returns the boot answer; withStorage reads it afresh with the
    // current persona's storage.
    boot(withStorage = false) {
      if (inlined && (!withStorage || inlined.storage)) {
        boot = inlined;
        if (withStorage) inlined = null;
        return boot;
      }
      if (withStorage || !boot) boot = load(withStorage);
      return boot;
    },
    // callSync POSTs one call with a synchronous XHR and returns the result:
    // for writes that must be done when a Sync API returns (storage).
    callSync(api, body = {}) {
      let b;
      try { b = this.boot(); } catch (e) { return { errMsg: `${api}:fail ${e.message}` }; }
      try {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `/wx/${encodeURIComponent(b.appid)}/${api}`, false);
        xhr.setRequestHeader('Content-Type', 'application/json');
        xhr.setRequestHeader('Authorization', `Bearer ${b.token}`);
        xhr.send(JSON.stringify(body));
        const res = JSON.parse(xhr.responseText);
        if (res && typeof res.errMsg === 'string') return res;
        return { errMsg: `${api}:fail host answered HTTP ${xhr.status}` };
      } catch (e) {
        return { errMsg: `${api}:fail ${e?.message ?? e}` };
      }
    },
    // call resolves with the host's result object ({errMsg, …}); it never
    // rejects: a network failure is "<api>:fail <message>".
    async call(api, body = {}, signal) {
      let b;
      try { b = this.boot(); } catch (e) { return { errMsg: `${api}:fail ${e.message}` }; }
      try {
        const resp = await fetchImpl(`/wx/${encodeURIComponent(b.appid)}/${api}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${b.token}` },
          body: JSON.stringify(body),
          signal,
        });
        const res = await resp.json().catch(() => null);
        if (res && typeof res.errMsg === 'string') return res;
        return { errMsg: `${api}:fail host answered HTTP ${resp.status}` };
      } catch (e) {
        return { errMsg: `${api}:fail ${e?.name === 'AbortError' ? 'abort' : e?.message ?? e}` };
      }
    },
  };
}

// isOk tells a host result's success.
export const isOk = (res) => typeof res?.errMsg === 'string' && res.errMsg.endsWith(':ok');

// answer turns a host result into an async row's value: the fields on
// success, a rejection with the result itself on failure.
export function answer(res) {
  if (!isOk(res)) throw res;
  const { errMsg, ...rest } = res;
  return rest;
}
