Page({
  data: { shown: 0, bottom: 0, scrolled: false, rows: Array.from({ length: 60 }, (_, i) => i) },
  onShow() { this.setData({ shown: this.data.shown + 1 }); },
  onSv(e) { this.setData({ svTop: e.detail.scrollTop > 0 ? 'scrolled inside' : 'top' }); },
  onReachBottom() { this.setData({ bottom: this.data.bottom + 1 }); },
  onPageScroll(e) { if (e.scrollTop > 0 && !this.data.scrolled) this.setData({ scrolled: true }); },
});
