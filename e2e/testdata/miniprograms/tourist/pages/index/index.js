Page({
  data: { greeting: 'Hello, tourist' },
})
