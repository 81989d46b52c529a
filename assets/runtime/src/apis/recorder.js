// wx.getRecorderManager(): the computer's microphone once the page's
// scope.record is granted. Formats 'wav' and 'PCM' are written as the phone
// writes them (16-bit samples at the sampleRate and numberOfChannels asked);
// 'aac' (the default) and 'mp3' are the browser's own compressed audio
// (WebM/Opus), with one warning, since a browser encodes neither. Recordings
// are temp files (blob: URLs), as on the phone.
import { listeners } from './listeners.js';
import { askScope, closeMedia, deviceReason, userMedia } from './permission.js';
import { pcm16, wavHeader } from './wav.js';

const EVENTS = ['Start', 'Pause', 'Resume', 'Stop', 'FrameRecorded', 'Error', 'InterruptionBegin', 'InterruptionEnd'];
// The phone's limits: duration in ms.
const DEFAULT_DURATION = 60000;
const MAX_DURATION = 600000;

export function recorderRows() {
  let manager = null;
  let legacy = null; // wx.startRecord's recording
  // one warning a page about compressed formats, however many recordings
  let warned = false;
  const warnFormat = (format) => {
    if (warned) return;
    warned = true;
    console.warn(`RecorderManager: format ${format} is recorded as the browser's WebM/Opus in minihost; format 'wav' or 'PCM' gives the phone's bytes`);
  };
  return {
    // one per app, as on the phone
    getRecorderManager: { kind: 'plain', impl: () => (manager ??= recorderManager(warnFormat)) },
    // the older pair: startRecord's success comes when stopRecord (or a
    // minute) ends the recording
    startRecord: {
      kind: 'async',
      impl: () => new Promise((resolve, reject) => {
        if (legacy) { reject(new Error('is recording')); return; }
        const r = (legacy = recorderManager(warnFormat));
        r.onStop((res) => { legacy = null; resolve({ tempFilePath: res.tempFilePath }); });
        r.onError((e) => { legacy = null; reject(new Error(e.errMsg.replace(/^operateRecorder:fail /, ''))); });
        r.start({ duration: DEFAULT_DURATION });
      }),
    },
    stopRecord: { kind: 'async', impl: () => { legacy?.stop(); return {}; } },
  };
}

function recorderManager(warnFormat) {
  const on = Object.fromEntries(EVENTS.map((n) => [n, listeners(`RecorderManager.on${n}`)]));
  const fail = (reason) => on.Error.emit({ errMsg: `operateRecorder:fail ${reason}` });
  let rec = null; // the recording under way
  const m = {
    start(o = {}) {
      if (rec) { fail('is recording or paused'); return; }
      const opts = {
        duration: Math.min(MAX_DURATION, Number(o.duration) > 0 ? Number(o.duration) : DEFAULT_DURATION),
        sampleRate: Number(o.sampleRate) || 8000,
        channels: Number(o.numberOfChannels) === 2 ? 2 : 1,
        format: String(o.format || 'aac').toLowerCase(),
        frameBytes: Number(o.frameSize) > 0 ? Number(o.frameSize) * 1024 : 0,
      };
      if (!['aac', 'mp3', 'wav', 'pcm'].includes(opts.format)) { fail(`format ${o.format} is not one of aac, mp3, wav, PCM`); return; }
      const starting = { stopped: false };
      rec = starting;
      (async () => {
        if (!(await askScope('scope.record'))) throw Object.assign(new Error('auth deny'), { plain: true });
        const stream = await userMedia({ audio: { channelCount: opts.channels, sampleRate: opts.sampleRate } });
        if (rec !== starting || starting.stopped) { closeMedia(stream); return; }
        if (opts.format === 'aac' || opts.format === 'mp3') warnFormat(opts.format);
        rec = opts.format === 'wav' || opts.format === 'pcm' ? pcmRecording(stream, opts, on) : compressedRecording(stream, opts, on);
        rec.timer = setTimeout(() => m.stop(), opts.duration);
        on.Start.emit({});
      })().catch((e) => {
        if (rec === starting) rec = null;
        fail(e.plain ? e.message : deviceReason(e, 'microphone'));
      });
    },
    pause() { if (rec?.pause && !rec.paused) { rec.paused = true; rec.pause(); on.Pause.emit({}); } },
    resume() { if (rec?.resume && rec.paused) { rec.paused = false; rec.resume(); on.Resume.emit({}); } },
    stop() {
      const r = rec;
      if (!r) return;
      if (!r.finish) { r.stopped = true; rec = null; return; } // still asking or opening
      rec = null;
      clearTimeout(r.timer);
      r.finish().then((res) => on.Stop.emit(res), (e) => fail(e.message));
    },
  };
  for (const n of EVENTS) m[`on${n}`] = on[n].on;
  return m;
}

