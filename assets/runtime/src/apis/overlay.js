// Small page overlays for the base APIs that ask the user something
// (chooseLocation) or show something (previewImage). Inline styles: these
// files do not touch the shared runtime.css.

const css = (e, s) => { e.style.cssText = s; return e; };

function layer() {
  return css(document.createElement('div'), 'position:fixed;inset:0;z-index:10000;background:rgba(0,0,0,.6);display:flex;align-items:flex-end;justify-content:center;font:15px system-ui,sans-serif');
}

// sheet asks for a few fields in a bottom sheet; check returns the result or
// a message to show. Cancel fails "<api>:fail cancel", as on the phone.
export function sheet(api, title, fields, check) {
  return new Promise((resolve, reject) => {
    const mask = layer();
    mask.className = 'mh-sheet';
    const box = css(document.createElement('form'), 'background:#fff;width:100%;max-width:480px;padding:16px;border-radius:12px 12px 0 0;box-sizing:border-box');
    box.setAttribute('role', 'dialog');
    box.dataset.mhHost = ''; // handles its own submit (the WXML forms' guard in button.js leaves it)
    css(box.appendChild(document.createElement('div')), 'font-weight:600;margin-bottom:8px').textContent = title;
    const inputs = {};
    for (const [name, label, value] of fields) {
      const row = css(box.appendChild(document.createElement('label')), 'display:flex;gap:8px;align-items:center;margin:6px 0');
      css(row.appendChild(document.createElement('span')), 'width:6em;color:#666').textContent = label;
      const input = css(row.appendChild(document.createElement('input')), 'flex:1;padding:6px;border:1px solid #ddd;border-radius:4px');
      input.name = name;
      input.value = String(value);
      inputs[name] = input;
    }
    const msg = css(box.appendChild(document.createElement('div')), 'color:#e64340;min-height:1.2em');
    const btns = css(box.appendChild(document.createElement('div')), 'display:flex;gap:8px;margin-top:8px');
    const button = (text, primary) => {
      const b = css(btns.appendChild(document.createElement('button')), `flex:1;padding:10px;border:0;border-radius:6px;${primary ? 'background:#07c160;color:#fff' : 'background:#f2f2f2'}`);
      b.type = primary ? 'submit' : 'button';
      b.textContent = text;
      return b;
    };
    button('Cancel', false).addEventListener('click', () => { mask.remove(); reject({ errMsg: `${api}:fail cancel` }); });
    button('OK', true);
    box.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const values = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
      const out = check(values);
      if (typeof out === 'string') { msg.textContent = out; return; }
      mask.remove();
      resolve(out);
    });
    mask.appendChild(box);
    document.body.appendChild(mask);
    Object.values(inputs)[0]?.focus();
  });
}

// preview shows images full screen; a tap closes, arrows or a swipe page.
export function preview(urls, current) {
  let i = Math.max(0, urls.indexOf(current));
  const mask = layer();
  mask.className = 'mh-preview';
  mask.style.alignItems = 'center';
  mask.style.background = '#000';
  const img = css(mask.appendChild(document.createElement('img')), 'max-width:100%;max-height:100%;object-fit:contain');
  const count = css(mask.appendChild(document.createElement('div')), 'position:absolute;top:12px;width:100%;text-align:center;color:#fff');
  const show = () => { img.src = urls[i]; count.textContent = urls.length > 1 ? `${i + 1} / ${urls.length}` : ''; };
  const close = () => { mask.remove(); document.removeEventListener('keydown', key); };
  const key = (ev) => {
    if (ev.key === 'Escape') close();
    else if (ev.key === 'ArrowRight' && i < urls.length - 1) { i++; show(); } else if (ev.key === 'ArrowLeft' && i > 0) { i--; show(); }
  };
  mask.addEventListener('click', close);
  document.addEventListener('keydown', key);
  show();
  document.body.appendChild(mask);
}
