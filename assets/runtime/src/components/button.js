// Native <button>, <form> and <label> behaviour, by listeners on the document:
// open-type (the wx call starts inside the real click, so the browser's user
// activation is still active when wx.js reads it), form-type submit/reset,
// hover-class, and a label's tap reaching its checkbox/radio/switch.
import { fieldsIn } from './util.js';

const fail = (api, reason) => ({ errMsg: `${api}:fail ${reason}` });

// open-type → how the tap is answered. call(wx, btn, done) runs inside the
// click; done(detail) triggers the button's bind<event>.
export const OPEN_TYPES = {
  getUserInfo: { event: 'getuserinfo', call: (wx, btn, done) => wx.getUserInfo({ lang: btn.getAttribute('lang') || 'en', success: done, fail: done }) },
  openSetting: { event: 'opensetting', call: (wx, btn, done) => wx.openSetting({ success: done, fail: done }) },
  // answered by the host once it has a phone number flow; until then a clear fail
  getPhoneNumber: { event: 'getphonenumber', call: (wx, btn, done) => (typeof wx.getPhoneNumber === 'function' ? wx.getPhoneNumber({ success: done, fail: done }) : done(fail('getPhoneNumber', 'not supported in minihost yet'))) },
  getRealtimePhoneNumber: { event: 'getrealtimephonenumber', call: (wx, btn, done) => (typeof wx.getRealtimePhoneNumber === 'function' ? wx.getRealtimePhoneNumber({ success: done, fail: done }) : done(fail('getRealtimePhoneNumber', 'not supported in minihost yet'))) },
  // the persona's avatar, as a user picking "use WeChat avatar"
  chooseAvatar: {
    event: 'chooseavatar',
    call: (wx, btn, done) => wx.getUserInfo({
      success: (r) => done({ avatarUrl: r?.userInfo?.avatarUrl || '', errMsg: 'chooseAvatar:ok' }),
      fail: (r) => done({ errMsg: `chooseAvatar:fail ${String(r?.errMsg || '').replace(/^[^:]*:fail ?/, '')}` }),
    }),
  },
  contact: { event: 'contact', call: (wx, btn, done) => { console.info('button open-type="contact": the customer service chat is not in minihost'); done({ errMsg: 'enterContact:ok', path: btn.getAttribute('send-message-path') || '', query: {} }); } },
  // share: the page's onShareAppMessage answers what would be shared
  share: {
    event: '',
    call: (wx, btn) => {
      const page = typeof getCurrentPages === 'function' ? getCurrentPages().at(-1) : null;
      const content = page?.onShareAppMessage?.({ from: 'button', target: { id: btn.id, dataset: { ...btn.dataset } }, webViewUrl: '' });
      console.info('button open-type="share": shared', JSON.stringify(content ?? {}));
    },
  },
  feedback: { event: '', call: () => console.info('button open-type="feedback": the feedback page is not in minihost') },
  launchApp: { event: 'error', call: (wx, btn, done) => done(fail('launchApp', 'not supported in minihost')) },
  agreePrivacyAuthorization: { event: 'agreeprivacyauthorization', call: (wx, btn, done) => done({ errMsg: 'agreePrivacyAuthorization:ok' }) },
};

const wxOf = (el) => el?.__wxElement ?? null;
const trigger = (el, name, detail) => {
  const elem = wxOf(el);
  if (elem) elem.triggerEvent(name, detail, { bubbles: false });
};

// formValues collects {name: value} of every named field under a form.
export function formValues(form) {
  const value = {};
  for (const f of fieldsIn(form)) {
    const name = f.name();
    if (name) value[name] = f.value();
  }
  return value;
}

export function installButtons(getWx) {
  // <form> and <button> are the HTML elements: their native submission (a
  // button's default type is submit; Enter in an input) would reload the page,
  // and the DOM backend would pass it on as a second submit without a value
  for (const type of ['submit', 'reset']) {
    window.addEventListener(type, (ev) => {
      if (ev.target instanceof Element && ev.target.closest('[data-mh-host]')) return; // the host's own forms (overlay.js)
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }, true);
  }
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target : null;
    if (!t) return;
    const btn = t.closest('button');
    if (btn && !btn.hasAttribute('disabled') && !btn.hasAttribute('loading')) {
      const type = btn.getAttribute('open-type');
      if (type) {
        const h = OPEN_TYPES[type];
        if (!h) console.warn(`button open-type="${type}" is not supported in minihost yet`);
        else {
          const done = (res) => { if (h.event) trigger(btn, h.event, res); };
          try { h.call(getWx(), btn, done); } catch (e) { done(fail(type, e?.message || e)); }
        }
      }
      const formType = btn.getAttribute('form-type');
      const form = formType ? btn.closest('form') : null;
      if (form && formType === 'submit') trigger(form, 'submit', { value: formValues(form) });
      if (form && formType === 'reset') {
        for (const f of fieldsIn(form)) f.reset();
        trigger(form, 'reset', {});
      }
      return;
    }
    // a label: tap its `for` target, else the first control inside it
    const label = t.closest('label');
    if (!label || t.closest('checkbox, radio, switch, wx-input, wx-textarea, button')) return;
    const id = label.getAttribute('for');
    const target = id ? document.getElementById(id) : label;
    if (!target) return;
    const control = target.__mhChoice || target.__mhField ? target : target.querySelector('checkbox, radio, switch, button, wx-input, wx-textarea');
    if (!control) return;
    if (control.__mhChoice) control.__mhChoice.toggle();
    else if (control.localName === 'switch') control.querySelector('[role="switch"], [role="checkbox"]')?.click();
    else if (control.localName === 'button') control.click();
    else control.querySelector('input, textarea')?.focus();
  }, true); // capture: the DOM backend stops some clicks before they bubble here
  // hover-class: the class while pressed (button-hover by default for buttons)
  let hovered = null;
  const unhover = () => {
    if (!hovered) return;
    const { el, cls, stay } = hovered;
    hovered = null;
    setTimeout(() => wxOf(el)?.classList?.toggle(cls, false), stay);
  };
  document.addEventListener('pointerdown', (ev) => {
    const t = ev.target instanceof Element ? ev.target : null;
    const el = t?.closest('[hover-class], button');
    if (!el || el.hasAttribute('disabled')) return;
    const cls = el.getAttribute('hover-class') || (el.localName === 'button' ? 'button-hover' : '');
    if (!cls || cls === 'none') return;
    const start = Number(el.getAttribute('hover-start-time')) || 20;
    const stay = Number(el.getAttribute('hover-stay-time')) || 70;
    hovered = { el, cls, stay };
    setTimeout(() => { if (hovered?.el === el) wxOf(el)?.classList?.toggle(cls, true); }, start);
  }, true);
  document.addEventListener('pointerup', unhover, true);
  document.addEventListener('pointercancel', unhover, true);
}
