// A scan-and-snap page as shop apps write it: the camera, a shutter, a
// short clip, and the pictures shown back.
Page({
  data: { position: 'back', state: 'starting', photo: '', photoSize: '', video: '' },
  onLoad() {
    this.camera = wx.createCameraContext()
  },
  onInit(e) {
    this.setData({ state: `ready ${this.data.position} zoom ${e.detail.maxZoom}` })
  },
  onError(e) {
    this.setData({ state: e.detail.errMsg })
  },
  shoot() {
    this.camera.takePhoto({
      quality: 'high',
      success: (res) => this.setData({ photo: res.tempImagePath, state: res.errMsg }),
      fail: (e) => this.setData({ state: e.errMsg }),
    })
  },
  onPhoto(e) {
    this.setData({ photoSize: `${e.detail.width}x${e.detail.height}` })
  },
  flip() {
    this.setData({ position: this.data.position === 'back' ? 'front' : 'back', state: 'flipping' })
  },
  record() {
    this.camera.startRecord({
      success: () => this.setData({ video: 'recording' }),
      fail: (e) => this.setData({ video: e.errMsg }),
    })
  },
  async stop() {
    try {
      const res = await this.camera.stopRecord()
      const video = await (await fetch(res.tempVideoPath)).blob()
      const thumb = await (await fetch(res.tempThumbPath)).blob()
      this.setData({ video: `${res.errMsg} ${video.type.split(';')[0]} ${video.size > 1000} ${thumb.type}` })
    } catch (e) {
      this.setData({ video: e.errMsg })
    }
  },
})
