// The start page: what the demo shows, where each group lives, and "Run all": the
// non-interactive flow of a typical mini program, in order.
const FLOW = [
  ['login'],
  ['checkSession'],
  ['getAccountInfoSync'],
  ['authorize', { scope: 'scope.userLocation' }],
  ['getSetting'],
  ['authorize', { scope: 'scope.userInfo' }], // granted without a prompt, so getUserInfo can succeed
  ['getUserInfo', { withCredentials: true }],
  ['checkIsSupportSoterAuthentication'],
  ['checkIsSoterEnrolledInDevice', { checkAuthMode: 'fingerPrint' }],
  ['startSoterAuthentication', { requestAuthModes: ['fingerPrint'], challenge: 'run-all-challenge', authContent: 'Run all' }],
]

Page({
  data: {
    account: 'loading…',
    groups: [
      { id: 'login', title: 'Login and session', calls: 'login · checkSession', url: '/pages/login/login', tab: true },
      { id: 'auth', title: 'Permissions and settings', calls: 'authorize · getSetting · openSetting', url: '/pages/auth/auth', tab: true },
      { id: 'user', title: 'User information', calls: 'getUserProfile · getUserInfo', url: '/pages/user/user', tab: true },
      { id: 'soter', title: 'Biometrics (SOTER)', calls: 'checkIsSupportSoterAuthentication · checkIsSoterEnrolledInDevice · startSoterAuthentication', url: '/pages/soter/soter', tab: true },
      { id: 'account', title: 'Account info', calls: 'getAccountInfoSync · canIUse', url: '/pages/account/account', tab: false },
    ],
    running: false,
    steps: [],
    done: '',
  },

  onLoad() {
    // Synchronous from the first line of page code.
    const info = wx.getAccountInfoSync()
    const mp = info.miniProgram
    const plugin = info.plugin ? ` · plugin ${info.plugin.appId}@${info.plugin.version}` : ''
    this.setData({ account: `${mp.appId} · ${mp.envVersion}${mp.version ? ' ' + mp.version : ''}${plugin}` })
  },

  async runAll() {
    if (this.data.running) return
    this.setData({ running: true, steps: [], done: '' })
    try {
      for (const [api, args] of FLOW) {
        let res
        try {
          res = api === 'getAccountInfoSync'
            ? { ...wx.getAccountInfoSync(), errMsg: 'getAccountInfoSync:ok' }
            : await wx[api]({ ...args }) // without callbacks, minihost's wx calls return a Promise
        } catch (err) {
          res = err
        }
        const ok = typeof res?.errMsg === 'string' && res.errMsg.endsWith(':ok')
        this.setData({
          steps: [...this.data.steps, { id: `${this.data.steps.length}`, api, errMsg: res?.errMsg ?? String(res), ok }],
        })
      }
    } finally {
      this.setData({ running: false, done: 'done' })
    }
  },
})
