// The parent of <shelf-item>s: counts its linked children.
Component({
  relations: {
    '../shelf-item/shelf-item': {
      type: 'child',
      linked() {
        this.recount()
      },
      unlinked() {
        this.recount()
      },
    },
  },
  properties: {
    name: String,
  },
  data: {
    count: 0,
  },
  methods: {
    recount() {
      const items = this.getRelationNodes('../shelf-item/shelf-item')
      this.setData({ count: items.length })
    },
  },
})
