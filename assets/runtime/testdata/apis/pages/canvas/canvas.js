// The two canvases of published pages: a type="2d" chart drawn through the
// node a SelectorQuery gives (echarts-for-weixin's way), and a legacy
// canvas-id poster drawn with wx.createCanvasContext and saved as a file,
// and the oldest form: wx.createContext, getActions, wx.drawCanvas.
const drawn = new Set()

Page({
  data: { state: 'drawing', temp: '', touch: '' },

  onReady() {
    wx.createSelectorQuery()
      .select('#chart')
      .fields({ node: true, size: true })
      .exec((res) => {
        const { node: canvas, width, height } = res[0]
        const ctx = canvas.getContext('2d')
        const dpr = wx.getSystemInfoSync().pixelRatio
        canvas.width = width * dpr
        canvas.height = height * dpr
        ctx.scale(dpr, dpr)
        ctx.fillStyle = '#ff0000'
        ctx.fillRect(0, 0, width / 2, height)
        const img = canvas.createImage()
        img.onload = () => {
          ctx.drawImage(img, width / 2, 0, width / 2, height)
          canvas.requestAnimationFrame(() => this.drawn('2d'))
        }
        img.onerror = () => this.setData({ state: 'the image did not load' })
        img.src = '/images/blue.png'
      })

    const poster = wx.createCanvasContext('poster')
    const grad = poster.createLinearGradient(0, 0, 100, 0)
    grad.addColorStop(0, '#00ff00')
    grad.addColorStop(1, '#00ff00')
    poster.setFillStyle(grad)
    poster.fillRect(0, 0, 50, 50)
    poster.drawImage('../../images/blue.png', 50, 0, 50, 50)
    poster.setFontSize(12)
    this.textWidth = poster.measureText('poster').width
    poster.draw(false, () => this.drawn('legacy'))

    const old = wx.createContext()
    old.setFillStyle('#ffff00')
    old.rect(0, 0, 20, 20)
    old.fill()
    wx.drawCanvas({ canvasId: 'old', actions: old.getActions(), success: () => this.drawn('old') })
  },

  drawn(which) {
    drawn.add(which)
    if (drawn.size < 3) return
    wx.canvasToTempFilePath({
      canvasId: 'poster',
      destWidth: 100,
      destHeight: 50,
      success: (res) => this.setData({ state: `drawn, text ${this.textWidth > 0 ? 'measured' : 'not measured'}`, temp: res.tempFilePath }),
      fail: (err) => this.setData({ state: err.errMsg }),
    })
  },

  // where the chart was touched, in the canvas's own coordinates
  onChartTouch(e) {
    const t = e.touches[0]
    this.setData({ touch: `${Math.round(t.x)},${Math.round(t.y)}` })
  },
})
