import { call, isOk, show } from '../../utils/call'

const app = getApp()

Page({
  data: {
    desc: 'Show your profile in the demo',
    langs: ['en', 'zh_CN', 'zh_TW'],
    lang: 'en',
    withCredentials: true,
    nickName: 'Not signed in',
    avatarUrl: '',
    out: {},
    state: {},
  },

  onShow() {
    const user = app.globalData.userInfo
    if (user) this.setData({ nickName: user.nickName, avatarUrl: user.avatarUrl })
  },

  pickLang(e) {
    this.setData({ lang: e.currentTarget.dataset.lang })
  },

  toggleCredentials() {
    this.setData({ withCredentials: !this.data.withCredentials })
  },

  // Straight from the tap: getUserProfile refuses calls without one.
  getUserProfile() {
    call(this, 'getUserProfile', { desc: this.data.desc, lang: this.data.lang }).then((res) => this.remember(res))
  },

  getUserInfo() {
    call(this, 'getUserInfo', { withCredentials: this.data.withCredentials, lang: this.data.lang }).then((res) => this.remember(res))
  },

  // The button asked the host; its answer is the event's detail.
  onPhoneNumber(e) {
    show(this, 'getPhoneNumber', e.detail)
  },

  remember(res) {
    if (!isOk(res) || !res.userInfo) return
    app.globalData.userInfo = res.userInfo
    this.setData({ nickName: res.userInfo.nickName, avatarUrl: res.userInfo.avatarUrl })
  },
})
