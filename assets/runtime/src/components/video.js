// video: the browser's <video> (src, controls, autoplay, loop, muted, poster,
// object-fit, initial-time) with bindplay, bindpause, bindended,
// bindtimeupdate {currentTime, duration}, bindloadedmetadata, binderror.
import { host, inner, mediaAssets } from './util.js';
import { videoContext } from '../apis/mediactx.js';

export const video = {
  wxml: '<mh-video id="v" class="video fit-{{objectFit}}" src="{{_src}}" poster="{{_poster}}" controls="{{controls}}" autoplay="{{autoplay}}" loop="{{loop}}" muted="{{muted}}" playsinline="{{true}}" bind:play="_ev" bind:pause="_ev" bind:ended="_ev" bind:timeupdate="_time" bind:loadedmetadata="_meta" bind:error="_error" bind:waiting="_ev" /><view class="cover"><slot /></view>',
  def: () => ({
    properties: {
      src: String, poster: String, controls: { type: Boolean, value: true }, autoplay: Boolean, loop: Boolean, muted: Boolean,
      objectFit: { type: String, value: 'contain' }, initialTime: { type: Number, value: 0 }, duration: Number, title: String,
      showCenterPlayBtn: { type: Boolean, value: true }, enableProgressGesture: { type: Boolean, value: true },
    },
    data: { _src: '', _poster: '' },
    observers: mediaAssets.observers,
    lifetimes: {
      attached() {
        mediaAssets.attached.call(this);
        // SelectorQuery's context() (dom.js): its VideoContext, as on the phone
        const h = host(this);
        if (h) h.__mhContext = () => (this._ctx ??= videoContext(() => inner(this, 'v')));
      },
    },
    methods: {
      _ev(e) { this.triggerEvent(e.type, {}); },
      _time() {
        const v = inner(this, 'v');
        if (v) this.triggerEvent('timeupdate', { currentTime: v.currentTime, duration: v.duration || 0 });
      },
      _meta() {
        const v = inner(this, 'v');
        if (!v) return;
        if (this.data.initialTime) v.currentTime = this.data.initialTime;
        this.triggerEvent('loadedmetadata', { width: v.videoWidth, height: v.videoHeight, duration: v.duration });
      },
      _error() { if (this.data._src) this.triggerEvent('error', { errMsg: `MEDIA_ERR_SRC_NOT_SUPPORTED: ${this.data._src}` }); },
    },
  }),
};
