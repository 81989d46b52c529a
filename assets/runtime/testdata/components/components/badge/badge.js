// A component a page puts inside a video, as danmaku components are.
Component({
  properties: { label: { type: String, value: '' } },
  methods: {
    instance() { return { label: this.data.label }; },
  },
});
