Page({
  data: {
    log: '', into: '', slides: ['#fde', '#dfe', '#edf'], rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    html: '<p class="x">Hello <b>rich</b> <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"></p>',
    nodes: [{ name: 'div', attrs: { style: 'color: red' }, children: [{ type: 'text', text: 'from nodes' }] }],
  },
  add(s) { this.setData({ log: `${this.data.log}${s};` }); },
  onLoad() { this.setData({}); },
  onImg(e) { this.add(`load=${e.detail.width}x${e.detail.height}`); },
  onError(e) { this.add(`error:${/404/.test(e.detail.errMsg)}`); },
  onSwiper(e) { this.add(`swiper=${e.detail.current}:${e.detail.source}:${e.detail.currentItemId}`); },
  onScroll(e) { this.lastTop = e.detail.scrollTop; },
  onLower() { this.add('lower'); },
  onUpper() { this.add('upper'); },
  onMove(e) { this.moved = e.detail; },
});
