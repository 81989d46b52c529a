Component({
  options: { multipleSlots: true },
  properties: { title: String },
  data: { foot: 'card foot' },
  observers: { title(t) { this.setData({ foot: `foot of ${t}` }); } },
});
