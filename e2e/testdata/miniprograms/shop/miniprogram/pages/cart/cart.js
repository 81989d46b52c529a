import { formatPrice } from '../../utils/price'

Page({
  data: {
    note: '',
    qtyText: '',
    totalText: formatPrice(1250),
  },

  onQtyInput(e) {
    this.setData({ qtyText: `qty=${e.detail.value}` })
  },

  checkout() {
    wx.navigateTo({ url: '/pages/detail/detail?id=cart&from=cart' })
  },
})
