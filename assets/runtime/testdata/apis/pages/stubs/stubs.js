// The style of real pages: managers and contexts made at module top level,
// whatever the page later uses.
const recorder = wx.getRecorderManager();
const audio = wx.createInnerAudioContext();
const bg = wx.getBackgroundAudioManager();
const video = wx.createVideoContext('v');
const map = wx.createMapContext('m');
const camera = wx.createCameraContext();
const canvas = wx.createCanvasContext('c');
const anim = wx.createAnimation({ duration: 300 });
const fs = wx.getFileSystemManager();
const updater = wx.getUpdateManager();
const ad = wx.createRewardedVideoAd({ adUnitId: 'x' });
const ble = wx.createBLEConnection ? 'exists' : 'missing';
recorder.onStop(() => {});
audio.src = 'a.mp3';
audio.play();
anim.opacity(0).step();
canvas.setFillStyle('red').fillRect(0, 0, 1, 1);
canvas.draw();
updater.onCheckForUpdate(() => {});
ad.onLoad(() => {});
const task = wx.preDownloadSubpackage({ packageType: 'normal', name: 'x', fail: (r) => { globalThis.__requestFail = r.errMsg; } });
task.abort();

Page({
  data: { count: 0 },
  onLoad() {
    this.setData({ count: [recorder, audio, bg, video, map, camera, canvas, anim, fs, updater, ad].length });
    globalThis.__ble = ble;
  },
});
