/**
 * Small DOM helpers of the element that need no Lit: what the flow reads of it, which language its texts
 * follow, how its state reaches CSS, its frame's height and where focus goes. Kept apart so the element file is about the flow's wiring and its markup.
 */
import type {Inputs} from './flow.js';
import {textsFor} from './i18n.js';
import type {ConnectState} from './types.js';

/** What the flow reads of the element and of its page (flow.ts `Inputs`). */
export function inputsOf(
  el: Element & Pick<Inputs, 'token' | 'baseUrl' | 'tokenUrl' | 'branding' | 'redirect'>,
): Inputs {
  const doc = el.ownerDocument;
  return {
    token: el.token,
    baseUrl: el.baseUrl,
    tokenUrl: el.tokenUrl,
    branding: el.branding,
    redirect: el.redirect,
    pageOrigin: doc.defaultView?.location.origin ?? 'null',
    pageUrl: doc.baseURI,
    // Read only when a frame URL is built: both ask the page's styles, which is not free.
    get lang() {
      return textsFor(nearestLang(el)).code;
    },
    get colorScheme() {
      return usedColorScheme(doc);
    },
  };
}

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
 * The last height is kept for the loading indicator shown without a frame (a new link on its way). Not for a
 * new frame: the last height is often the expired page's short one, and the next page needs its own.
 */
export class FrameHeight {
  private _height = -1;
  private _raf = 0;

  constructor(private readonly _frame: () => HTMLIFrameElement | null) {}

  set(height: number): void {
    this._height = height;
    this._raf ||= requestAnimationFrame(() => {
      this._raf = 0;
      this.apply(this._frame());
    });
  }

  /** Gives `target` (the loading indicator) the last height asked for, if there is one. */
  apply(target: HTMLElement | null | undefined, property: 'height' | 'minHeight' = 'height'): void {
    if (target && this._height >= 0) target.style[property] = `${this._height}px`;
  }

  cancel(): void {
    cancelAnimationFrame(this._raf);
    this._raf = 0;
  }
}

/**
 * Whether focus is no longer on something the element shows: nothing of its shadow root has it (or only a
 * frame that is now hidden), and no slotted element of its does. False while focus is elsewhere on the page.
 */
export function focusLost(host: HTMLElement): boolean {
  const inside = host.shadowRoot?.activeElement;
  if (inside) return inside instanceof HTMLIFrameElement && inside.hidden;
  const active = host.ownerDocument.activeElement;
  if (!active || active === host || !host.contains(active)) return true;
  // A slotted element that is no longer assigned to a slot is not shown.
  let child: Element = active;
  while (child.parentElement && child.parentElement !== host) child = child.parentElement;
  return !child.assignedSlot;
}

// One reading per document and task: getComputedStyle() after a DOM change recomputes the page's styles, and
// 200 elements mounted in one task would pay for that 200 times.
const schemes = new WeakMap<Document, 'light' | 'dark'>();

/**
 * The colour scheme the page uses: its root's computed `color-scheme` (or the page's
 * `<meta name="color-scheme">`), with `light dark` settled by the user's preference. Light when undeclared,
 * as browsers render it.
 */
export function usedColorScheme(doc: Document): 'light' | 'dark' {
  const known = schemes.get(doc);
  if (known) return known;
  const view = doc.defaultView;
  let value = (view && doc.documentElement && view.getComputedStyle(doc.documentElement).colorScheme) || 'normal';
  if (value === 'normal') value = doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '';
  const words = value.toLowerCase().split(/[\s,]+/);
  const dark = words.includes('dark');
  const scheme =
    dark && (!words.includes('light') || view?.matchMedia('(prefers-color-scheme: dark)').matches) ? 'dark' : 'light';
  schemes.set(doc, scheme);
  setTimeout(() => schemes.delete(doc));
  return scheme;
}

/**
 * Gives focus to what stands in `root` now that what had it was replaced or hidden: a button of the panel
 * (a slotted one first), else the panel or loading indicator itself, else the frame if it is showing.
 */
export function focusContent(root: ParentNode, frame: HTMLIFrameElement | null): void {
  const slotted = root.querySelector('slot')?.assignedElements({flatten: true}) ?? [];
  const button = [...slotted, root].map((node) => node.querySelector('button')).find(Boolean);
  (button ?? root.querySelector<HTMLElement>('.box') ?? (frame && !frame.hidden ? frame : null))?.focus();
}
