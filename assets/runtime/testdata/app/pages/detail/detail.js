Page({
  data: { id: '', name: '' },
  onLoad(q) { this.setData({ id: q.id, name: q.name }); getApp().globalData.log.push(`detail:${this.wrapped}`); },
  onUnload() { getApp().globalData.log.push('detail:unload'); },
  back() { wx.navigateBack(); },
});
