Page({
  data: { name: '', bio: '', rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], swiped: -1, on: false, level: 10, moved: '', scrolled: 0, log: '' },
  onName(e) { this.setData({ name: e.detail.value }); },
  onBio(e) { this.setData({ bio: e.detail.value }); },
  onScroll(e) { this.setData({ scrolled: e.detail.scrollTop }); },
  onSwipe(e) { this.setData({ swiped: e.detail.current, log: `swipe:${e.detail.source}` }); },
  onSwitch(e) { this.setData({ on: e.detail.value }); },
  onSlide(e) { this.setData({ level: e.detail.value }); },
  onMove(e) { this.setData({ moved: `${e.detail.x},${e.detail.y}` }); },
});
