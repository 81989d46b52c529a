// image: every mode, lazy-load, bindload {width, height}, binderror.
import { inner, resolveAsset, host } from './util.js';

export const image = {
  wxml: '<mh-img id="img" class="img mode-{{mode}}" src="{{_src}}" alt="" draggable="false" bind:load="_load" bind:error="_error" />',
  def: () => ({
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' }, lazyLoad: Boolean, showMenuByLongpress: Boolean, webp: Boolean },
    data: { _src: '' },
    observers: {
      src() { this._show(); },
    },
    lifetimes: {
      // the owner (whose path relative srcs are resolved against) is known from here on
      attached() { this._show(); },
      detached() { this._io?.disconnect(); },
    },
    methods: {
      _show() {
        const src = resolveAsset(this, this.data.src);
        if (!this.data.lazyLoad || this._seen || typeof IntersectionObserver !== 'function') {
          this.setData({ _src: src });
          return;
        }
        // lazy-load: set the src when the image comes near the viewport
        // (the phone loads it when within about one screen)
        if (this._io) return;
        const h = host(this);
        if (!h) return;
        this._io = new IntersectionObserver((entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          this._seen = true;
          this._io.disconnect();
          this._io = null;
          this.setData({ _src: resolveAsset(this, this.data.src) });
        }, { rootMargin: '100% 0px' });
        this._io.observe(h);
      },
      _load() {
        const img = inner(this, 'img');
        const width = img?.naturalWidth || 0;
        const height = img?.naturalHeight || 0;
        // widthFix/heightFix: the host keeps the picture's ratio
        const h = host(this);
        if (h && width && height) h.style.setProperty('--mh-ratio', `${width} / ${height}`);
        this.triggerEvent('load', { width, height });
      },
      _error() {
        if (!this.data._src) return;
        this.triggerEvent('error', { errMsg: `GET ${this.data._src} 404 (Not Found)` });
      },
    },
  }),
};

// cover-image: an image drawn over native components; here a plain image.
export const coverImage = image;
