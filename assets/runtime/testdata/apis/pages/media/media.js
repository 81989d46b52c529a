// Audio and video driven from code, as published pages do: an
// InnerAudioContext for a sound, a VideoContext for the page's player.
Page({
  data: { audioState: '', badState: '', videoState: '' },

  onLoad() {
    this.video = wx.createVideoContext('player')
  },

  onReady() {
    const events = []
    const audio = wx.createInnerAudioContext()
    audio.src = '/media/tone.wav'
    audio.onPlay(() => events.push('play'))
    audio.onEnded(() => {
      events.push('ended')
      this.setData({ audioState: `${events.join(',')} ${audio.duration.toFixed(1)}s` })
      audio.destroy()
    })
    audio.play()

    const missing = wx.createInnerAudioContext()
    missing.onError((err) => this.setData({ badState: `error ${err.errCode}` }))
    missing.src = '/media/missing.wav'
    missing.play()
  },

  playFromHalf() {
    this.video.seek(0.5)
    this.video.play()
  },

  onVideoPlay() {
    this.setData({ videoState: 'playing' })
  },
})
