// Media contexts on the browser's own media elements: wx.createVideoContext
// and wx.createAudioContext (the <video> or <audio> of a video or audio
// component, by id), wx.createInnerAudioContext and
// wx.getBackgroundAudioManager (an <audio> of their own, not in the page).
import { packageURL } from '../paths.js';
import { contextScope } from '../caller.js';
import { listeners } from './listeners.js';

// The phone's errCodes for an audio error, from the media element's.
const AUDIO_ERROR = { 1: 10001, 2: 10002, 3: 10003, 4: 10004 };

export function mediaContextRows(ctx) {
  let background = null;
  return {
    createVideoContext: {
      kind: 'plain',
      impl: (id, component) => videoContext(() => findMedia(ctx, 'wx-video', 'video', String(id ?? ''), component)),
    },
    // the older audio component's context
    createAudioContext: {
      kind: 'plain',
      impl: (id, component) => olderAudioContext(() => findMedia(ctx, 'wx-audio', 'audio', String(id ?? ''), component)),
    },
    createInnerAudioContext: { kind: 'plain', impl: () => audioContext() },
    getBackgroundAudioManager: {
      kind: 'plain',
      // one per app, as on the phone; setting src plays it
      impl: () => (background ??= audioContext({ background: true })),
    },
  };
}

// findMedia is the <video> or <audio> (tag) of the component whose host is
// hostTag with WXML id `id` in component (or the top page); null while there
// is none.
function findMedia(ctx, hostTag, tag, id, component) {
  const root = contextScope(ctx, component);
  if (!root || !id) return null;
  for (const h of root.querySelectorAll(hostTag)) if (h.id === id) return h.querySelector(tag);
  return null;
}

// onFound makes a context method: fn(element, ...args) on the element find()
// answers then, nothing while there is none.
const onFound = (find) => (fn) => (...args) => { const el = find(); if (el) fn(el, ...args); };

// olderAudioContext answers wx.createAudioContext's AudioContext.
function olderAudioContext(find) {
  const on = onFound(find);
  return {
    setSrc: on((a, src) => { a.src = packageURL('', String(src ?? '')); }),
    play: on((a) => { a.play().catch((e) => console.warn(`AudioContext.play: ${e.message}`)); }),
    pause: on((a) => a.pause()),
    seek: on((a, position) => { a.currentTime = Number(position) || 0; }),
  };
}

// videoContext answers the phone's VideoContext; each call finds the video
// then, so a context made before the page rendered (at its top level) works.
export function videoContext(find) {
  const on = onFound(find);
  return {
    play: on((v) => { v.play().catch((e) => console.warn(`VideoContext.play: ${e.message}`)); }),
    pause: on((v) => v.pause()),
    stop: on((v) => { v.pause(); v.currentTime = 0; }),
    seek: on((v, position) => { v.currentTime = Number(position) || 0; }),
    playbackRate: on((v, rate) => { v.playbackRate = Number(rate) || 1; }),
    requestFullScreen: on((v) => { v.requestFullscreen?.().catch(() => {}); }),
    exitFullScreen: on(() => { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); }),
    requestPictureInPicture: on((v) => { v.requestPictureInPicture?.().catch(() => {}); }),
    exitPictureInPicture: on(() => { if (document.pictureInPictureElement) document.exitPictureInPicture().catch(() => {}); }),
    sendDanmu: () => {},
    showStatusBar: () => {},
    hideStatusBar: () => {},
  };
}

// audioContext is an InnerAudioContext (or, with background, the
// BackgroundAudioManager: setting src starts it, and it has the metadata
// fields the phone shows in its player).
function audioContext({ background = false } = {}) {
  const a = new Audio();
  a.preload = 'auto';
  const on = new Map(); // event name ("Play") → its listeners
  let startTime = 0;
  let src = '';
  const emit = (name, res) => on.get(name)?.emit(res);
  const play = () => a.play().catch((e) => {
    // a browser that wants a user gesture first (the simulator starts
    // Chromium without that rule); a source that cannot play is the
    // element's error event
    if (e.name === 'NotAllowedError') emit('Error', { errCode: 10001, errMsg: e.message });
  });
  const events = {
    Canplay: 'canplay', Play: 'play', Pause: 'pause', Ended: 'ended', TimeUpdate: 'timeupdate',
    Waiting: 'waiting', Seeking: 'seeking', Seeked: 'seeked',
  };
  for (const [name, dom] of Object.entries(events)) a.addEventListener(dom, () => emit(name, {}));
  a.addEventListener('error', () => {
    const code = a.error?.code ?? 0;
    emit('Error', { errCode: AUDIO_ERROR[code] ?? -1, errMsg: a.error?.message || `the audio could not be played: ${src}` });
  });
  const c = {
    play,
    pause: () => a.pause(),
    stop: () => { a.pause(); a.currentTime = 0; emit('Stop', {}); },
    seek: (position) => { a.currentTime = Number(position) || 0; },
    destroy: () => { a.pause(); a.removeAttribute('src'); a.load(); for (const l of on.values()) l.off(); },
  };
  for (const name of [...Object.keys(events), 'Error', 'Stop', ...(background ? ['Next', 'Prev'] : [])]) {
    const l = listeners(`${background ? 'BackgroundAudioManager' : 'InnerAudioContext'}.on${name}`);
    on.set(name, l);
    c[`on${name}`] = l.on;
    c[`off${name}`] = l.off;
  }
  const prop = (name, get, set) => Object.defineProperty(c, name, { enumerable: true, get, ...(set ? { set } : {}) });
  prop('src', () => src, (v) => {
    src = String(v ?? '');
    a.src = packageURL('', src);
    if (startTime) a.currentTime = startTime;
    if (background && src) play();
  });
  prop('startTime', () => startTime, (v) => { startTime = Number(v) || 0; });
  prop('autoplay', () => a.autoplay, (v) => { a.autoplay = !!v; });
  prop('loop', () => a.loop, (v) => { a.loop = !!v; });
  prop('volume', () => a.volume, (v) => { a.volume = Math.min(1, Math.max(0, Number(v))); });
  prop('playbackRate', () => a.playbackRate, (v) => { a.playbackRate = Math.min(2, Math.max(0.5, Number(v) || 1)); });
  prop('obeyMuteSwitch', () => true, () => {});
  prop('duration', () => (Number.isFinite(a.duration) ? a.duration : 0));
  prop('currentTime', () => a.currentTime);
  prop('paused', () => a.paused);
  prop('buffered', () => (a.buffered.length ? a.buffered.end(a.buffered.length - 1) : 0));
  if (background) {
    for (const f of ['title', 'epname', 'singer', 'coverImgUrl', 'webUrl', 'protocol']) {
      let v = '';
      prop(f, () => v, (nv) => { v = String(nv ?? ''); });
    }
  }
  return c;
}
