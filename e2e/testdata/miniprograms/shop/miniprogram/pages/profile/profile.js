const DESC = 'Show your name on your orders'

Page({
  data: {
    onLoadResult: '',
    tapResult: '',
    nickName: '',
    openTypeResult: '',
  },

  // A common mistake: asking for the profile without a tap. The host refuses.
  onLoad() {
    wx.getUserProfile({ desc: DESC })
      .then((res) => this.setData({ onLoadResult: res.errMsg }))
      .catch((err) => this.setData({ onLoadResult: err.errMsg }))
  },

  // Called straight from the tap, so it carries the user's gesture.
  getProfile() {
    wx.getUserProfile({
      desc: DESC,
      success: (res) => this.setData({ tapResult: res.errMsg, nickName: res.userInfo.nickName }),
      fail: (err) => this.setData({ tapResult: err.errMsg }),
    })
  },

  onGotUserInfo(e) {
    this.setData({ openTypeResult: e.detail.errMsg })
  },
})
