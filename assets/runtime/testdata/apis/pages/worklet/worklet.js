// A Skyline-style page: shared values drive an element's style through
// applyAnimatedStyle, animated with timing and a bezier easing, with the
// web view fallback published pages keep (this.renderer).
const { shared, derived, timing, sequence, Easing, runOnJS } = wx.worklet

Component({
  data: { state: '' },

  lifetimes: {
    created() {
      this._x = shared(0)
      this._opacity = derived(() => 1 - this._x.value / 200)
    },
    attached() {
      this.applyAnimatedStyle('#dot', () => {
        'worklet'
        return { transform: `translateX(${this._x.value}px)`, opacity: this._opacity.value }
      })
    },
  },

  methods: {
    onLoad() {
      this.setData({ state: `renderer ${this.renderer}` })
    },
    onReady() {
      const done = runOnJS((finished) => this.setData({ state: `moved ${finished} ${this._x.value}` }))
      this._x.value = sequence(
        timing(50, { duration: 50, easing: Easing.bezier(0.25, 0.1, 0.25, 1) }),
        timing(100, { duration: 50, easing: Easing.inOut(Easing.cubic) }, (finished) => {
          'worklet'
          done(finished)
        }),
      )
    },
  },
})
