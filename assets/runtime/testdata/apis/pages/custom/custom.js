Page({
  data: { navHeight: 0 },
  onLoad() {
    const m = wx.getMenuButtonBoundingClientRect();
    this.setData({ navHeight: m.bottom + 4 });
  },
});
