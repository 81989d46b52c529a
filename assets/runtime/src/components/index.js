// The built-in components: the glass-easel ones by name (DEFS), and the table
// of every built-in with its status, from which the README table is made.
import { image, coverImage } from './image.js';
import { navigator } from './navigator.js';
import { input, textarea } from './input.js';
import { checkbox, checkboxGroup, radio, radioGroup, switch_, slider } from './choice.js';
import { scrollView } from './scroll-view.js';
import { swiper, swiperItem } from './swiper.js';
import { movableArea, movableView } from './movable.js';
import { icon, richText, progress, rootPortal } from './basic.js';
import { picker, pickerView, pickerViewColumn } from './picker.js';
import { video } from './video.js';
import { canvas } from './canvas.js';
import { webView } from './webview.js';
import { matchMediaView } from './matchmedia.js';
import { pageContainer } from './pagecontainer.js';
import { pageMeta, navigationBar } from './pagemeta.js';
import { camera } from './camera.js';
import { audio } from './audio.js';
import { editor } from './editor.js';
import { listView, gridView, stickySection, stickyHeader } from './skyline.js';

// name → {wxml, def(ctx)}: the built-ins that are glass-easel components.
export const DEFS = {
  image, 'cover-image': coverImage, navigator, input, textarea,
  checkbox, 'checkbox-group': checkboxGroup, radio, 'radio-group': radioGroup, switch: switch_, slider,
  'scroll-view': scrollView, swiper, 'swiper-item': swiperItem, 'movable-area': movableArea, 'movable-view': movableView,
  icon, 'rich-text': richText, progress, picker, 'picker-view': pickerView, 'picker-view-column': pickerViewColumn, video, canvas,
  'web-view': webView, 'root-portal': rootPortal, 'match-media': matchMediaView,
  'page-container': pageContainer, 'page-meta': pageMeta, 'navigation-bar': navigationBar,
  camera, audio, editor, 'list-view': listView, 'grid-view': gridView, 'sticky-section': stickySection, 'sticky-header': stickyHeader,
};

// Built-ins shown as a placeholder box (their size, their name) with one
// console warning per name; default sizes are the phone's (components.css).
export const PLACEHOLDERS = [
  'map', 'live-player', 'live-pusher', 'ad', 'ad-custom',
  'open-data', 'official-account', 'voip-room', 'share-element',
  'functional-page-navigator', 'keyboard-accessory', 'store-product', 'channel-live', 'channel-video', 'xr-frame',
];

// The attributes pages commonly give the placeholder components, accepted
// (and ignored) so that each does not log "not a valid property".
export const PLACEHOLDER_PROPS = Object.fromEntries([
  'src', 'type', 'poster', 'controls', 'autoplay', 'loop', 'muted', 'objectFit', 'initialTime', 'duration', 'title',
  'latitude', 'longitude', 'scale', 'markers', 'polyline', 'circles', 'polygons', 'includePoints', 'showLocation', 'enable3D',
  'unitId', 'adIntervals', 'mode', 'devicePosition', 'flash', 'resolution', 'frameSize', 'canvasId', 'disableScroll',
  'url', 'placeholder', 'readOnly', 'lang', 'openGid', 'showProgress', 'showFullscreenBtn', 'showPlayBtn', 'enableDanmu',
  'danmuList', 'minScale', 'maxScale', 'subkey', 'layerStyle', 'rotate', 'skew', 'enableZoom', 'showCompass',
].map((k) => [k, { type: null, value: null }]));

