import { describe, cheapest } from '../../utils/filters'

Page({
  data: {
    queryText: '',
    cheapest,
    fruits: ['Apple', 'Banana', 'Cherry'],
  },

  onLoad(query) {
    this.setData({ queryText: describe(query) })
  },
})
