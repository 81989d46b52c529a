Page({
  data: { x: 1 },
  onLoad() { this.setData({ x: 2 }); undefinedFunction(); },
});
