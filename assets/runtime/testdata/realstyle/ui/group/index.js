Component({
  relations: {
    '../item/index': {
      type: 'descendant',
      linked() { this.setData({ count: this.getRelationNodes('../item/index').length }); },
    },
  },
  data: { count: 0 },
});
