const store = require('../../utils/store.js');
const app = getApp();

Page({
  data: { user: '', launched: false, resetResult: '', rows: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] },
  onLoad() {
    this.setData({ user: store.user(), launched: app.globalData.launched === true });
  },
  onReady() {
    const btn = this.selectComponent('#btn');
    this.setData({ resetResult: btn ? btn.reset() : 'no component' });
    wx.cloud.callFunction({ name: 'hello' }).catch((e) => { this.cloudErr = e.errMsg; });
  },
  onClick() { this.clicked = (this.clicked || 0) + 1; },
});
