const { formatTime } = require('../../utils/util')

Page({
  data: { logs: [] },
  onShow() {
    this.setData({ logs: (wx.getStorageSync('logs') || []).map((t) => formatTime(new Date(t))) })
  },
})
