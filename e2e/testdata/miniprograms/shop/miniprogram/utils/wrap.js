// Wraps Page() so each page counts its loads and knows it was wrapped.
export function wrapPage(originalPage) {
  return function wrappedPage(options) {
    const onLoad = options.onLoad
    options.data = { wrappedBy: 'wrapPage', ...options.data }
    options.onLoad = function (query) {
      const app = getApp()
      if (app) app.globalData.pageLoads += 1
      return onLoad?.call(this, query)
    }
    return originalPage(options)
  }
}
