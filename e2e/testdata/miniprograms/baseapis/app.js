App({
  onLaunch() {
    // Read at the top of the launch, as real apps read their token.
    this.globalData.launches = (wx.getStorageSync('launches') || 0) + 1;
    wx.setStorageSync('launches', this.globalData.launches);
  },
  globalData: { launches: 0 },
});
