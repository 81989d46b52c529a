const store = require('../../utils/store.js');
const app = getApp();

Page({
  data: { user: '', launched: false, resetResult: '', rows: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] },
  onLoad() {
    // the launch page has an opener channel too (an empty one)
    this.getOpenerEventChannel().on('accept', () => {});
    this.setData({ user: store.user(), launched: app.globalData.launched === true });
  },
  onReady() {
    // tdesign's version check: feature-detected getAppBaseInfo
    const info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    this.setData({ sdk: info.SDKVersion.split('.').length > 1 ? 'sdk ok' : 'sdk ?' });
    // vant's calendar: the observed node's dataset in the result
    this.createIntersectionObserver({ observeAll: true }).relativeToViewport().observe('.month', (res) => {
      this.observed = { id: res.id, date: res.dataset.date };
    });
    // a margin on one side only (tdesign/vant sticky)
    this.createIntersectionObserver().relativeToViewport({ bottom: 10 }).observe('#month-1', (res) => {
      this.observed2 = res.id;
    });
    const btn = this.selectComponent('#btn');
    this.setData({ resetResult: btn ? btn.reset() : 'no component' });
    wx.cloud.callFunction({ name: 'hello' }).catch((e) => { this.cloudErr = e.errMsg; });
  },
  onClick() { this.clicked = (this.clicked || 0) + 1; },
});
