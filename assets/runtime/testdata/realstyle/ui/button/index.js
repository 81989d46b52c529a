Component({
  behaviors: ['wx://form-field'],
  options: { multipleSlots: true },
  properties: {
    type: { type: String, value: 'default' },
    // vant's button has a property named like an element field
    dataset: null,
    size: { type: Number, optionalTypes: [String], value: 'normal' },
    label: { type: String, value: '', observer: 'onLabel' },
    radius: { type: String, value: '6px' },
    customStyle: String,
  },
  data: { taps: 0, seen: '', measured: '' },
  // as vant's mixins do: a query while the page is still being created
  lifetimes: {
    attached() {
      wx.createSelectorQuery().in(this).select('#inner').boundingClientRect((r) => {
        this.setData({ measured: r ? 'measured' : 'missing' });
      }).exec();
    },
  },
  methods: {
    onLabel(v) { this.setData({ seen: v }); },
    onTap() { this.setData({ taps: this.data.taps + 1 }); this.triggerEvent('click'); },
    reset() { this.setData({ taps: 100 }); return 'reset'; },
  },
});
