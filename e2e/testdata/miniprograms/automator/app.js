App({
  globalData: { greeting: 'hello from app.js' },
  onLaunch() {
    console.log('automator fixture launched');
  },
});
