// Both ways published pages animate: an Animation exported into an
// element's animation attribute, and this.animate with keyframes.
Page({
  data: { boxAnim: {}, state: '' },

  onReady() {
    const animation = wx.createAnimation({ duration: 100, timingFunction: 'ease' })
    animation.translateX(50).rotate(90).opacity(0.5).step()
    animation.width(80).step({ duration: 50 })
    this.setData({ boxAnim: animation.export() })

    this.animate('#kf', [
      { opacity: 1, translateY: 0 },
      { opacity: 0.25, translateY: 40, ease: 'ease-out' },
    ], 100, () => {
      this.setData({ state: `animated ${this.getPageId()}` })
    })
  },

  reset() {
    this.clearAnimation('#kf', () => this.setData({ state: 'cleared' }))
  },
})
