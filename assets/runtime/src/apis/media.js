// Media: chooseImage/chooseMedia (the browser's file chooser; tempFilePaths
// are blob: URLs, which <image>, getImageInfo and uploadFile all read),
// previewImage (an overlay), getImageInfo, saveImageToPhotosAlbum (the host
// saves to <data dir>/photos after scope.writePhotosAlbum).

import { answer } from './host.js';
import { toBase64 } from './bytes.js';
import { preview } from './overlay.js';

// choose opens the file chooser; it needs a user tap, as the phone's sheet does.
function choose(api, accept, count) {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = count > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      input.remove();
      const files = [...input.files].slice(0, count);
      if (files.length === 0) reject({ errMsg: `${api}:fail cancel` });
      else resolve(files);
    });
    input.addEventListener('cancel', () => { input.remove(); reject({ errMsg: `${api}:fail cancel` }); });
    document.body.appendChild(input);
    input.click();
  });
}

// loadImage resolves with the loaded <img> of src.
export const loadImage = (src) => new Promise((resolve, reject) => {
  const img = new Image();
  img.onload = () => resolve(img);
  img.onerror = () => reject(new Error('fail image not found or not an image'));
  img.src = src;
});
const imageSize = (src) => loadImage(src).then((img) => ({ width: img.naturalWidth, height: img.naturalHeight }));

const count = (n, max) => Math.min(Math.max(1, Number(n) || max), max);

export function mediaRows(ctx, host) {
  return {
    chooseImage: {
      kind: 'async',
      impl: async (o) => {
        const files = await choose('chooseImage', 'image/*', count(o.count, 9));
        const tempFiles = files.map((f) => ({ path: URL.createObjectURL(f), size: f.size }));
        return { tempFilePaths: tempFiles.map((f) => f.path), tempFiles };
      },
    },
    chooseMedia: {
      kind: 'async',
      impl: async (o) => {
        const types = Array.isArray(o.mediaType) ? o.mediaType : ['image', 'video'];
        const accept = types.map((t) => (t === 'video' ? 'video/*' : 'image/*')).join(',');
        const files = await choose('chooseMedia', accept, count(o.count, 9));
        const tempFiles = await Promise.all(files.map(async (f) => {
          const tempFilePath = URL.createObjectURL(f);
          const fileType = f.type.startsWith('video/') ? 'video' : 'image';
          const size = fileType === 'image' ? await imageSize(tempFilePath).catch(() => ({})) : {};
          return { tempFilePath, size: f.size, fileType, ...size };
        }));
        return { tempFiles, type: tempFiles.every((f) => f.fileType === 'image') ? 'image' : tempFiles.every((f) => f.fileType === 'video') ? 'video' : 'mix' };
      },
    },
    previewImage: {
      kind: 'async',
      impl: (o) => {
        const urls = Array.isArray(o.urls) ? o.urls.map(String) : [];
        if (urls.length === 0) throw new Error('previewImage:fail parameter error: parameter.urls should be Array');
        preview(urls, String(o.current ?? urls[0]));
      },
    },
    getImageInfo: {
      kind: 'async',
      impl: async (o) => {
        const src = String(o.src ?? '');
        const { width, height } = await imageSize(src).catch(() => { throw new Error('getImageInfo:fail image not found'); });
        const ext = (src.match(/\.(\w+)(?:$|\?)/)?.[1] || 'png').toLowerCase();
        return { width, height, path: src, orientation: 'up', type: ext === 'jpg' ? 'jpeg' : ext };
      },
    },
    saveImageToPhotosAlbum: {
      kind: 'async',
      impl: async (o) => {
        const path = String(o.filePath ?? '');
        let blob;
        try { blob = await (await fetch(path)).blob(); } catch { throw new Error(`saveImageToPhotosAlbum:fail file not found: ${path}`); }
        const name = (path.split(/[/\\?#]/).filter(Boolean).pop() || 'photo').replace(/[^\w.-]/g, '_');
        return answer(await host.call('saveImageToPhotosAlbum', {
          fileName: name, type: blob.type, file64: toBase64(new Uint8Array(await blob.arrayBuffer())),
        }));
      },
    },
  };
}
