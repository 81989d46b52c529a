// The phone's status bar (time, signal, wifi, battery) above the navigation
// bar, and the safe area (the home indicator's bottom inset), drawn only
// when the page runs under a phone's user agent (the simulator emulates one;
// a desktop browser, however narrow, stays as it was). Pages with
// navigationStyle custom draw under the status bar, as on the phone.

// deviceFrame answers the status bar height and bottom inset the phone of
// this user agent and screen has: a notched iPhone (screen ≥ 812 px tall) 47
// and 34, Android 28 and 0, other phones and tablets 20 and 0; not a phone:
// nothing drawn.
export function deviceFrame(ua = navigator.userAgent, screenHeight = window.screen?.height || window.innerHeight) {
  const iphone = /\biPhone\b/.test(ua);
  const android = /\bAndroid\b/.test(ua);
  if (!iphone && !android && !/\b(iPad|Mobile)\b/.test(ua)) return { shown: false, statusBarHeight: 0, bottomInset: 0 };
  if (iphone && screenHeight >= 812) return { shown: true, statusBarHeight: 47, bottomInset: 34 };
  if (android) return { shown: true, statusBarHeight: 28, bottomInset: 0 };
  return { shown: true, statusBarHeight: 20, bottomInset: 0 };
}

// safeAreaOf is the safe area in screen coordinates, as wx answers it.
export function safeAreaOf(frame, width, height) {
  const top = frame.statusBarHeight;
  const bottom = height - frame.bottomInset;
  return { left: 0, right: width, top, bottom, width, height: bottom - top };
}

const GLYPHS = '<svg class="mh-sb-signal" viewBox="0 0 18 12" width="18" height="12"><rect x="0" y="8" width="3" height="4" rx="1"/><rect x="5" y="5.5" width="3" height="6.5" rx="1"/><rect x="10" y="3" width="3" height="9" rx="1"/><rect x="15" y="0" width="3" height="12" rx="1"/></svg>'
  + '<svg class="mh-sb-wifi" viewBox="0 0 16 12" width="16" height="12"><path d="M8 2.4c2.3 0 4.4.9 6 2.4l1.2-1.3A10.4 10.4 0 0 0 8 .6C5.2.6 2.7 1.7.8 3.5L2 4.8a8.6 8.6 0 0 1 6-2.4zm0 3.6c1.3 0 2.5.5 3.4 1.3l1.2-1.3A6.8 6.8 0 0 0 8 4.2c-1.8 0-3.4.7-4.6 1.8l1.2 1.3C5.5 6.5 6.7 6 8 6zm0 3.4L6 11.4 8 11.9l2-.5z"/></svg>'
  + '<svg class="mh-sb-battery" viewBox="0 0 27 12" width="27" height="12"><rect x=".5" y=".5" width="23" height="11" rx="3" fill="none" stroke="currentColor" opacity=".4"/><rect x="2" y="2" width="20" height="8" rx="1.5"/><path d="M25 4v4a2 2 0 0 0 0-4z" opacity=".4"/></svg>';

const hhmm = (d) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

// drawStatusBar puts the status bar into the shell (when the frame shows one)
// and the safe area's CSS variables on the document; the clock ticks each
// minute. shell.statusFrame is what system info answers.
export function drawStatusBar(shell, frame = deviceFrame()) {
  shell.statusFrame = frame;
  if (!frame.shown) return null;
  const root = document.documentElement.style;
  root.setProperty('--mh-status-h', `${frame.statusBarHeight}px`);
  root.setProperty('--mh-safe-bottom', `${frame.bottomInset}px`);
  root.setProperty('--mh-safe-area-inset-bottom', `${frame.bottomInset}px`);
  const bar = document.createElement('div');
  bar.className = 'mh-statusbar';
  bar.setAttribute('aria-hidden', 'true');
  bar.innerHTML = `<span class="mh-sb-time"></span><span class="mh-sb-icons">${GLYPHS}</span>`;
  shell.app.prepend(bar);
  shell.app.classList.add('mh-has-statusbar');
  const time = bar.firstChild;
  const tick = () => {
    const now = new Date();
    time.textContent = hhmm(now);
    setTimeout(tick, 60000 - (now.getSeconds() * 1000 + now.getMilliseconds()) + 50);
  };
  tick();
  shell.statusbar = bar;
  return bar;
}

// applyStatusBar follows the top page's window config: the navigation bar's
// colours, or, for navigationStyle custom, transparent over the page (whose
// env(safe-area-inset-top) then is the status bar).
export function applyStatusBar(shell, win) {
  const bar = shell.statusbar;
  if (!bar) return;
  const custom = win.navigationStyle === 'custom';
  shell.app.classList.toggle('mh-custom-nav', custom);
  bar.style.backgroundColor = custom ? 'transparent' : win.navigationBarBackgroundColor || '#000000';
  bar.style.color = win.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff';
  document.documentElement.style.setProperty('--mh-safe-area-inset-top', custom ? `${shell.statusFrame.statusBarHeight}px` : '0px');
}
