import { show } from '../../utils/call'

Page({
  data: {
    canIUseName: 'getUserInfo.object.withCredentials',
    out: {},
    state: {},
  },

  // Synchronous: no callback, no Promise.
  getAccountInfoSync() {
    try {
      show(this, 'getAccountInfoSync', wx.getAccountInfoSync(), true)
    } catch (e) {
      show(this, 'getAccountInfoSync', { error: String(e?.message ?? e) }, false)
    }
  },

  canIUse() {
    const name = this.data.canIUseName
    const res = { name, canIUse: wx.canIUse(name) }
    show(this, 'canIUse', res, res.canIUse)
  },
})
