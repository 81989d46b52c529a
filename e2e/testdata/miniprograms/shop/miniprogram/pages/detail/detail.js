Page({
  data: {
    queryText: '',
    greet: '',
    depth: 0,
  },

  onLoad(query) {
    this.setData({
      queryText: `id=${query.id} from=${query.from}`,
      depth: getCurrentPages().length,
    })
    const channel = this.getOpenerEventChannel()
    channel.on?.('greet', (data) => this.setData({ greet: data.text }))
  },

  pick() {
    this.getOpenerEventChannel().emit('picked', { name: 'Apple' })
  },

  back() {
    wx.navigateBack({ delta: 1 })
  },

  deeper() {
    wx.navigateTo({ url: '/pages/step/step?via=navigateTo' })
  },

  replace() {
    wx.redirectTo({ url: '/pages/step/step?via=redirectTo' })
  },
})