// COMPONENTS: every built-in, {name, status: 'supported' | 'placeholder', note}.
// For the README's table (tools/support-table.mjs) only: marked pure, so
// the runtime's bundle, which never reads it, leaves it out.
export const COMPONENTS = /* @__PURE__ */ (() => [
  { name: 'view', status: 'supported', note: 'hover-class, hover-start-time, hover-stay-time' },
  { name: 'text', status: 'supported', note: 'selectable/user-select, space, decode' },
  { name: 'icon', status: 'supported', note: 'all documented types, size, color' },
  { name: 'rich-text', status: 'supported', note: 'nodes as HTML string or node array; unsafe tags and attributes dropped' },
  { name: 'progress', status: 'supported', note: 'percent, show-info, stroke-width, colours, active, bindactiveend' },
  { name: 'button', status: 'supported', note: 'type, size, plain, disabled, loading, form-type, hover-class; open-type getUserInfo, openSetting, chooseAvatar (persona avatar), contact, share, feedback; getPhoneNumber and launchApp fail clearly' },
  { name: 'input', status: 'supported', note: 'value, type text/number/idcard/digit/nickname, password, placeholder, maxlength, focus, confirm-type; bindinput return value replaces the value' },
  { name: 'textarea', status: 'supported', note: 'auto-height, maxlength, bindinput/focus/blur/confirm' },
  { name: 'label', status: 'supported', note: 'for, or the first control inside' },
  { name: 'form', status: 'supported', note: 'bindsubmit {value} by field name, bindreset' },
  { name: 'checkbox', status: 'supported', note: 'value, checked, disabled, color' },
  { name: 'checkbox-group', status: 'supported', note: 'bindchange {value: [...]}' },
  { name: 'radio', status: 'supported', note: 'value, checked, disabled, color' },
  { name: 'radio-group', status: 'supported', note: 'bindchange {value}' },
  { name: 'switch', status: 'supported', note: 'checked, disabled, type switch/checkbox, color' },
  { name: 'slider', status: 'supported', note: 'min, max, step, value, show-value, colours, block-size; drag, arrow keys; bindchanging, bindchange' },
  { name: 'picker', status: 'supported', note: 'bottom sheet: selector, multiSelector, time, date (fields), region (sample data only)' },
  { name: 'picker-view', status: 'supported', note: 'value, indicator-style, bindchange' },
  { name: 'picker-view-column', status: 'supported', note: '' },
  { name: 'image', status: 'supported', note: 'all modes, lazy-load, bindload {width, height}, binderror' },
  { name: 'navigator', status: 'supported', note: 'open-type navigate, redirect, switchTab, reLaunch, navigateBack; target="miniProgram" via navigateToMiniProgram' },
  { name: 'scroll-view', status: 'supported', note: 'scroll-x/y, scroll-top/left, scroll-into-view, scroll-with-animation, bindscroll, bindscrolltoupper/lower, refresher-*, show-scrollbar, Skyline\'s type list/custom/nested (children laid out as blocks); node() is its ScrollViewContext (scrollTo, scrollIntoView, triggerRefresh, closeRefresh, scrollEnabled, showScrollbar)' },
  { name: 'swiper', status: 'supported', note: 'indicator-dots, autoplay, interval, duration, circular, current, vertical, mouse drag, bindchange' },
  { name: 'swiper-item', status: 'supported', note: 'item-id' },
  { name: 'movable-area', status: 'supported', note: '' },
  { name: 'movable-view', status: 'supported', note: 'drag, x, y, direction, out-of-bounds, disabled, bindchange (no inertia or scale)' },
  { name: 'video', status: 'supported', note: 'the browser\'s video: src, controls, autoplay, loop, muted, poster, object-fit, initial-time; bindplay/pause/ended/timeupdate/loadedmetadata/error; child nodes (cover-view, components) lie over it (no danmu); its VideoContext from wx.createVideoContext or SelectorQuery context()' },
  { name: 'canvas', status: 'supported', note: 'the browser\'s canvas: type 2d and webgl through SelectorQuery node() (createImage, requestAnimationFrame…), the legacy canvas-id one through wx.createCanvasContext; canvasToTempFilePath, canvasGetImageData, canvasPutImageData; wx.createContext + wx.drawCanvas; touches carry x/y within the canvas; child nodes lie over it' },
  { name: 'cover-view', status: 'supported', note: 'a view' },
  { name: 'cover-image', status: 'supported', note: 'an image' },
  { name: 'web-view', status: 'supported', note: 'an iframe covering the page: an absolute http(s) URL of another origin than the mini program\'s (else binderror); bindload; no wx.miniProgram inside, so no bindmessage' },
  { name: 'page-container', status: 'supported', note: 'show, position bottom/top/right/center, round, overlay, overlay-style, custom-style, duration, z-index; beforeenter/enter/afterenter, beforeleave/leave/afterleave, clickoverlay, entercancelled/leavecancelled; the overlay, the back arrow and (close-on-slide-down) dragging it down close it' },
  { name: 'match-media', status: 'supported', note: 'min-width, max-width, width, min-height, max-height, height, orientation; its children hidden while the window does not match, kept current as it changes' },
  { name: 'root-portal', status: 'supported', note: 'its children, rendered in place (not moved to the page\'s root: a transformed ancestor still holds a fixed child)' },
  { name: 'page-meta', status: 'supported', note: 'page-style, page-font-size, root-background-color, background-color, scroll-top (px or rpx) with scroll-duration, bindscroll {scrollTop}, bindscrolldone, bindresize; not page-orientation, background-text-style or root-font-size (warned)' },
  { name: 'navigation-bar', status: 'supported', note: 'title, front-color, background-color, loading: as setNavigationBarTitle, setNavigationBarColor and show/hideNavigationBarLoading; no colour animation' },
  { name: 'camera', status: 'supported', note: 'the computer\'s camera (getUserMedia) after scope.camera is granted (binderror "insertCamera:fail auth deny" if not), device-position, resolution; bindinitdone, bindstop, binderror; wx.createCameraContext: takePhoto, startRecord/stopRecord (sound with scope.record), setZoom, onCameraFrame; mode scanCode shows the camera but scans nothing' },
  { name: 'audio', status: 'supported', note: 'the older audio player: the browser\'s audio; src, loop, controls (poster, name, author, time), bindplay/pause/ended/timeupdate/error; wx.createAudioContext (setSrc, play, pause, seek)' },
  { name: 'editor', status: 'supported', note: 'on Quill, as WeChat\'s is (loaded with the first editor): read-only, placeholder; bindready, bindfocus/blur/input {html, text, delta}, bindstatuschange; EditorContext from SelectorQuery context(): format (inline, block and style formats), insertText, insertImage, insertDivider, setContents (html or delta), getContents, getSelectionText, clear, removeFormat, undo, redo, blur, scrollIntoView; no image toolbar or resizing' },
  { name: 'list-view', status: 'supported', note: 'Skyline\'s list container as WeChat\'s WebView version lays it out: padding; every child rendered (no lazy rendering)' },
  { name: 'grid-view', status: 'supported', note: 'type aligned (a grid) or masonry (each child in the shortest column, re-placed as children come, go and change size), cross-axis-count, max-cross-axis-extent, main-axis-gap, cross-axis-gap, padding' },
  { name: 'sticky-section', status: 'supported', note: 'padding; its sticky-headers stick within it and are pushed up at its end (push-pinned-header false is not kept)' },
  { name: 'sticky-header', status: 'supported', note: 'CSS sticky: offset-top, padding, bindstickontopchange {isStickOnTop}; allow-overlapping not kept' },
  ...PLACEHOLDERS.map((name) => ({ name, status: 'placeholder', note: 'a box of its size with its name; one console warning' })),
])();
