import { call } from '../../utils/call'

const SCOPES = [
  'scope.userInfo',
  'scope.userLocation',
  'scope.userFuzzyLocation',
  'scope.userLocationBackground',
  'scope.record',
  'scope.camera',
  'scope.bluetooth',
  'scope.writePhotosAlbum',
  'scope.addPhoneContact',
  'scope.addPhoneCalendar',
  'scope.werun',
  'scope.addFriend',
  'scope.address',
  'scope.invoiceTitle',
  'scope.invoice',
  'scope.bogus',
]

Page({
  data: {
    scopes: SCOPES,
    scope: 'scope.userLocation',
    withSubscriptions: false,
    out: {},
    state: {},
  },

  pickScope(e) {
    this.setData({ scope: e.currentTarget.dataset.scope })
  },

  toggleSubscriptions() {
    this.setData({ withSubscriptions: !this.data.withSubscriptions })
  },

  authorize() {
    call(this, 'authorize', { scope: this.data.scope })
  },

  getSetting() {
    call(this, 'getSetting', { withSubscriptions: this.data.withSubscriptions })
  },

  openSetting() {
    call(this, 'openSetting', { withSubscriptions: this.data.withSubscriptions })
  },
})
