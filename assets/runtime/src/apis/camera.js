// wx.createCameraContext(): the CameraContext of the page's camera
// component (components/camera.js): takePhoto, startRecord/stopRecord
// (MediaRecorder; the microphone too once scope.record is granted), setZoom
// and onCameraFrame. Photos, videos and thumbnails are temp files (blob:
// URLs), as chooseImage's are.
import { wrap } from '../api.js';
import { contextScope } from '../caller.js';
import { askScope, closeMedia, userMedia } from './permission.js';
import { canvasFile } from './canvas.js';
import { recordStream } from './recorder.js';

// The phone's frame sizes of onCameraFrame, width × height.
const FRAME_SIZES = { small: [144, 192], medium: [288, 384], large: [480, 640] };
const QUALITY = { high: 0.92, normal: 0.8, low: 0.5, original: 1 };
// The longest recording the phone allows, in seconds.
const MAX_RECORD = 300;

export function cameraRows(ctx) {
  return {
    createCameraContext: { kind: 'plain', impl: (component) => cameraContext(() => findCamera(ctx, component)) },
  };
}

function findCamera(ctx, component) {
  return contextScope(ctx, component)?.querySelector('wx-camera')?.__mhBuiltin ?? null;
}

// frame draws the camera's current picture into a new canvas of its size
// (or width × height), mirrored for a front camera when mirror is asked.
function frame(video, mirror, width = video.videoWidth, height = video.videoHeight) {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const g = c.getContext('2d', { willReadFrequently: true });
  if (mirror) { g.translate(width, 0); g.scale(-1, 1); }
  g.drawImage(video, 0, 0, width, height);
  return c;
}

function cameraContext(find) {
  const op = (name, impl) => wrap(name, { kind: 'async', impl });
  // a front camera's picture is mirrored unless the call says not
  const mirrored = (cam, o) => cam._mirror() && o.selfieMirror !== false;
  const ready = () => {
    const cam = find();
    const video = cam?._video();
    if (!video) throw new Error(cam ? 'the camera is not ready (wait for its bindinitdone)' : 'the page has no camera component');
    return { cam, video };
  };
  let rec = null; // {recording (recordStream), thumb, mic: the microphone's stream or null, timer}
  const finish = async () => {
    const r = rec;
    rec = null;
    clearTimeout(r.timer);
    const video = await r.recording.stop();
    if (r.mic) closeMedia(r.mic);
    return { tempThumbPath: r.thumb, tempVideoPath: URL.createObjectURL(video) };
  };
  return {
    takePhoto: op('operateCamera', async (o) => {
      const { cam, video } = ready();
      return { tempImagePath: await canvasFile(frame(video, mirrored(cam, o)), 'image/jpeg', QUALITY[o.quality] ?? QUALITY.normal) };
    }),
    startRecord: op('operateCamera', async (o) => {
      const { cam, video } = ready();
      if (rec) throw new Error('already recording');
      if (typeof MediaRecorder !== 'function') throw new Error('this browser cannot record video');
      const tracks = [...cam._streamNow().getVideoTracks()];
      // sound only with the page's scope.record, as wx.startRecord asks it
      let mic = null;
      if (await askScope('scope.record')) {
        try {
          mic = await userMedia({ audio: true });
        } catch (e) { console.warn(`CameraContext.startRecord: recording without sound: ${e.message}`); }
      } else {
        console.warn('CameraContext.startRecord: scope.record not granted: recording without sound');
      }
      const thumb = await canvasFile(frame(video, mirrored(cam, o)), 'image/jpeg', QUALITY.normal);
      const recording = recordStream(new MediaStream([...tracks, ...(mic?.getAudioTracks() ?? [])]), 250, 'video/webm');
      const seconds = Math.min(MAX_RECORD, Number(o.timeout) > 0 ? Number(o.timeout) : 30);
      rec = { recording, thumb, mic, timer: 0 };
      rec.timer = setTimeout(async () => {
        if (!rec || rec.recording !== recording) return;
        const res = await finish();
        if (typeof o.timeoutCallback === 'function') o.timeoutCallback(res);
      }, seconds * 1000);
      return {};
    }),
    stopRecord: op('operateCamera', async () => {
      if (!rec) throw new Error('not recording');
      return finish();
    }),
    setZoom: op('setZoom', async (o) => {
      const { cam } = ready();
      const [track] = cam._streamNow().getVideoTracks();
      const range = track.getCapabilities?.().zoom;
      const zoom = Math.min(range?.max ?? 1, Math.max(range?.min ?? 1, Number(o.zoom) || 1));
      if (range) await track.applyConstraints({ advanced: [{ zoom }] });
      return { zoom };
    }),
    onCameraFrame(callback) {
      let running = false;
      let raf = 0;
      const tick = () => {
        if (!running) return;
        const cam = find();
        const video = cam?._video();
        if (video) {
          const [w, h] = FRAME_SIZES[cam.data.frameSize] || FRAME_SIZES.medium;
          const data = frame(video, false, w, h).getContext('2d').getImageData(0, 0, w, h).data.buffer;
          try { callback({ width: w, height: h, data }); } catch (e) { console.error('onCameraFrame callback threw', e); }
        }
        raf = requestAnimationFrame(tick);
      };
      return {
        start: op('start', async () => { if (!running) { running = true; raf = requestAnimationFrame(tick); } return {}; }),
        stop: op('stop', async () => { running = false; cancelAnimationFrame(raf); return {}; }),
      };
    },
  };
}
