Component({
  options: { multipleSlots: true },
  properties: { title: { type: String, value: '' } },
})
