// A page that shows a web page, as an article or a help centre is opened:
// the URL comes in the page's query.
Page({
  data: { src: '', log: '' },
  onLoad(query) {
    this.setData({ src: decodeURIComponent(query.src || '') });
  },
  loaded(e) {
    this.setData({ log: `${this.data.log}load ${e.detail.src};` });
  },
  failed(e) {
    this.setData({ log: `${this.data.log}error ${e.detail.url};` });
  },
});
