Page({
  data: { formats: {}, count: 0, events: '', saved: '' },
  onReady() {
    wx.createSelectorQuery().select('#editor').context((res) => {
      this.editorCtx = res.context
    }).exec()
  },
  onInput(e) {
    this.setData({ count: e.detail.text.trim().length })
  },
  onStatus(e) {
    this.setData({ formats: e.detail })
  },
  onFocus() { this.note('focus') },
  onBlur() { this.note('blur') },
  note(s) {
    if (!this.data.events.endsWith(s)) this.setData({ events: `${this.data.events} ${s}`.trim() })
  },
  format(e) {
    const { name, value } = e.target.dataset
    if (!name) return
    this.editorCtx.format(name, value)
  },
  divider() {
    this.editorCtx.insertDivider()
  },
  undo() {
    this.editorCtx.undo()
  },
  save() {
    this.editorCtx.getContents({
      success: (res) => this.setData({ saved: res.html }),
    })
  },
  load() {
    this.editorCtx.setContents({ html: '<p>Draft <strong>one</strong></p><p><img src="/images/dot.png" width="20" height="20"></p>' })
      .then(() => this.editorCtx.insertText({ text: '!' }))
      .then(() => this.editorCtx.getContents())
      .then((res) => this.setData({ saved: `${res.text.trim()} ${res.delta.ops.length}` }))
  },
})
