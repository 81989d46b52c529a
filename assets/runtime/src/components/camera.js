// camera: the computer's camera (getUserMedia) once the page's scope.camera
// is granted: the host asks as the phone does on the camera's first use (a
// real dialog, or the prompt policy), and a refusal is binderror. The
// simulator lets the app's own origin use the camera without asking again;
// another browser asks itself. Its CameraContext is wx.createCameraContext()
// (apis/camera.js), which reaches it through the host element's __mhBuiltin.
import { host, inner } from './util.js';
import { askScope, closeMedia, deviceReason, userMedia } from '../apis/permission.js';

// The camera's capture size for each resolution: its short and long side
// (a computer's camera is held landscape, the long side across).
const RESOLUTIONS = { low: [288, 352], medium: [480, 640], high: [720, 1280] };

export const camera = {
  wxml: '<mh-video id="v" class="camera-video {{devicePosition === \'front\' ? \'mirror\' : \'\'}}" autoplay="{{true}}" muted="{{true}}" playsinline="{{true}}" /><view class="cover"><slot /></view>',
  def: () => ({
    properties: {
      mode: { type: String, value: 'normal' }, resolution: { type: String, value: 'medium' },
      devicePosition: { type: String, value: 'back' }, flash: { type: String, value: 'auto' }, frameSize: { type: String, value: 'medium' },
    },
    observers: { 'devicePosition, resolution'() { if (this._wanted) this._start(); } },
    lifetimes: {
      attached() {
        const h = host(this);
        if (h) h.__mhBuiltin = this;
        this._wanted = true;
        this._start();
      },
      detached() { this._wanted = false; this._stop(); },
    },
    methods: {
      async _start() {
        const run = (this._run = (this._run || 0) + 1); // the latest start wins
        const granted = await askScope('scope.camera');
        if (run !== this._run || !this._wanted) return;
        if (!granted) { this.triggerEvent('error', { errMsg: 'insertCamera:fail auth deny' }); return; }
        const [short, long] = RESOLUTIONS[this.data.resolution] || RESOLUTIONS.medium;
        let stream;
        try {
          stream = await userMedia({
            video: { facingMode: this.data.devicePosition === 'front' ? 'user' : 'environment', width: { ideal: long }, height: { ideal: short } },
            audio: false,
          });
        } catch (e) {
          if (run === this._run && this._wanted) this.triggerEvent('error', { errMsg: `insertCamera:fail ${deviceReason(e)}` });
          return;
        }
        if (run !== this._run || !this._wanted) { closeMedia(stream); return; }
        this._stop();
        this._stream = stream;
        const [track] = stream.getVideoTracks();
        // unplugged, or taken by the system: the phone's bindstop
        track?.addEventListener('ended', () => { if (this._stream === stream) { this._stream = null; this.triggerEvent('stop', {}); } });
        const v = inner(this, 'v');
        if (!v) return;
        v.srcObject = stream;
        await new Promise((resolve) => { if (v.readyState >= 2) resolve(); else v.addEventListener('loadeddata', resolve, { once: true }); });
        if (this._stream !== stream) return;
        this.triggerEvent('initdone', { maxZoom: track?.getCapabilities?.().zoom?.max ?? 1 });
      },
      _stop() {
        if (this._stream) closeMedia(this._stream);
        this._stream = null;
        const v = inner(this, 'v');
        if (v) v.srcObject = null;
      },
      // for the CameraContext: the <video> once it shows the camera, and its stream
      _video() { const v = inner(this, 'v'); return this._stream && v?.readyState >= 2 ? v : null; },
      _mirror() { return this.data.devicePosition === 'front'; },
      _streamNow() { return this._stream; },
    },
  }),
};
