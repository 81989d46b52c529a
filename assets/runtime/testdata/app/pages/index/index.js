import { greet } from '../../utils/greet.js';

const rec = wx.getRecorderManager(); // unknown at top level: must not crash
const app = getApp();

Page({
  data: { profileTap: '', profileOnLoad: '', greeting: app.globalData.greeting, counter: { n: 0 }, name: '', typed: '', items: ['a', 'b'], userInfo: '', marks: '' },
  onLoad(query) {
    this.setData({ loaded: JSON.stringify(query), rec: typeof rec });
    wx.getUserProfile({ desc: 'test' }).then((r) => this.setData({ profileOnLoad: r.errMsg }), (r) => this.setData({ profileOnLoad: r.errMsg }));
  },
  async onProfile() {
    try {
      const r = await wx.getUserProfile({ desc: 'test' });
      this.setData({ profileTap: r.errMsg });
    } catch (r) {
      this.setData({ profileTap: r.errMsg });
    }
  },
  inc(e) {
    const step = Number(e.currentTarget.dataset.step);
    this.setData({ 'counter.n': this.data.counter.n + step }, () => { this.afterInc = true; });
  },
  onConfirm(e) { this.setData({ confirmed: `confirmed ${e.detail.value}` }); },
  onName(e) { this.setData({ typed: e.detail.value + ':' + e.detail.cursor }); },
  onUserInfo(e) { this.setData({ userInfo: e.detail.userInfo.nickName }); },
  onChild(e) { this.setData({ marks: JSON.stringify(e.mark) }); },
  onParent() { this.setData({ marks: 'parent saw it' }); },
  greetAgain() { return greet('again'); },
});
