Page({
  data: { shown: 0, bottom: 0, scrolled: false, rows: Array.from({ length: 60 }, (_, i) => i) },
  onShow() { this.setData({ shown: this.data.shown + 1 }); },
  onTs(e) { this.x0 = e.touches[0].clientX; this.moves = 0; },
  onTm() { this.moves += 1; },
  onTe(e) { this.setData({ swipe: `dx=${Math.round(e.changedTouches[0].clientX - this.x0)} moves=${this.moves > 0} left=${e.touches.length}` }); },
  onPullDownRefresh() { this.setData({ refreshed: (this.data.refreshed || 0) + 1 }); setTimeout(() => wx.stopPullDownRefresh(), 100); },
  onTabItemTap(item) { this.setData({ tabTap: `${item.index} ${item.pagePath} ${item.text}` }); },
  onLong(e) { this.setData({ held: `held ${e.type}` }); },
  onSv(e) { this.setData({ svTop: e.detail.scrollTop > 0 ? 'scrolled inside' : 'top' }); },
  onReachBottom() { this.setData({ bottom: this.data.bottom + 1 }); },
  onPageScroll(e) { if (e.scrollTop > 0 && !this.data.scrolled) this.setData({ scrolled: true }); },
});
