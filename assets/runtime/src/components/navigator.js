// navigator: every open-type (navigate, redirect, switchTab, reLaunch,
// navigateBack, exit, and navigateToMiniProgram for target="miniProgram").
import { ownerPath } from './util.js';

export const navigator = {
  wxml: '<view class="nav {{_hover ? hoverClass : \'\'}}" role="link" tabindex="0" bind:touchstart="_down" bind:touchend="_up" bind:tap="_go" bind:keydown="_key"><slot /></view>',
  def: (ctx) => ({
    properties: {
      url: String,
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
      appId: String, path: String, extraData: null, envVersion: String,
      hoverClass: { type: String, value: 'navigator-hover' },
    },
    data: { _hover: false },
    methods: {
      _down() { if (this.data.hoverClass !== 'none') this.setData({ _hover: true }); },
      _up() { setTimeout(() => this.setData({ _hover: false }), 70); },
      _key(e) { if (e.detail?.key === 'Enter') this._go(); },
      _go() {
        const d = this.data;
        if (d.target === 'miniProgram') {
          const wx = window.wx;
          const done = (r) => this.triggerEvent(/:ok/.test(r?.errMsg) ? 'success' : 'fail', r);
          if (d.openType === 'exit') { this.triggerEvent('fail', { errMsg: 'navigateBack:fail exit is not supported in minihost' }); return; }
          try {
            wx.navigateToMiniProgram({ appId: d.appId, path: d.path, extraData: d.extraData, envVersion: d.envVersion, success: done, fail: done, complete: (r) => this.triggerEvent('complete', r) });
          } catch (e) { done({ errMsg: `navigateToMiniProgram:fail ${e?.message || e}` }); }
          return;
        }
        if (d.openType === 'exit') { console.warn('navigator open-type="exit" only works with target="miniProgram"'); return; }
        ctx.navigate(d.openType, d.url, d.delta, ownerPath(this));
      },
    },
  }),
};
