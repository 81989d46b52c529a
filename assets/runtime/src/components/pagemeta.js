// page-meta and navigation-bar: a page's settings written in its WXML
// instead of set by wx.* calls, kept in step with the data they are bound
// to. page-meta: the page's style (page-style, page-font-size; vant's
// pop-ups write `overflow: hidden` there so that the page under them does
// not scroll), the window's background colour, the page's scroll position
// (scroll-top, scroll-duration; bindscrolldone once there), and the page's
// scroll and resize events. navigation-bar, inside it: the navigation bar's
// title, colours and loading indicator, as setNavigationBarTitle,
// setNavigationBarColor and show/hideNavigationBarLoading set them.
// Not here: page-orientation, background-text-style (the pull-down dots are
// always dark), and root-font-size, which would change every open page's rem
// in minihost's one document (a warning says so).
import { host } from './util.js';
import { textStyleOf } from '../chrome.js';

// pageOf is the page area element (.mh-page) holding the component.
const pageOf = (comp) => host(comp)?.closest('.mh-page') ?? null;

// lengthPx reads scroll-top: a number or "<n>px" in px, "<n>rpx" in rpx.
export function lengthPx(v, windowWidth) {
  const m = /^\s*(-?\d*\.?\d+)\s*(px|rpx)?\s*$/.exec(String(v ?? ''));
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'rpx' ? (n * windowWidth) / 750 : n;
}

// setStyle applies the declarations of a style attribute's text to el and
// takes back those of the text before (prev, the names it set), leaving the
// element's other inline styles alone; it returns the names it set now.
export function setStyle(el, text, prev = []) {
  const probe = document.createElement('div');
  probe.style.cssText = String(text ?? '');
  const names = [...probe.style];
  for (const name of prev) if (!names.includes(name)) el.style.removeProperty(name);
  for (const name of names) el.style.setProperty(name, probe.style.getPropertyValue(name), probe.style.getPropertyPriority(name));
  return names;
}

export const pageMeta = {
  wxml: '<slot />',
  def: (ctx) => ({
    properties: {
      backgroundTextStyle: String, backgroundColor: String, backgroundColorTop: String, backgroundColorBottom: String,
      rootBackgroundColor: String, scrollTop: { type: null, value: '' }, scrollDuration: { type: Number, value: 300 },
      pageStyle: String, pageFontSize: String, rootFontSize: String, pageOrientation: String,
    },
    observers: {
      'pageStyle, pageFontSize, rootBackgroundColor'() { this._style(); },
      'backgroundColor, backgroundColorTop, backgroundColorBottom'() { this._background(); },
      scrollTop() { this._scroll(); },
      rootFontSize(v) { if (v) console.warn('page-meta root-font-size is not supported in minihost (all pages share one document)'); },
    },
    lifetimes: {
      attached() {
        const page = pageOf(this);
        if (!page) return;
        this._page = page;
        this._onScroll = () => this.triggerEvent('scroll', { scrollTop: page.scrollTop });
        page.addEventListener('scroll', this._onScroll, { passive: true });
        this._onResize = () => this.triggerEvent('resize', { size: { windowWidth: page.clientWidth, windowHeight: page.clientHeight } });
        window.addEventListener('resize', this._onResize);
        this._style();
        this._background();
        this._scroll();
      },
      detached() {
        this._page?.removeEventListener('scroll', this._onScroll);
        window.removeEventListener('resize', this._onResize);
        cancelAnimationFrame(this._raf);
      },
    },
    methods: {
      _style() {
        const page = this._page;
        if (!page) return;
        const { pageStyle, pageFontSize, rootBackgroundColor } = this.data;
        let text = String(pageStyle || '');
        if (pageFontSize) text += `;font-size:${/^\d+(\.\d+)?$/.test(pageFontSize) ? `${pageFontSize}px` : pageFontSize}`;
        if (rootBackgroundColor) text += `;background-color:${rootBackgroundColor}`;
        this._styled = setStyle(page, text, this._styled);
      },
      _background() {
        const c = this.data.backgroundColor || this.data.backgroundColorTop || this.data.backgroundColorBottom;
        if (c && this._page) ctx.pageWindow?.(this._page, { backgroundColor: String(c) });
      },
      _scroll() {
        const page = this._page;
        if (!page || this.data.scrollTop === '' || this.data.scrollTop == null) return;
        const top = lengthPx(this.data.scrollTop, page.clientWidth);
        if (top === null) { console.warn(`page-meta scroll-top="${this.data.scrollTop}" is not a length`); return; }
        // its own animation, not the browser's smooth scroll: that takes
        // scroll-duration, and it knows when it is done
        const duration = Math.max(0, Number(this.data.scrollDuration) || 0);
        const from = page.scrollTop;
        const to = Math.min(Math.max(0, top), page.scrollHeight - page.clientHeight);
        const t0 = performance.now();
        const step = (now) => {
          const k = duration > 0 ? Math.min(1, (now - t0) / duration) : 1;
          page.scrollTop = from + (to - from) * (1 - (1 - k) ** 3); // ease-out
          // done a frame later, after the scroll event of the last step
          if (k < 1) this._raf = requestAnimationFrame(step);
          else this._raf = requestAnimationFrame(() => this.triggerEvent('scrolldone', {}));
        };
        cancelAnimationFrame(this._raf);
        step(t0);
      },
    },
  }),
};

export const navigationBar = {
  wxml: '',
  def: (ctx) => ({
    // null: not written, so the page's own title, colours and
    // wx.showNavigationBarLoading stay
    properties: {
      title: { type: null, value: null }, loading: { type: null, value: null }, frontColor: { type: null, value: null },
      backgroundColor: { type: null, value: null }, colorAnimationDuration: Number, colorAnimationTimingFunc: String,
    },
    observers: {
      'title, frontColor, backgroundColor'() { this._apply(); },
      loading() { this._loading(); },
    },
    lifetimes: {
      attached() { this._apply(); this._loading(); },
      detached() { if (this.data.loading) ctx.pageLoading?.(pageOf(this), false); },
    },
    methods: {
      _apply() {
        const page = pageOf(this);
        if (!page) return;
        const { title, frontColor, backgroundColor } = this.data;
        const change = {};
        if (title != null) change.navigationBarTitleText = String(title);
        if (backgroundColor) change.navigationBarBackgroundColor = String(backgroundColor);
        if (frontColor) change.navigationBarTextStyle = textStyleOf(String(frontColor));
        if (Object.keys(change).length) ctx.pageWindow?.(page, change);
      },
      _loading() { if (this.data.loading != null) ctx.pageLoading?.(pageOf(this), !!this.data.loading); },
    },
  }),
};
