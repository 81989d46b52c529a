Page({
  data: {
    via: '',
    depth: 0,
  },

  onLoad(query) {
    this.setData({ via: query.via || '', depth: getCurrentPages().length })
  },

  backTwo() {
    wx.navigateBack({ delta: 2 })
  },

  startOver() {
    wx.reLaunch({ url: '/pages/home/home?from=relaunch' })
  },
})
