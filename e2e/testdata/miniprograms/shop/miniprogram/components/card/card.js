const counter = require('../../behaviors/counter')

Component({
  options: {
    styleIsolation: 'isolated',
  },
  externalClasses: ['title-class'],
  behaviors: [counter],
  properties: {
    title: { type: String, value: 'Card' },
    count: { type: Number, value: 0 },
  },
  data: {
    label: '',
  },
  observers: {
    count(count) {
      this.setData({ label: count === 1 ? '1 item' : `${count} items` })
    },
  },
  lifetimes: {
    attached() {
      if (!this.data.label) this.setData({ label: `${this.data.count} items` })
    },
  },
  methods: {
    onTap() {
      this.bump()
      this.triggerEvent('cardtap', { taps: this.data.taps }, { bubbles: false })
    },
  },
})
