// As shop templates do: a helper module that calls getApp() at its top
// level is required before App() runs.
const store = require('./utils/store');

App({
  globalData: { user: 'ada' },
  onLaunch() {
    // third-party platform config, empty without a platform
    const sub = wx.getExtConfigSync().subDomain || 'main';
    this.globalData.sub = sub;
    wx.cloud.init({ env: 'prod-1', traceUser: true });
    // an API minihost does not have: the call degrades, onLaunch goes on
    this.globalData.expt = wx.getExptInfoSync(['k']);
    this.globalData.launched = true;
    store.touch();
    // subpackage async require (mpdemo's custom-route)
    require.async('./pkg/util.js').then((u) => { this.globalData.asyncOk = u.ok; });
  },
});
