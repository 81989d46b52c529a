Component({
  relations: { '../group/index': { type: 'ancestor' } },
  properties: { title: String },
});
