// web-view: a web page in an <iframe> covering the page, as on the phone,
// where nothing else of the page shows. bindload {src}; binderror {url,
// fullUrl} for a src it does not open (webViewURL). The framed page has no
// wx.miniProgram (the phone's JSSDK), so bindmessage never fires.

// webViewURL is the URL a web-view opens for src, or '' for none: an
// absolute http(s) URL of another origin than the page's. The page's own
// origin would hand the framed page this page's token and storage; the
// phone, too, opens only the app's business domains.
export function webViewURL(src, pageOrigin) {
  let u;
  try { u = new URL(String(src ?? '')); } catch { return ''; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return '';
  return u.origin === pageOrigin ? '' : u.href;
}

export const webView = {
  // sandboxed without top navigation: the framed page cannot replace the
  // mini program's (on the phone it cannot either)
  wxml: '<mh-iframe id="f" class="web-view" src="{{_src}}" allow="fullscreen" sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads" bind:load="_load" />',
  def: () => ({
    properties: { src: String },
    data: { _src: '' },
    observers: { src() { this._open(); } },
    lifetimes: { attached() { this._open(); } },
    methods: {
      _open() {
        const src = this.data.src;
        if (src === this._asked) return;
        this._asked = src;
        const url = webViewURL(src, location.origin);
        this.setData({ _src: url });
        if (!url && src) {
          console.warn(`<web-view>: "${src}" is not opened: minihost opens an absolute http(s) URL of another origin than the mini program's`);
          this.triggerEvent('error', { url: src, fullUrl: src });
        }
      },
      _load() { if (this.data._src) this.triggerEvent('load', { src: this.data._src }); },
    },
  }),
};
