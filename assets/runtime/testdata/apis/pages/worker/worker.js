Page({
  data: { state: '' },

  onLoad() {
    this._worker = wx.createWorker('workers/square/index.js')
    this._worker.onMessage((res) => {
      this.setData({ state: `square ${res.square}, in a worker: ${res.inWorker}` })
    })
    this._worker.postMessage({ n: 7 })
  },

  onUnload() {
    this._worker.terminate()
  },
})
