const api = require('./utils/api.js');

App({
  globalData: { launched: 0 },
  onLaunch() {
    this.globalData.launched += 1;
    // read at launch: a mock from before a reload must already be in place
    try { this.globalData.token = wx.getStorageSync('token'); } catch { this.globalData.token = 'unavailable'; }
    console.log('app launched', { launched: this.globalData.launched });
  },
  toast: api.toast,
});
