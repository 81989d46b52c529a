Page({
  data: { name: '', cities: ['北京', '上海', '广州', '深圳'], cityIndex: 0, date: '2024-02-10', multi: [['a', 'b'], ['x', 'y', 'z']], multiText: '', regionText: '', time: '09:30', submitted: '', events: '', upper: '' },
  log(s) { this.setData({ events: `${this.data.events}${s};` }); },
  // the return value replaces the input's value: upper-cased, at most 8 chars
  onName(e) { this.setData({ upper: `${e.detail.value}@${e.detail.cursor}` }); return e.detail.value.toUpperCase().slice(0, 8); },
  onFruits(e) { this.log(`fruits=${e.detail.value.join('+')}`); },
  onSize(e) { this.log(`size=${e.detail.value}`); },
  onAgree(e) { this.log(`agree=${e.detail.value}`); },
  onVol(e) { this.log(`vol=${e.detail.value}`); },
  onVolChanging(e) { this.changing = (this.changing || 0) + 1; },
  onCity(e) { this.setData({ cityIndex: Number(e.detail.value) }); this.log(`city=${e.detail.value}`); },
  onDate(e) { this.setData({ date: e.detail.value }); },
  onMulti(e) { this.setData({ multiText: e.detail.value.join(',') }); },
  onColumn(e) { this.log(`col${e.detail.column}=${e.detail.value}`); },
  onRegion(e) { this.setData({ regionText: `${e.detail.value.join('/')}|${e.detail.code.join('/')}` }); },
  onTime(e) { this.setData({ time: e.detail.value }); },
  onSubmit(e) { this.setData({ submitted: JSON.stringify(e.detail.value) }); },
  onReset() { this.log('reset'); },
});
