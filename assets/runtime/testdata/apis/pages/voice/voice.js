// A voice note page as chat apps write it: the app's one recorder, made at
// the top, WAV for the speech service, sent in frames as it records.
const recorder = wx.getRecorderManager()
const fs = wx.getFileSystemManager()

Page({
  data: { state: '', header: '', frames: 0, frameBytes: 0, last: false },
  onLoad() {
    recorder.onStart(() => this.log('start'))
    recorder.onPause(() => this.log('pause'))
    recorder.onResume(() => this.log('resume'))
    recorder.onStop((res) => {
      this.log('stop')
      this.result = res
      this.inspect(res)
    })
    recorder.onFrameRecorded((f) => this.setData({ frames: this.data.frames + 1, frameBytes: f.frameBuffer.byteLength, last: f.isLastFrame }))
    recorder.onError((e) => this.log(e.errMsg))
  },
  log(s) {
    this.setData({ state: `${this.data.state} ${s}`.trim() })
  },
  record() {
    this.format = 'wav'
    recorder.start({ format: 'wav', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000, duration: 60000, frameSize: 8 })
  },
  pause() { recorder.pause() },
  resume() { recorder.resume() },
  stop() { recorder.stop() },
  // the default format, and the older pair of APIs
  quick() {
    this.format = 'aac'
    recorder.start({ duration: 400 })
  },
  async inspect(res) {
    if (this.format !== 'wav') {
      const blob = await (await fetch(res.tempFilePath)).blob()
      this.setData({ header: `${blob.type.split(';')[0]} ${blob.size === res.fileSize} ${res.duration >= 300}` })
      return
    }
    fs.readFile({
      filePath: res.tempFilePath,
      success: ({ data }) => {
        const v = new DataView(data)
        const tag = (at) => String.fromCharCode(...new Uint8Array(data, at, 4))
        let loudest = 0
        for (let o = 44; o + 1 < data.byteLength; o += 2) loudest = Math.max(loudest, Math.abs(v.getInt16(o, true)))
        this.setData({ header: [tag(0), tag(8), `${v.getUint16(22, true)}ch`, `${v.getUint32(24, true)}Hz`, `${v.getUint16(34, true)}bit`, v.getUint32(40, true) + 44 === res.fileSize, loudest > 1000].join(' ') })
      },
      fail: (e) => this.setData({ header: e.errMsg }),
    })
  },
})
