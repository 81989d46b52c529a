Page({
  data: { id: '', name: '', fromOpener: '' },
  onLoad(q) {
    this.setData({ id: q.id, name: q.name });
    getApp().globalData.log.push(`detail:${this.wrapped}`);
    const channel = this.getOpenerEventChannel && this.getOpenerEventChannel();
    if (channel) {
      channel.on('toDetail', (v) => this.setData({ fromOpener: v }));
      channel.emit('fromDetail', `detail ${q.id} here`);
    }
  },
  onUnload() { getApp().globalData.log.push('detail:unload'); },
  back() { wx.navigateBack(); },
});
