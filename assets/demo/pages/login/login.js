import { call } from '../../utils/call'

Page({
  data: {
    out: {},
    state: {},
  },

  login() {
    call(this, 'login')
  },

  checkSession() {
    call(this, 'checkSession')
  },
})
