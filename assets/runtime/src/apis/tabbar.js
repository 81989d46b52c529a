// wx.showTabBar, hideTabBar, setTabBarStyle, setTabBarItem: changes to the
// tab bar that last until the app is closed, kept through dark mode redraws
// (ctx.tabBar; chrome.js withTabChanges). As on the phone, they fail on a
// page that is not a tab. setTabBarItem changes text and icons, not pagePath.

const STYLE = ['color', 'selectedColor', 'backgroundColor', 'borderStyle'];
const ITEM = ['text', 'iconPath', 'selectedIconPath'];

export function tabBarRows(ctx) {
  const onTab = (api) => {
    const top = ctx.router().top();
    if (!top || !ctx.tabBar.isTab(top.route)) throw new Error(`${api}:fail not TabBar page`);
  };
  const pick = (o, keys) => Object.fromEntries(keys.filter((k) => typeof o[k] === 'string').map((k) => [k, o[k]]));
  const change = (api, fn) => ({
    kind: 'async',
    impl: (o) => {
      onTab(api);
      fn(o);
      ctx.tabBar.redraw();
      return {};
    },
  });
  return {
    showTabBar: change('showTabBar', () => { ctx.tabBar.changes.hidden = false; }),
    hideTabBar: change('hideTabBar', () => { ctx.tabBar.changes.hidden = true; }),
    setTabBarStyle: change('setTabBarStyle', (o) => { Object.assign(ctx.tabBar.changes.style, pick(o, STYLE)); }),
    setTabBarItem: change('setTabBarItem', (o) => {
      const i = Number(o.index);
      const count = ctx.manifest()?.app?.tabBar?.list?.length ?? 0;
      if (!Number.isInteger(i) || i < 0 || i >= count) throw new Error('setTabBarItem:fail tabbar item not found');
      const items = ctx.tabBar.changes.items;
      items.set(i, { ...(items.get(i) || {}), ...pick(o, ITEM) });
    }),
  };
}
