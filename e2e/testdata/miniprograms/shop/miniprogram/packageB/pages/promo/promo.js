// An independent subpackage: it opens without the main package, so it
// uses nothing from it (no getApp() globals, no shared components).
Page({
  data: {
    code: '',
  },

  onLoad(query) {
    this.setData({ code: (query.code || 'none').toUpperCase() })
  },
})
