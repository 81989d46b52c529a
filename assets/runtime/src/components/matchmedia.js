// match-media: its children shown while the window matches the media query
// its attributes make (min-width, max-width, width, min-height, max-height,
// height in px; orientation landscape or portrait), hidden otherwise; kept
// current as the window changes.

// SIZES: the size properties and the media features they are.
const SIZES = [['minWidth', 'min-width'], ['maxWidth', 'max-width'], ['width', 'width'], ['minHeight', 'min-height'], ['maxHeight', 'max-height'], ['height', 'height']];

// mediaQuery is the CSS media query of a match-media's properties: '' (all
// windows) when none is set. Attributes written as text ("200") count as
// numbers; what is neither a positive number nor an orientation is left out.
export function mediaQuery(props) {
  const parts = [];
  for (const [prop, feature] of SIZES) {
    const v = props[prop];
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) parts.push(`(${feature}: ${n}px)`);
  }
  if (props.orientation === 'landscape' || props.orientation === 'portrait') parts.push(`(orientation: ${props.orientation})`);
  return parts.join(' and ');
}

const PROPS = [...SIZES.map(([prop]) => prop), 'orientation'];

export const matchMediaView = {
  wxml: '<view class="match-media" hidden="{{!_match}}"><slot /></view>',
  def: () => ({
    properties: Object.fromEntries(PROPS.map((p) => [p, { type: null, value: null }])),
    data: { _match: true },
    observers: { [PROPS.join(', ')]() { this._watch(); } },
    lifetimes: {
      attached() { this._watch(); },
      detached() { this._stop?.(); this._stop = null; },
    },
    methods: {
      _watch() {
        this._stop?.();
        const q = mediaQuery(this.data);
        if (!q) { this._stop = null; this.setData({ _match: true }); return; }
        const mq = window.matchMedia(q);
        const update = () => { if (this.data._match !== mq.matches) this.setData({ _match: mq.matches }); };
        mq.addEventListener('change', update);
        this._stop = () => mq.removeEventListener('change', update);
        update();
      },
    },
  }),
};
