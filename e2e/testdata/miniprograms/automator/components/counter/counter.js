Component({
  properties: {
    start: { type: Number, value: 0 },
  },
  data: { value: 0 },
  lifetimes: {
    attached() {
      this.setData({ value: this.properties.start });
    },
  },
  methods: {
    bump(n) {
      const value = this.data.value + (typeof n === 'number' ? n : 1);
      this.setData({ value });
      this.triggerEvent('count', { value });
      return value;
    },
    onTap() {
      this.bump(1);
    },
  },
});
