// Interaction APIs beyond toast/modal (ui.js): action sheet, navigation bar
// loading, tabBar badges and red dots, page background, pageScrollTo.

import { el } from '../dom.js';

// tabAt finds the index-th tab of the tabBar; a bad index is the phone's fail.
function tabAt(ctx, api, index) {
  const tabs = ctx.shell()?.tabbar?.querySelectorAll('.mh-tab') || [];
  const i = Number(index);
  if (!Number.isInteger(i) || i < 0 || i >= tabs.length) {
    throw new Error(`${api}:fail tabbar item not found`);
  }
  return tabs[i];
}

// mark puts (or takes away, with text null) the badge of a tab: '' is the red dot.
function mark(tab, text) {
  tab.querySelector('.mh-tab-badge')?.remove();
  if (text === null) return;
  const b = el('span', text === '' ? 'mh-tab-badge mh-tab-reddot' : 'mh-tab-badge', tab, text);
  b.setAttribute('aria-label', text === '' ? 'new' : text);
}

export function interactionRows(ctx) {
  // badges by tab index, put back when the tabBar is drawn again (dark mode)
  const badges = new Map();
  let watching = null;
  const setBadge = (api, index, text) => {
    const tab = tabAt(ctx, api, index);
    if (text === null) badges.delete(Number(index)); else badges.set(Number(index), text);
    mark(tab, text);
    const bar = ctx.shell().tabbar;
    if (watching !== bar) {
      watching = bar;
      new MutationObserver(() => {
        const tabs = bar.querySelectorAll('.mh-tab');
        for (const [i, t] of badges) if (tabs[i] && !tabs[i].querySelector('.mh-tab-badge')) mark(tabs[i], t);
      }).observe(bar, { childList: true });
    }
  };
  return {
    showActionSheet: {
      kind: 'async',
      impl: (opts) => {
        const items = Array.isArray(opts.itemList) ? opts.itemList.map(String) : null;
        if (!items || items.length === 0) throw new Error('showActionSheet:fail parameter error: parameter.itemList should be a non-empty Array');
        if (items.length > 6) throw new Error('showActionSheet:fail parameter error: itemList should not be large than 6');
        return new Promise((resolve, reject) => {
          const mask = el('div', 'mh-sheet', document.body);
          const box = el('div', 'mh-sheet-box', mask);
          box.setAttribute('role', 'dialog');
          if (opts.alertText) el('div', 'mh-sheet-alert', box, String(opts.alertText));
          items.forEach((text, tapIndex) => {
            const b = el('button', 'mh-sheet-item', box, text);
            b.type = 'button';
            b.style.color = opts.itemColor || '';
            b.onclick = (ev) => { ev.stopPropagation(); mask.remove(); resolve({ tapIndex }); };
          });
          const cancel = el('button', 'mh-sheet-cancel', box, 'Cancel');
          cancel.type = 'button';
          const dismiss = () => { mask.remove(); reject(new Error('showActionSheet:fail cancel')); };
          cancel.onclick = (ev) => { ev.stopPropagation(); dismiss(); };
          mask.onclick = (ev) => { if (ev.target === mask) dismiss(); };
        });
      },
    },
    showNavigationBarLoading: { kind: 'async', impl: () => { ctx.shell().nav.classList.add('mh-navbar-loading'); } },
    hideNavigationBarLoading: { kind: 'async', impl: () => { ctx.shell().nav.classList.remove('mh-navbar-loading'); } },
    setTabBarBadge: {
      kind: 'async',
      impl: (opts) => {
        const text = String(opts.text ?? '');
        if (!text) throw new Error('setTabBarBadge:fail parameter error: parameter.text should be a non-empty String');
        setBadge('setTabBarBadge', opts.index, [...text].length > 4 ? '…' : text);
      },
    },
    removeTabBarBadge: { kind: 'async', impl: (opts) => { setBadge('removeTabBarBadge', opts.index, null); } },
    showTabBarRedDot: { kind: 'async', impl: (opts) => { setBadge('showTabBarRedDot', opts.index, ''); } },
    hideTabBarRedDot: {
      kind: 'async',
      impl: (opts) => {
        const tab = tabAt(ctx, 'hideTabBarRedDot', opts.index);
        if (tab.querySelector('.mh-tab-reddot')) setBadge('hideTabBarRedDot', opts.index, null);
      },
    },
    setBackgroundColor: {
      kind: 'async',
      impl: (opts) => {
        const c = opts.backgroundColor || opts.backgroundColorTop || opts.backgroundColorBottom;
        if (c) ctx.setWindow({ backgroundColor: String(c) });
      },
    },
    setBackgroundTextStyle: { kind: 'async', impl: () => {} },
    pageScrollTo: {
      kind: 'async',
      impl: (opts) => {
        const page = ctx.router().top();
        if (!page) throw new Error('pageScrollTo:fail no page');
        const c = page.container;
        let top;
        if (opts.selector !== undefined) {
          const sel = String(opts.selector);
          let target = null;
          try { target = c.querySelector(sel); } catch { throw new Error(`pageScrollTo:fail invalid selector "${sel}"`); }
          if (!target) throw new Error(`pageScrollTo:fail node not found: ${sel}`);
          top = c.scrollTop + target.getBoundingClientRect().top - c.getBoundingClientRect().top + Number(opts.offsetTop || 0);
        } else if (opts.scrollTop !== undefined) {
          top = Number(opts.scrollTop);
          if (!Number.isFinite(top)) throw new Error('pageScrollTo:fail parameter error: parameter.scrollTop should be Number');
        } else {
          throw new Error('pageScrollTo:fail parameter error: scrollTop or selector is required');
        }
        const duration = opts.duration === undefined ? 300 : Number(opts.duration);
        c.scrollTo({ top: Math.max(0, top), behavior: duration > 0 ? 'smooth' : 'auto' });
        // the phone answers once the scroll is done
        return new Promise((r) => setTimeout(r, duration > 0 ? Math.min(duration, 1000) : 0));
      },
    },
  };
}
