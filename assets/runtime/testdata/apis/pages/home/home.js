Page({
  data: { answer: '' },
  onLoad() {
    this.seen = [];
    // as published pages size a full-height scroll-view
    this.setData({ windowHeight: wx.getSystemInfoSync().windowHeight });
  },
  sheet() {
    wx.showActionSheet({
      itemList: ['Camera', 'Album', 'Files'],
      success: (r) => this.setData({ answer: `sheet ${r.tapIndex}` }),
      fail: (r) => this.setData({ answer: r.errMsg }),
    });
  },
  ask() {
    wx.showModal({ title: 'Name', editable: true, placeholderText: 'your name' })
      .then((r) => this.setData({ answer: `${r.confirm ? 'ok' : 'cancel'}:${r.content}` }));
  },
  watchFar() {
    this.io = this.createIntersectionObserver().relativeToViewport();
    this.io.observe('#far', (r) => { this.seen.push({ id: r.id, ratio: r.intersectionRatio > 0 }); });
  },
});
