import { call } from '../../utils/call'

Page({
  data: {
    modes: ['fingerPrint', 'facial', 'speech'],
    mode: 'fingerPrint',
    challenge: 'demo-challenge-123',
    authContent: 'Confirm it is you',
    out: {},
    state: {},
  },

  pickMode(e) {
    this.setData({ mode: e.currentTarget.dataset.mode })
  },

  checkIsSupportSoterAuthentication() {
    call(this, 'checkIsSupportSoterAuthentication')
  },

  checkIsSoterEnrolledInDevice() {
    call(this, 'checkIsSoterEnrolledInDevice', { checkAuthMode: this.data.mode })
  },

  startSoterAuthentication() {
    call(this, 'startSoterAuthentication', {
      requestAuthModes: [this.data.mode],
      challenge: this.data.challenge,
      authContent: this.data.authContent,
    })
  },
})
