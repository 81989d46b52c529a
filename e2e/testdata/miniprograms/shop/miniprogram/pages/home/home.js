import { formatPrice, CURRENCY } from '../../utils/price'
import { loadCart, products } from '../../utils/cart.js'

const store = require('/utils/store')
const { money } = require('tiny-money')

const app = getApp()

Page({
  data: {
    shopName: app.globalData.shopName,
    footerId: 'home-footer',
    launchPath: '',
    list: products.map((p, index) => ({ ...p, index, priceText: formatPrice(p.price) })),
    obj: { a: { b: 'shallow' } },
    callbackText: '',
    summary: { total: 0, coupon: '' },
    totalCents: 0,
    stock: 6,
    showSecret: false,
    evlog: '',
    evdetail: '',
    picked: '',
    launchQuery: '',
    npmText: money(1999),
    storeText: '',
    currency: CURRENCY,
    life: '',
    cardTaps: '',
  },

  // Page lifecycles, in the order the host calls them.
  lifecycle(name) {
    this.life = [...(this.life || []), name]
    this.setData({ life: this.life.join(',') })
  },
  onShow() {
    this.lifecycle('show')
  },
  onReady() {
    this.lifecycle('ready')
  },
  onHide() {
    this.lifecycle('hide')
  },

  onCardTap(e) {
    this.setData({ cardTaps: `card says ${e.detail.taps}` })
  },

  async onLoad(query) {
    this.lifecycle('load')
    this.setData({
      launchPath: app.globalData.launchPath,
      launchQuery: Object.keys(query).map((k) => `${k}=${query[k]}`).join(' '),
      storeText: `${store.kind} visits ${store.visits()}`,
    })
    const cart = await loadCart()
    this.setData({
      totalCents: cart.total,
      'summary.total': formatPrice(cart?.total ?? 0),
      'summary.coupon': cart?.coupon?.code ?? 'none',
    })
  },

  // setData with paths, then a callback that sees the new data
  renameSecond() {
    this.setData({ 'list[1].name': 'Pear', 'obj.a.b': 'deep' }, () => {
      this.setData({ callbackText: `callback saw ${this.data.list[1].name}` })
    })
  },

  sellSome() {
    this.setData({ stock: Math.max(0, this.data.stock - 3) })
  },

  toggleSecret() {
    this.setData({ showSecret: !this.data.showSecret })
  },

  // events: capture on the zone runs first and starts a new log
  onZoneCapture() {
    this.evlog = ['capture']
    this.setData({ evlog: this.evlog.join(',') })
  },
  note(name) {
    this.evlog.push(name)
    this.setData({ evlog: this.evlog.join(',') })
  },
  onOuterTap(e) {
    this.note('outer')
    this.setData({ evdetail: `${this.data.evdetail} zone=${e.mark.zone}` })
  },
  onInnerTap(e) {
    this.note('inner')
    this.setData({ evdetail: `sku=${e.currentTarget.dataset.sku} item=${e.mark.item}` })
  },
  onCatchTap() {
    this.note('catch')
  },
  onMutOuter() {
    this.note('mutOuter')
  },
  onMutInner() {
    this.note('mutInner')
  },
  onMutZoneBind() {
    this.note('bubble')
  },

  goDetail() {
    wx.navigateTo({
      url: '/pages/detail/detail?id=42&from=home',
      events: {
        picked: (data) => this.setData({ picked: data.name }),
      },
      success(res) {
        res.eventChannel.emit('greet', { text: 'hello from home' })
      },
    })
  },

  goCart() {
    wx.switchTab({ url: '/pages/cart/cart' })
  },
})
