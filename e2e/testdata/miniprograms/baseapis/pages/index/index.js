const app = getApp();

Page({
  data: { count: 0, launches: 0, reqOut: '', locOut: '', clipOut: '', infoOut: '', mediaOut: '', chooseOut: '', chooseLocOut: '' },
  onLoad(query) {
    this.url = query.url ? decodeURIComponent(query.url) : '';
    this.setData({ count: wx.getStorageSync('count') || 0, launches: app.globalData.launches });
  },
  inc() {
    const count = this.data.count + 1;
    wx.setStorageSync('count', count);
    wx.setStorage({ key: 'saved', data: { count } });
    wx.setStorage({ key: 'at', data: new Date(0) });
    this.setData({ count });
  },
  req() {
    wx.request({
      url: this.url,
      method: 'POST',
      data: { hello: 'host' },
      header: { 'X-From': 'page' },
      success: (res) => this.setData({ reqOut: JSON.stringify({ errMsg: res.errMsg, statusCode: res.statusCode, data: res.data }) }),
      fail: (err) => this.setData({ reqOut: JSON.stringify(err) }),
    });
  },
  async loc() {
    try {
      const r = await wx.getLocation({ type: 'gcj02' });
      this.setData({ locOut: JSON.stringify(r) });
    } catch (err) {
      this.setData({ locOut: JSON.stringify(err) });
    }
  },
  clip() {
    wx.setClipboardData({
      data: 'copied ' + this.data.count,
      success: () => wx.getClipboardData({ success: (r) => this.setData({ clipOut: JSON.stringify(r) }) }),
    });
  },
  async media() {
    const out = {};
    try {
      out.info = await wx.getImageInfo({ src: '/images/red.png' });
      out.save = await wx.saveImageToPhotosAlbum({ filePath: '/images/red.png' });
    } catch (err) {
      out.err = err;
    }
    this.setData({ mediaOut: JSON.stringify(out) });
  },
  choose() {
    wx.chooseImage({
      count: 1,
      success: (r) => wx.getImageInfo({ src: r.tempFilePaths[0] }).then((info) => this.setData({
        chooseOut: JSON.stringify({ path: r.tempFilePaths[0].slice(0, 5), size: r.tempFiles[0].size, width: info.width, height: info.height }),
      })),
      fail: (err) => this.setData({ chooseOut: JSON.stringify(err) }),
    });
  },
  preview() {
    wx.previewImage({ urls: ['/images/red.png'] });
  },
  chooseLoc() {
    wx.chooseLocation({
      success: (r) => this.setData({ chooseLocOut: JSON.stringify(r) }),
      fail: (err) => this.setData({ chooseLocOut: JSON.stringify(err) }),
    });
  },
  phone() {
    wx.makePhoneCall({ phoneNumber: '10086' });
    wx.vibrateShort({ type: 'light' });
  },
  info() {
    const sync = wx.getStorageInfoSync();
    Promise.all([wx.getStorage({ key: 'saved' }), wx.getStorage({ key: 'at' })]).then(([saved, at]) => this.setData({
      infoOut: JSON.stringify({ keys: sync.keys.sort(), isDate: at.data instanceof Date, time: at.data.getTime(), count: saved.data.count }),
    }));
  },
});
