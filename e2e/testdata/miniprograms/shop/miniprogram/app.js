// app.js
import { wrapPage } from './utils/wrap'

const store = require('./utils/store.js')

// Every page goes through wrapPage, as analytics and login helpers do in real shops.
Page = wrapPage(Page)

// A mock library would replace wx.request like this; pages never notice.
const rawRequest = wx.request
wx.request = function (options = {}) {
  return rawRequest.call(wx, { ...options, header: { 'X-Shop-Client': 'fixture', ...options.header } })
}

App({
  globalData: {
    shopName: 'Fixture Shop',
    launchPath: '',
    launchQuery: {},
    pageLoads: 0,
  },

  onLaunch(options) {
    this.globalData.launchPath = options?.path ?? ''
    this.globalData.launchQuery = options?.query ?? {}
    store.visit()
  },

  onShow() {
    this.globalData.shownAt = Date.now()
  },

  onError(err) {
    console.error('app error', err)
  },

  onPageNotFound(res) {
    wx.switchTab({ url: '/pages/home/home' })
  },
})
