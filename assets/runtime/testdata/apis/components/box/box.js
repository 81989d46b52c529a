Component({
  properties: { label: String },
  methods: {
    // the component's own query: finds its inner node, not the page's
    measure() {
      return new Promise((resolve) => this.createSelectorQuery().select('.inner').boundingClientRect().exec(resolve));
    },
  },
});
