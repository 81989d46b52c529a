// The capsule (the "··· | ◎" menu button at the top right), drawn as on the
// phone, also over pages with navigationStyle custom; the page reads its
// rect with wx.getMenuButtonBoundingClientRect.
export function drawCapsule(shell) {
  const c = document.createElement('div');
  c.className = 'mh-capsule';
  c.setAttribute('aria-hidden', 'true');
  c.innerHTML = '<span class="mh-capsule-more">•••</span><span class="mh-capsule-sep"></span><span class="mh-capsule-close"></span>';
  shell.app.appendChild(c);
  shell.capsule = c;
  return c;
}
