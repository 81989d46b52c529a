Component({
  options: {
    multipleSlots: true,
  },
  properties: {
    bodyText: String,
  },
})
