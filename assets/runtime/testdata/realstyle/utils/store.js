const app = getApp();

module.exports = {
  touch() { app.globalData.touched = true; },
  user() { return app.globalData.user; },
};
