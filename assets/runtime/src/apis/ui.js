// Interaction APIs: navigation bar, toast, modal.

import { el } from '../dom.js';
import { textStyleOf } from '../chrome.js';

export function uiRows(ctx) {
  let toast = null;
  let toastTimer = 0;
  const hideToast = () => { clearTimeout(toastTimer); toast?.remove(); toast = null; };
  const showToast = (opts, loading) => {
    hideToast();
    toast = el('div', 'mh-toast', document.body);
    if (opts.mask) toast.classList.add('mh-toast-mask');
    const box = el('div', 'mh-toast-box', toast);
    const icon = loading ? 'loading' : opts.icon ?? 'success';
    if (icon !== 'none') el('div', `mh-toast-icon mh-toast-${icon}`, box, icon === 'success' ? '✓' : icon === 'error' ? '✕' : '');
    else box.classList.add('mh-toast-text');
    el('div', 'mh-toast-title', box, String(opts.title ?? ''));
    if (!loading) toastTimer = setTimeout(hideToast, Number(opts.duration) > 0 ? Number(opts.duration) : 1500);
  };
  return {
    setNavigationBarTitle: {
      kind: 'async',
      impl: (opts) => { ctx.setWindow({ navigationBarTitleText: String(opts.title ?? '') }); },
    },
    setNavigationBarColor: {
      kind: 'async',
      impl: (opts) => {
        const change = {};
        if (opts.backgroundColor) change.navigationBarBackgroundColor = opts.backgroundColor;
        if (opts.frontColor) change.navigationBarTextStyle = textStyleOf(opts.frontColor);
        ctx.setWindow(change);
      },
    },
    startPullDownRefresh: { kind: 'async', impl: () => { ctx.router().startRefresh(); } },
    stopPullDownRefresh: { kind: 'async', impl: () => { ctx.router().stopRefresh(); } },
    showToast: { kind: 'async', impl: (opts) => showToast(opts, false) },
    hideToast: { kind: 'async', impl: () => hideToast() },
    showLoading: { kind: 'async', impl: (opts) => showToast(opts, true) },
    hideLoading: { kind: 'async', impl: () => hideToast() },
    showModal: {
      kind: 'async',
      impl: (opts) => new Promise((resolve) => {
        const mask = el('div', 'mh-modal', document.body);
        const box = el('div', 'mh-modal-box', mask);
        box.setAttribute('role', 'dialog');
        if (opts.title) el('div', 'mh-modal-title', box, String(opts.title));
        let input = null;
        if (opts.editable) {
          input = el('input', 'mh-modal-input', box);
          input.placeholder = String(opts.placeholderText ?? '');
          input.value = String(opts.content ?? '');
        } else if (opts.content) el('div', 'mh-modal-content', box, String(opts.content));
        const btns = el('div', 'mh-modal-buttons', box);
        const done = (confirm) => {
          mask.remove();
          const res = { confirm, cancel: !confirm };
          if (input) res.content = input.value;
          resolve(res);
        };
        if (opts.showCancel !== false) {
          const c = el('button', 'mh-modal-cancel', btns, String(opts.cancelText || 'Cancel'));
          c.style.color = opts.cancelColor || '';
          c.onclick = () => done(false);
        }
        const ok = el('button', 'mh-modal-confirm', btns, String(opts.confirmText || 'OK'));
        ok.style.color = opts.confirmColor || '';
        ok.onclick = () => done(true);
      }),
    },
  };
}
