/**
 * Small DOM helpers of the element that need no Lit: which language its texts follow, and how its state
 * reaches CSS. Kept apart so the element file is about the flow's wiring and its markup.
 */
import type {ConnectState} from './types.js';

/** The nearest `lang`, crossing shadow roots up to the document: the element's own, then its ancestors'. */
export function nearestLang(element: Element): string {
  for (let node: Element | null = element; node;) {
    // lang="" says "unknown language": English, not the next ancestor's.
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (typeof lang === 'string') return lang;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return '';
}

/** Shows `state` as the `state` attribute and the custom state `:state(<state>)`. */
export function showState(host: Element, internals: ElementInternals | undefined, state: ConnectState): void {
  if (host.getAttribute('state') !== state) host.setAttribute('state', state);
  // Engines that predate CSS custom states lack `states`; one early Chromium accepted only `--paired` and
  // threw on anything else.
  try {
    internals?.states?.clear();
    internals?.states?.add(state);
  } catch {
    // The attribute still says it.
  }
}

/**
 * Sets a frame's height to the latest one asked for, at most once per animation frame: a burst of resizes
 * costs one style write. Through the CSSOM, not a style attribute in a template: strict CSP pages forbid that.
 */
export class FrameHeight {
  private _height = -1;
  private _raf = 0;

  constructor(private readonly _frame: () => HTMLIFrameElement | null) {}

  set(height: number): void {
    this._height = height;
    this._raf ||= requestAnimationFrame(() => {
      this._raf = 0;
      const frame = this._frame();
      if (frame && this._height >= 0) frame.style.height = `${this._height}px`;
    });
  }

  cancel(): void {
    cancelAnimationFrame(this._raf);
    this._raf = 0;
  }
}
