Component({
  properties: {
    title: { type: String, value: 'Card' },
    count: { type: Number, value: 0 },
  },
  data: { secret: 's3' },
  methods: {
    bump() {
      this.setData({ count: this.data.count + 1 });
      this.triggerEvent('bumped', { count: this.data.count });
    },
    add(n, m) { this.setData({ count: this.data.count + n + (m || 0) }); return this.data.count; },
    later(v) { return new Promise((r) => setTimeout(() => r(`later ${v}`), 10)); },
  },
});
