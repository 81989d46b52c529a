// The host's chrome around the pages: navigation bar and tabBar.

import { el } from './dom.js';

// The bars' heights in px, as runtime.css draws them (.mh-navbar,
// .mh-tabbar): what windowHeight leaves out while the chrome is not laid out.
export const NAVBAR_HEIGHT = 44;
export const TABBAR_HEIGHT = 50;

// textStyleOf is the navigation bar's text style (app.json's black/white)
// for setNavigationBarColor's and navigation-bar's frontColor, which the
// phone takes only as "#000000" or "#ffffff".
export function textStyleOf(frontColor) {
  return frontColor === '#000000' ? 'black' : 'white';
}

export function createShell(root) {
  const app = el('div', 'mh-app', root);
  const nav = el('div', 'mh-navbar', app);
  const back = el('button', 'mh-navbar-back', nav);
  back.type = 'button';
  back.setAttribute('aria-label', 'Back');
  back.textContent = '‹';
  const title = el('div', 'mh-navbar-title', nav);
  const pages = el('div', 'mh-pages', app);
  const tabbar = el('div', 'mh-tabbar', app);
  return { app, nav, back, title, pages, tabbar };
}

// applyNavbar shows the window config of the top page.
export function applyNavbar(shell, win, canGoBack) {
  const custom = win.navigationStyle === 'custom';
  shell.nav.hidden = custom;
  shell.title.textContent = win.navigationBarTitleText ?? '';
  shell.nav.style.backgroundColor = win.navigationBarBackgroundColor || '#000000';
  shell.nav.style.color = win.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff';
  shell.back.hidden = !canGoBack;
  // the browser is told of every title set, even the same one
  const title = win.navigationBarTitleText || document.title;
  if (document.title !== title) document.title = title;
  shell.pages.style.backgroundColor = win.backgroundColor || '';
}

// withTabChanges is tabBar (app.json's, theme resolved) with what the page
// changed by wx.setTabBarStyle and wx.setTabBarItem (changes: {style,
// items: Map index → item fields}).
export function withTabChanges(tabBar, changes) {
  if (!tabBar || !Array.isArray(tabBar.list)) return tabBar;
  return {
    ...tabBar,
    ...changes.style,
    list: tabBar.list.map((item, i) => ({ ...item, ...(changes.items.get(i) || {}) })),
  };
}

// renderTabBar draws the tabBar of app.json (theme resolved, withTabChanges
// applied); onSelect(pagePath) is called on a click; hidden() says whether
// wx.hideTabBar hid it.
export function renderTabBar(shell, tabBar, onSelect, hidden = () => false) {
  const bar = shell.tabbar;
  bar.textContent = '';
  if (!tabBar || !Array.isArray(tabBar.list) || tabBar.list.length < 2) {
    bar.hidden = true;
    return { select() {}, isTab: () => false };
  }
  bar.style.backgroundColor = tabBar.backgroundColor || '#ffffff';
  bar.style.borderTopColor = tabBar.borderStyle === 'white' ? '#ffffff' : 'rgba(0,0,0,.15)';
  if (tabBar.position === 'top') bar.classList.add('mh-tabbar-top');
  const items = [];
  tabBar.list.slice(0, 5).forEach((item) => {
    const route = String(item.pagePath || '').replace(/^\//, '').replace(/\.(wxml|js)$/, '');
    const b = el('button', 'mh-tab', bar);
    b.type = 'button';
    b.dataset.path = route;
    const img = item.iconPath && tabBar.position !== 'top' ? el('img', 'mh-tab-icon', b) : null;
    if (img) img.alt = '';
    const label = el('span', 'mh-tab-text', b);
    label.textContent = item.text || '';
    const index = items.length;
    b.addEventListener('click', () => onSelect(route, { index, pagePath: route, text: item.text || '' }));
    items.push({ route, item, b, img, label });
  });
  const routes = new Set(items.map((i) => i.route));
  const api = {
    isTab: (route) => routes.has(route),
    select(route) {
      bar.hidden = hidden() || !routes.has(route);
      for (const it of items) {
        const on = it.route === route;
        it.b.classList.toggle('mh-tab-selected', on);
        it.label.style.color = on ? tabBar.selectedColor || '#1aad19' : tabBar.color || '#7a7e83';
        // icons load only once the bar shows: on a page that is not a tab
        // (a launch page, most first renders) setting src cost ~3 ms of
        // image requests before the page was drawn
        if (it.img && !bar.hidden) {
          const icon = '/' + String(on && it.item.selectedIconPath ? it.item.selectedIconPath : it.item.iconPath).replace(/^\//, '');
          if (it.icon !== icon) it.img.src = it.icon = icon;
        }
      }
    },
  };
  return api;
}
