// The voice note recorder is created when the module loads, as many pages do.
const rec = wx.getRecorderManager()
const api = require('../../utils/api')

Page({
  data: {
    recorderText: typeof rec,
    loginResult: '',
    codeText: '',
    locationResult: '',
    recordResult: '',
    settingResult: '',
  },

  login() {
    api.login({
      success: (res) => this.setData({ loginResult: res.errMsg, codeText: res.code ? 'got a code' : 'no code' }),
      fail: (err) => this.setData({ loginResult: err.errMsg }),
    })
  },

  async askLocation() {
    try {
      const res = await wx.authorize({ scope: 'scope.userLocation' })
      this.setData({ locationResult: res.errMsg })
    } catch (err) {
      this.setData({ locationResult: err.errMsg })
    }
  },

  askRecord() {
    wx.authorize({
      scope: 'scope.record',
      success: (res) => this.setData({ recordResult: res.errMsg }),
      fail: (err) => this.setData({ recordResult: err.errMsg }),
    })
  },

  showSetting() {
    wx.getSetting({
      success: (res) => {
        const auth = res.authSetting
        const text = Object.keys(auth).sort().map((k) => `${k}=${auth[k]}`).join(' ')
        this.setData({ settingResult: text })
      },
    })
  },

  openProfile() {
    wx.navigateTo({ url: '/pages/profile/profile' })
  },

  openSoter() {
    wx.navigateTo({ url: '/pages/soter/soter' })
  },
})
