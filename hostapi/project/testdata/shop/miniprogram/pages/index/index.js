import dayjs from 'dayjs'
import util from '../../utils/util.js'

const app = getApp()

Page({
  data: { goods: [{ id: 1, name: 'Tea', cents: 1200 }], today: '' },
  onLoad(query) {
    this.setData({ today: util.formatTime(new Date()), 'goods[0].seen': true })
  },
  async onBuy(e) {
    const id = e.currentTarget.dataset.id
    const res = await wx.showModal({ title: `Buy ${id}?` })
    if (res?.confirm) wx.navigateTo({ url: '/packageA/pages/cat/cat?id=' + id })
  },
})
