Page({
  data: { y: 1 }
  onLoad() {},
});
