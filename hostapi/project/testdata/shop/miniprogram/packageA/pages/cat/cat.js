Page({
  data: { id: '' },
  onLoad({ id }) { this.setData({ id }) },
})
