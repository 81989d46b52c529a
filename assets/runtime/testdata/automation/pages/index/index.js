const app = getApp();

Page({
  data: {
    title: 'Hello', taps: 0, innerTaps: 0, answer: '', cardTitle: 'First', cardCount: 2,
    items: ['a', 'b', 'c'], events: '', nested: { list: [{ name: 'x' }] },
  },
  onLoad(query) {
    this.query = query;
    console.log('index loaded', query);
  },
  tapped(e) { this.setData({ taps: this.data.taps + 1 }); },
  innerTapped() { this.setData({ innerTaps: this.data.innerTaps + 1 }); },
  pressed() { this.log('longpress'); },
  touched(e) { this.log(`start:${e.touches.length}:${Math.round(e.changedTouches[0].clientX) === e.changedTouches[0].clientX ? 'n' : 'f'}`); },
  moved(e) { this.log(`move:${e.changedTouches[0].pageX}`); },
  released() { this.log('end'); },
  custom(e) { this.log(`custom:${JSON.stringify(e.detail)}`); },
  log(s) { this.setData({ events: this.data.events ? `${this.data.events},${s}` : s }); },
  onBumped(e) { this.log(`bumped:${e.detail.count}`); },
  // published code: a toast then a confirm, both through the promise form
  save() {
    app.toast('Saving');
    wx.showModal({ title: 'Save?', content: 'Save the draft' }).then((r) => {
      this.setData({ answer: r.confirm ? 'confirmed' : 'cancelled' });
      return wx.showToast({ title: r.confirm ? 'Saved' : 'Not saved' });
    }).then((r) => { this.setData({ toastMsg: r.errMsg }); });
  },
  readToken() {
    const api = require('../../utils/api.js');
    let token;
    try { token = api.token(); } catch { token = 'unavailable'; } // no host storage in the test server
    this.setData({ answer: `token:${token}` });
  },
  fail() { throw new Error('handler failed on purpose'); },
  // needs a user's tap (the host checks navigator.userActivation)
  profile() {
    wx.getUserProfile({
      desc: 'show your name',
      success: (r) => this.setData({ answer: `profile:${r.userInfo.nickName}` }),
      fail: (r) => this.setData({ answer: r.errMsg }),
    });
  },
  sheet() {
    wx.showActionSheet({ itemList: ['Camera', 'Album'] })
      .then((r) => this.setData({ answer: `sheet:${r.tapIndex}` }), (r) => this.setData({ answer: r.errMsg }));
  },
  ask() {
    wx.showModal({ title: 'Name', editable: true }).then((r) => this.setData({ answer: `ask:${r.confirm}:${r.content}` }));
  },
  sum(a, b) { return a + b; },
  slow(v) { return new Promise((r) => setTimeout(() => r({ v }), 20)); },
});
