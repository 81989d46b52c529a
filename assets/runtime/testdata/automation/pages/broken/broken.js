Page({
  onLoad() {
    throw new Error('broken page onLoad failed');
  },
});
