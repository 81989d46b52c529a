// A child of <shelf>: learns the shelf's name when linked.
Component({
  relations: {
    '../shelf/shelf': {
      type: 'parent',
      linked(shelf) {
        this.setData({ shelfName: shelf.data.name })
      },
    },
  },
  properties: {
    label: String,
  },
  data: {
    shelfName: '',
  },
})
