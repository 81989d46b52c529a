// Errors as the IDE shows them: an overlay naming file and line, and a POST
// to /__minihost/log so the host's window and log stream have them too.

const LOG_URL = '/__minihost/log';
const MAX_PER_SECOND = 10;

export function createReporter() {
  let sentThisSecond = 0;
  let second = 0;
  let overlay = null;
  let list = null;

  // Until release() (after the first render) entries wait, so the boot
  // does not spend its time on requests; then they go in order.
  let held = [];
  function post(entry) {
    if (held) { held.push(entry); return; }
    send(entry);
  }
  function release() {
    const waiting = held || [];
    held = null;
    for (const e of waiting) send(e);
  }

  // send posts an entry, or an array of them (a compile's problems: one
  // request, not counted against the rate).
  function send(entry) {
    if (!Array.isArray(entry)) {
      const now = Math.floor(Date.now() / 1000);
      if (now !== second) { second = now; sentThisSecond = 0; }
      if (++sentThisSecond > MAX_PER_SECOND) return;
    }
    try {
      fetch(LOG_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(entry),
        keepalive: true,
      }).catch(() => {});
    } catch { /* logging never breaks the page */ }
  }

  function show(entry) {
    if (!document.body) return;
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'mh-overlay';
      const head = document.createElement('div');
      head.className = 'mh-overlay-head';
      head.textContent = 'Errors';
      const close = document.createElement('button');
      close.className = 'mh-overlay-close';
      close.textContent = '×';
      close.title = 'Close';
      close.onclick = () => { overlay.remove(); overlay = null; };
      head.appendChild(close);
      list = document.createElement('div');
      overlay.append(head, list);
    }
    if (!overlay.isConnected) document.body.appendChild(overlay);
    const item = document.createElement('div');
    item.className = 'mh-overlay-item';
    const where = document.createElement('div');
    where.className = 'mh-overlay-where';
    where.textContent = entry.file ? `${entry.file}${entry.line ? `:${entry.line}` : ''}${entry.column ? `:${entry.column}` : ''}` : '(runtime)';
    const msg = document.createElement('pre');
    msg.textContent = entry.message + (entry.stack ? `\n${entry.stack}` : '');
    item.append(where, msg);
    list.appendChild(item);
  }

  // error: shown in the overlay and logged. warn/info: logged only (and
  // printed in the console without being forwarded a second time).
  function report(level, message, where) {
    const entry = local(level, message, where);
    post(entry);
    return entry;
  }
  // local shows or prints an entry, without posting it.
  function local(level, message, { file = '', line = 0, column = 0, stack = '' } = {}) {
    const entry = { level, message: String(message), file, line, column, stack: String(stack || '') };
    if (level === 'error') show(entry);
    else {
      const where = entry.file ? `${entry.file}${entry.line ? `:${entry.line}:${entry.column}` : ''}: ` : '';
      (rawConsole[level] || rawConsole.info)(where + entry.message);
    }
    return entry;
  }

  // reportOnce reports what the project's files cause ({level, message,
  // file, line, column}: a compile's problems, app.json's warnings) as
  // report does, and posts it to the host in batches marked once with the
  // manifest's version: every load of the same files has it again (the
  // compiled-template cache keeps a compile's problems), and the host logs
  // each only the first time.
  function reportOnce(problems, manifest) {
    let batch = [];
    let size = 0;
    const flush = () => { if (batch.length) post(batch); batch = []; size = 0; };
    for (const p of problems) {
      const entry = local(p.level === 'error' ? 'error' : 'warn', p.message, p);
      const e = { ...entry, once: true, manifest: String(manifest || '') };
      const n = JSON.stringify(e).length;
      if (size + n > BATCH_BYTES) flush();
      batch.push(e);
      size += n;
    }
    flush();
  }

  return { report, reportOnce, post, release };
}

// BATCH_BYTES keeps a batch of reportOnce under the host's 64 KiB.
const BATCH_BYTES = 48 << 10;

// whereFrom picks the project file and line out of an error's stack (the
// transformed JS maps to "/__minihost/js/<path>" URLs).
export function whereFrom(err) {
  const stack = String(err?.stack || '');
  const m = stack.match(/\/__minihost\/js\/([^?:\s)]+)(?:\?[^:\s)]*)?:(\d+):(\d+)/);
  if (m) return { file: m[1], line: Number(m[2]), column: Number(m[3]) };
  return { file: '', line: 0, column: 0 };
}

// The console before forwardConsole wrapped it.
const rawConsole = { warn: console.warn.bind(console), error: console.error.bind(console), info: console.info.bind(console) };

// forwardConsole sends console.warn/error to the log too (the reporter rate-limits).
export function forwardConsole(reporter) {
  for (const level of ['warn', 'error']) {
    const orig = rawConsole[level];
    console[level] = (...args) => {
      orig(...args);
      try {
        const message = args.map((a) => (a instanceof Error ? a.message : typeof a === 'object' ? safeJson(a) : String(a))).join(' ');
        const err = args.find((a) => a instanceof Error);
        reporter.post({ level, message, file: '', line: 0, column: 0, stack: err ? String(err.stack || '') : '' });
      } catch { /* never break console */ }
    };
  }
}

function safeJson(v) {
  try { return JSON.stringify(v); } catch { return String(v); }
}
