Page({
  data: { log: '', pv: ['one', 'two', 'three', 'four', 'five'] },
  add(s) { this.setData({ log: `${this.data.log}${s};` }); },
  onUser(e) { this.add(`user=${e.detail.userInfo && e.detail.userInfo.nickName}`); },
  onPhone(e) { this.add(e.detail.errMsg); },
  onLaunch(e) { this.add(e.detail.errMsg); },
  onVideoError(e) { this.add(`video:${e.detail.errMsg}`); },
  onPv(e) { this.add(`pv=${e.detail.value.join(',')}`); },
  onIcon(e) { this.add(`icon=${e.currentTarget.id}`); },
});
