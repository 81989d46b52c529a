// <api-card api="login" note="…"> (or title="…" for a card that is not one call): a card for one wx call. The page puts the inputs, the button
// and the result inside (the slot), so its handlers run straight from the tap.
Component({
  properties: {
    api: String,
    title: { type: String, value: '' },
    args: { type: String, value: '' },
    note: String,
    state: { type: String, value: '' },
  },
  data: {
    badge: '',
  },
  observers: {
    state(state) {
      this.setData({ badge: { ok: 'ok', fail: 'failed', pending: '…' }[state] || '' })
    },
  },
})
