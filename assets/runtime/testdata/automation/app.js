const api = require('./utils/api.js');

App({
  globalData: { launched: 0 },
  onLaunch() {
    this.globalData.launched += 1;
    console.log('app launched', { launched: this.globalData.launched });
  },
  toast: api.toast,
});
