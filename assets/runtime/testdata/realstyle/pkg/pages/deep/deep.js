Page({ data: { app: getApp().globalData.user } });
