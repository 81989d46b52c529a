// minihost demo: a mini program written as for the phone. Each tab is one group of open
// interfaces; every button calls the wx API it names and shows the result under it.
// Prompts (authorize, getUserProfile, openSetting, SOTER) appear in the minihost window, or
// follow --prompt-policy when minihost runs headless.
App({
  globalData: {
    userInfo: null,
  },

  onLaunch() {
    const { miniProgram } = wx.getAccountInfoSync()
    console.info(`minihost demo ${miniProgram.appId} (${miniProgram.envVersion})`)
  },
})
