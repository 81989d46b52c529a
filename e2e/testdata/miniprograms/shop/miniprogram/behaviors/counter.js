// A Behavior shared by components that count taps.
module.exports = Behavior({
  properties: {
    step: { type: Number, value: 1 },
  },
  data: {
    taps: 0,
  },
  methods: {
    bump() {
      this.setData({ taps: this.data.taps + this.data.step })
    },
  },
})
