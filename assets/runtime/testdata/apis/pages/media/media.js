// Audio and video driven from code, as published pages do: an
// InnerAudioContext for a sound, a VideoContext for the page's player, and
// the older audio component with its AudioContext.
Page({
  data: { audioState: '', badState: '', videoState: '', songState: '', brokenState: '' },

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

  onSong(e) {
    this.setData({ songState: `${this.data.songState} ${e.type}`.trim() })
  },

  onSongTime(e) {
    this.songDuration = e.detail.duration
  },

  onBroken(e) {
    this.setData({ brokenState: e.detail.errMsg })
  },

  songFrom(position) {
    this.song = this.song || wx.createAudioContext('song')
    this.song.seek(position)
    this.song.play()
  },

  // the player's context as SelectorQuery answers it
  playFromContext() {
    wx.createSelectorQuery().select('#player').context((res) => {
      res.context.seek(0.25)
      res.context.play()
    }).exec()
  },

  onVideoPlay() {
    this.setData({ videoState: 'playing' })
  },
})
