import { formatTime } from './utils/util'

App({
  globalData: { launchedAt: '' },
  onLaunch(options) {
    this.globalData.launchedAt = formatTime(new Date())
    const logs = wx.getStorageSync('logs') || []
    logs.unshift(Date.now())
    wx.setStorageSync('logs', logs)
  },
})