// clock counts recorded time, paused time left out.
function clock() {
  let total = 0;
  let since = performance.now();
  return {
    pause() { total += performance.now() - since; since = null; },
    resume() { since = performance.now(); },
    ms() { return Math.round(total + (since === null ? 0 : performance.now() - since)); },
  };
}

// framer cuts recorded bytes into frameBytes-sized onFrameRecorded frames.
// A full frame waits for the next bytes, so that the last frame sent (with
// isLastFrame) is never empty.
function framer(frameBytes, on) {
  let pending = [];
  let size = 0;
  let ready = null; // a full frame not sent yet
  const take = () => {
    const out = new Uint8Array(size);
    let o = 0;
    for (const p of pending) { out.set(p, o); o += p.length; }
    pending = [];
    size = 0;
    return out;
  };
  const send = (bytes, last) => on.FrameRecorded.emit({ frameBuffer: bytes.buffer, isLastFrame: last });
  return {
    add(bytes) {
      if (!frameBytes || !bytes.length) return;
      if (ready) { send(ready, false); ready = null; }
      pending.push(bytes);
      size += bytes.length;
      if (size >= frameBytes) ready = take();
    },
    end() {
      if (!frameBytes) return;
      const rest = take();
      if (ready && rest.length) send(ready, false);
      send(rest.length || !ready ? rest : ready, true);
      ready = null;
    },
  };
}

// pcmRecording takes the samples themselves (Web Audio at the asked rate).
function pcmRecording(stream, opts, on) {
  const ac = new AudioContext({ sampleRate: opts.sampleRate });
  ac.resume().catch(() => {}); // a browser that starts it suspended until a gesture
  const source = ac.createMediaStreamSource(stream);
  // ScriptProcessor: the samples on the main thread without a worklet module to load
  const node = ac.createScriptProcessor(4096, opts.channels, opts.channels);
  const chunks = [];
  const frames = framer(opts.frameBytes, on);
  const time = clock();
  let paused = false;
  node.onaudioprocess = (e) => {
    if (paused) return;
    const chans = [];
    for (let c = 0; c < opts.channels; c++) chans.push(new Float32Array(e.inputBuffer.getChannelData(Math.min(c, e.inputBuffer.numberOfChannels - 1))));
    const bytes = pcm16(chans);
    chunks.push(bytes);
    frames.add(bytes);
  };
  source.connect(node);
  node.connect(ac.destination); // a ScriptProcessor runs only while connected; its output is silence
  return {
    pause() { paused = true; time.pause(); },
    resume() { paused = false; time.resume(); },
    async finish() {
      const duration = time.ms();
      source.disconnect();
      node.disconnect();
      closeMedia(stream);
      await ac.close();
      frames.end();
      const size = chunks.reduce((n, c) => n + c.length, 0);
      const parts = opts.format === 'wav' ? [wavHeader(size, opts.sampleRate, opts.channels), ...chunks] : chunks;
      const blob = new Blob(parts, { type: opts.format === 'wav' ? 'audio/wav' : 'application/octet-stream' });
      return { tempFilePath: URL.createObjectURL(blob), duration, fileSize: blob.size };
    },
  };
}

// recordStream records a stream with the browser's MediaRecorder, a piece
// every timeslice ms; onData (if any) gets each piece's bytes, in order.
// stop() ends it and answers the recording, a Blob (of type when the
// recorder names none). The camera's startRecord uses it too.
export function recordStream(stream, timeslice, type, onData) {
  const recorder = new MediaRecorder(stream);
  const chunks = [];
  let fed = Promise.resolve(); // the pieces given to onData so far, in order
  recorder.addEventListener('dataavailable', (e) => {
    if (!e.data.size) return;
    chunks.push(e.data);
    if (onData) fed = fed.then(async () => onData(new Uint8Array(await e.data.arrayBuffer())));
  });
  const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
  recorder.start(timeslice);
  return {
    recorder,
    async stop() {
      if (recorder.state !== 'inactive') recorder.stop();
      await stopped;
      await fed;
      return new Blob(chunks, { type: recorder.mimeType || type });
    },
  };
}

// compressedRecording is the browser's MediaRecorder.
function compressedRecording(stream, opts, on) {
  const frames = framer(opts.frameBytes, on);
  const time = clock();
  const rec = recordStream(stream, opts.frameBytes ? 100 : 1000, 'audio/webm', (bytes) => frames.add(bytes));
  return {
    pause() { rec.recorder.pause(); time.pause(); },
    resume() { rec.recorder.resume(); time.resume(); },
    async finish() {
      const duration = time.ms();
      const blob = await rec.stop();
      closeMedia(stream);
      frames.end();
      return { tempFilePath: URL.createObjectURL(blob), duration, fileSize: blob.size };
    },
  };
}
