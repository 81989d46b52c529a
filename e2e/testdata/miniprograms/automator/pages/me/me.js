Page({
  data: { greeting: getApp().globalData.greeting },
});
