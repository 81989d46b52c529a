// The home page: one button per host API a QA script drives, each writing
// what it got into data (the script reads page.data()).
Page({
  data: {
    count: 0,
    name: '',
    toast: '',
    modal: '',
    auth: '',
    record: '',
    profile: '',
    loginCode: '',
    soter: '',
    soterResult: '',
    items: ['apple', 'banana', 'cherry'],
    progress: 30,
    on: false,
    slide: 0,
  },
  onLoad(query) {
    this.setData({ from: query.from || '' });
  },
  increment() {
    const count = this.data.count + 1;
    this.setData({ count });
    console.log('count is', count, { count });
  },
  add(n) {
    this.setData({ count: this.data.count + n });
    return this.data.count;
  },
  showToast() {
    wx.showToast({
      title: 'Saved',
      success: (res) => this.setData({ toast: res.errMsg }),
      fail: (err) => this.setData({ toast: err.errMsg }),
    });
  },
  showModal() {
    wx.showModal({
      title: 'Delete?',
      content: 'The item goes away',
      success: (res) => this.setData({ modal: res.confirm ? 'confirm' : 'cancel' }),
      fail: (err) => this.setData({ modal: err.errMsg }),
    });
  },
  authorize() {
    wx.authorize({
      scope: 'scope.userLocation',
      success: (res) => this.setData({ auth: res.errMsg }),
      fail: (err) => this.setData({ auth: err.errMsg }),
    });
  },
  authorizeRecord() {
    wx.authorize({
      scope: 'scope.record',
      success: (res) => this.setData({ record: res.errMsg }),
      fail: (err) => this.setData({ record: err.errMsg }),
    });
  },
  profile() {
    wx.getUserProfile({
      desc: 'Show your name on your orders',
      success: (res) => this.setData({ profile: res.userInfo.nickName }),
      fail: (err) => this.setData({ profile: err.errMsg }),
    });
  },
  login() {
    wx.login({
      success: (res) => this.setData({ loginCode: res.code }),
      fail: (err) => this.setData({ loginCode: err.errMsg }),
    });
  },
  soter() {
    this.setData({ soter: 'waiting' });
    wx.startSoterAuthentication({
      requestAuthModes: ['fingerPrint'],
      challenge: 'automator-challenge',
      authContent: 'Confirm the payment',
      success: (res) => this.setData({ soter: res.errMsg, soterResult: res.resultJSON }),
      fail: (err) => this.setData({ soter: err.errMsg }),
    });
  },
  fail() {
    throw new Error('fixture failure on purpose');
  },
  failLater() {
    setTimeout(() => {
      throw new Error('fixture failure in a timer');
    }, 0);
  },
  onInput(e) {
    this.setData({ name: e.detail.value });
  },
  onSlide(e) {
    this.setData({ slide: e.detail.value });
  },
  onCount(e) {
    this.setData({ fromCounter: e.detail.value });
  },
  openDetail() {
    wx.navigateTo({ url: '/pages/detail/detail?id=7' });
  },
});
