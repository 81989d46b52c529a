// wx.loadFontFace: the browser's FontFace. source is url("…") or a bare
// URL, a package path ("/fonts/a.ttf") or a data: URL; the face is added to
// the document, so every page and component may use the family.
import { packageURL } from '../paths.js';

export function fontRows() {
  return {
    loadFontFace: {
      kind: 'async',
      impl: async (o) => {
        const family = typeof o.family === 'string' ? o.family.trim() : '';
        const source = typeof o.source === 'string' ? o.source.trim() : '';
        if (!family || !source) throw { errMsg: 'loadFontFace:fail parameter error: family and source must be non-empty strings', status: 'error' };
        const m = /^url\(\s*(['"]?)(.*?)\1\s*\)$/.exec(source);
        const url = packageURL('', m ? m[2] : source);
        const desc = o.desc && typeof o.desc === 'object' ? o.desc : {};
        const face = new FontFace(family, `url("${url.replace(/"/g, '%22').replace(/\\/g, '%5C')}")`, {
          style: desc.style || 'normal', weight: String(desc.weight || 'normal'), variant: desc.variant || 'normal',
        });
        try {
          await face.load();
        } catch (e) {
          throw { errMsg: `loadFontFace:fail ${e?.message || 'the font could not be loaded'}: ${source}`, status: 'error' };
        }
        document.fonts.add(face);
        return { status: 'loaded' };
      },
    },
  };
}
