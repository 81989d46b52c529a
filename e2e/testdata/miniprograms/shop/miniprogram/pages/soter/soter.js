Page({
  data: {
    challenge: '',
    supportResult: '',
    enrolledResult: '',
    startResult: '',
    rawChallenge: '',
    signed: '',
  },

  checkSupport() {
    wx.checkIsSupportSoterAuthentication({
      success: (res) => this.setData({ supportResult: `${res.errMsg} ${res.supportMode.join(',')}` }),
      fail: (err) => this.setData({ supportResult: err.errMsg }),
    })
  },

  checkEnrolled() {
    wx.checkIsSoterEnrolledInDevice({
      checkAuthMode: 'fingerPrint',
      success: (res) => this.setData({ enrolledResult: `${res.errMsg} isEnrolled=${res.isEnrolled}` }),
      fail: (err) => this.setData({ enrolledResult: err.errMsg }),
    })
  },

  async pay() {
    try {
      const res = await wx.startSoterAuthentication({
        requestAuthModes: ['fingerPrint'],
        challenge: this.data.challenge || 'order-2026-001',
        authContent: 'Confirm your order',
      })
      this.setData({
        startResult: res.errMsg,
        rawChallenge: JSON.parse(res.resultJSON).raw,
        signed: res.resultJSONSignature ? 'signed' : 'unsigned',
      })
    } catch (err) {
      this.setData({ startResult: `${err.errMsg} (${err.errCode})` })
    }
  },
})
