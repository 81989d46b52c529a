// call runs one async open interface with success/fail/complete callbacks, as mini programs
// usually do, and writes the result into the page's data: out.<api> (the JSON text) and
// state.<api> ("ok" or "fail"). Call it straight from a tap handler: getUserProfile and
// openSetting only work inside the user's tap.
export function call(page, api, args = {}) {
  page.setData({ [`out.${api}`]: '', [`state.${api}`]: 'pending' })
  return new Promise((resolve) => {
    wx[api]({
      ...args,
      complete(res) {
        show(page, api, res)
        resolve(res)
      },
    })
  })
}

// show writes a result (or any object) for api.
export function show(page, api, res, ok = isOk(res)) {
  page.setData({
    [`out.${api}`]: JSON.stringify(res, null, 2),
    [`state.${api}`]: ok ? 'ok' : 'fail',
  })
}

export function isOk(res) {
  return !!res && typeof res.errMsg === 'string' && res.errMsg.endsWith(':ok')
}
