// audio: the older audio component (wx.createAudioContext drives it): the
// browser's <audio> with the phone's player when `controls` is set (poster
// with a play button, name, author, the time), nothing shown otherwise;
// bindplay, bindpause, bindended, bindtimeupdate {currentTime, duration},
// binderror {errMsg: MEDIA_ERR_*}.
import { inner, mediaAssets } from './util.js';

// The phone's errMsg of each MediaError code.
const MEDIA_ERRORS = { 1: 'MEDIA_ERR_ABORTED', 2: 'MEDIA_ERR_NETWORK', 3: 'MEDIA_ERR_DECODE', 4: 'MEDIA_ERR_SRC_NOT_SUPPORTED' };

// clockText is a time in seconds as the player shows it: mm:ss.
export function clockText(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const audio = {
  wxml: '<mh-audio id="a" src="{{_src}}" loop="{{loop}}" preload="auto" bind:play="_play" bind:pause="_pause" bind:ended="_ended" bind:timeupdate="_time" bind:error="_error" />' +
    '<view wx:if="{{controls}}" class="audio"><view class="audio-poster" style="{{_poster ? \'background-image:url(\' + _poster + \')\' : \'\'}}" bind:tap="_toggle"><view class="audio-button {{_playing ? \'audio-playing\' : \'\'}}"></view></view>' +
    '<view class="audio-info"><view class="audio-name">{{name}}</view><view class="audio-author">{{author}}</view></view><view class="audio-time">{{_clock}}</view></view>',
  def: () => ({
    properties: {
      src: String, loop: Boolean, controls: Boolean, poster: String,
      name: { type: String, value: '未知音频' }, author: { type: String, value: '未知作者' },
    },
    data: { _src: '', _poster: '', _playing: false, _clock: '00:00' },
    observers: mediaAssets.observers,
    lifetimes: { attached: mediaAssets.attached },
    methods: {
      _toggle() {
        const a = inner(this, 'a');
        if (!a) return;
        if (a.paused) a.play().catch((e) => console.warn(`audio: ${e.message}`));
        else a.pause();
      },
      _play() { this.setData({ _playing: true }); this.triggerEvent('play', {}); },
      _pause() {
        this.setData({ _playing: false });
        // the browser pauses at the end too; the phone tells only of the end
        if (!inner(this, 'a')?.ended) this.triggerEvent('pause', {});
      },
      _ended() { this.setData({ _playing: false }); this.triggerEvent('ended', {}); },
      _time() {
        const a = inner(this, 'a');
        if (!a) return;
        const clock = clockText(a.currentTime);
        if (clock !== this.data._clock) this.setData({ _clock: clock });
        this.triggerEvent('timeupdate', { currentTime: a.currentTime, duration: Number.isFinite(a.duration) ? a.duration : 0 });
      },
      _error() {
        const a = inner(this, 'a');
        if (this.data._src) this.triggerEvent('error', { errMsg: MEDIA_ERRORS[a?.error?.code] || 'MEDIA_ERR_SRC_NOT_SUPPORTED' });
      },
    },
  }),
};
