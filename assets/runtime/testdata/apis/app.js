App({
  onLaunch(opts) { this.launch = opts; },
});
