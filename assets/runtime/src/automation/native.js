// Native.* methods: the host's own UI as a user would answer it (the
// showModal dialog, the home and back buttons, the tab bar).
import { callWx, settle } from './app.js';

// waitFor polls for what(): up to ms, then null.
async function waitFor(what, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v || Date.now() >= end) return v || null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// answerModal taps a button of the showModal dialog; content fills an
// editable one first.
async function answerModal(button, content) {
  const modal = await waitFor(() => document.querySelector('.mh-modal'), 2000);
  if (!modal) throw new Error('no modal is showing');
  const b = modal.querySelector(button);
  if (!b) throw new Error('the modal has no cancel button (showCancel: false)');
  const input = modal.querySelector('.mh-modal-input');
  if (input && content !== undefined && content !== null) input.value = String(content);
  b.click();
  return {};
}

// actionSheet waits for the showActionSheet sheet.
async function actionSheet() {
  const sheet = await waitFor(() => document.querySelector('.mh-sheet-item')?.closest('.mh-sheet'), 2000);
  if (!sheet) throw new Error('no action sheet is showing');
  return sheet;
}

export function nativeMethods(rt) {
  return {
    'Native.confirmModal': ({ data } = {}) => answerModal('.mh-modal-confirm', data?.content),
    'Native.cancelModal': () => answerModal('.mh-modal-cancel'),
    // not in the SDK's native(): mp.native().sendNative('actionSheetTap', {index})
    'Native.actionSheetTap': async ({ data } = {}) => {
      const items = (await actionSheet()).querySelectorAll('.mh-sheet-item');
      const i = Number(data?.index);
      if (!Number.isInteger(i) || !items[i]) throw new Error(`actionSheetTap: no item ${data?.index} (the sheet has ${items.length})`);
      items[i].click();
      return {};
    },
    'Native.actionSheetCancel': async () => {
      (await actionSheet()).querySelector('.mh-sheet-cancel').click();
      return {};
    },
    'Native.goHome': async () => {
      await callWx(rt.api, 'reLaunch', [{ url: `/${rt.home()}` }]);
      return {};
    },
    'Native.navigateLeft': async () => {
      if ((rt.router()?.stack() || []).length < 2) throw new Error('navigateLeft: no page to go back to');
      await callWx(rt.api, 'navigateBack', [{ delta: 1 }]);
      return {};
    },
    'Native.switchTab': async ({ data } = {}) => {
      const url = String(data?.url ?? '');
      const route = url.replace(/^\/+/, '').split('?')[0];
      const tab = [...document.querySelectorAll('.mh-tab')].find((b) => b.dataset.path === route);
      if (!tab) throw new Error(`switchTab: "${url}" is not a tab bar item`);
      tab.click();
      await waitFor(() => rt.router()?.top()?.route === route, 3000);
      if (rt.router()?.top()?.route !== route) throw new Error(`switchTab: "${url}" did not open`);
      await settle();
      return {};
    },
  };
}
