Page({ data: { hasApp: 'x' }, onLoad() { this.setData({ hasApp: String(!!getApp()) }); } });
