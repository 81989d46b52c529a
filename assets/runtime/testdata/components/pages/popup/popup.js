// A size picker that slides up from the bottom, as shops write them.
Page({
  data: { show: false, log: '' },
  open() {
    this.setData({ show: true, log: '' });
  },
  on(e) {
    this.setData({ log: `${this.data.log}${e.type} ` });
  },
  closed(e) {
    this.setData({ show: false, log: `${this.data.log}${e.type} ` });
  },
});
