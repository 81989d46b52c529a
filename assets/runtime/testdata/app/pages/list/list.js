Page({ data: { shown: 0 }, onShow() { this.setData({ shown: this.data.shown + 1 }); } });
