// A long article page that sets its navigation bar and page style in WXML
// with page-meta, as reading apps write it: the title comes from the data,
// the share sheet locks the page's scroll, A+ grows the text.
const paragraphs = []
for (let i = 1; i <= 40; i++) paragraphs.push(`Paragraph ${i}: the quick brown fox jumps over the lazy dog.`)

Page({
  data: { title: 'Loading…', loading: true, sharing: false, fontSize: '16px', scrollTop: '', scrolled: '', paragraphs },
  onLoad() {
    this._top = -1 // no scroll event yet
    setTimeout(() => this.setData({ title: 'Reading in minihost', loading: false }), 50)
  },
  bigger() {
    this.setData({ fontSize: '20px' })
  },
  share() {
    this.setData({ sharing: !this.data.sharing })
  },
  toTop() {
    // a value that differs from the last one, so that it scrolls again
    this.setData({ scrollTop: this.data.scrollTop === '0px' ? '0rpx' : '0px', scrolled: '' })
  },
  onScroll(e) {
    this._top = e.detail.scrollTop
  },
  onScrollDone() {
    this.setData({ scrolled: `done at ${Math.round(this._top || 0)}` })
  },
})
