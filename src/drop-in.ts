/**
 * The drop-in for the existing PilotStatus SDK: `open()` (a modal) and `mount()` (inline), built on
 * `<pilotstatus-connect>`, with the SDK's callbacks (`onPaired`, `onError`, `onExpired`) plus `onReady` and
 * `onClose`.
 *
 * Nothing here runs on import: importing this module in Node or during server-side rendering touches
 * neither `window` nor `document`.
 */
import {adoptStyles} from 'lit';
import {nearestLang} from './dom.js';
import type {ConnectErrorDetail, PairedDetail} from './events.js';
import {RENEWAL_GUARD_MS} from './flow.js';
import {textsFor} from './i18n.js';
import {css} from './pilotstatus-connect.styles.js';
// For its definition: open() and mount() create the element.
import './define.js';
import type {PilotstatusConnect} from './pilotstatus-connect.js';

/** What `open()` and `mount()` take. */
export interface ConnectOptions {
  /** The remote-pairing token (a UUID) your backend got from `POST /v1/numbers/remote-pairing`. Required unless `tokenUrl`. */
  token?: string;
  /** Where Connect lives; default `https://connect.pilotstatus.com.br`. */
  baseUrl?: string;
  /** A URL on this page's origin that mints a link (`{token}` or `{remotePairingUrl}`): the element fetches it, and a new one when the link expires. */
  tokenUrl?: string;
  /** The language of the element's and the modal's texts (`pt-BR`, `es`, `en`), forwarded to Connect; default: the page's `lang`. */
  lang?: string;
  /** White-label parameters for the Connect page: `'name=Acme'` or `{name: 'Acme', primaryColor: '#ff6600'}`. */
  branding?: string | Record<string, string | number | boolean>;
  /** Milliseconds to wait for Connect's first message before `onError` `timeout`; `0` turns it off. Default 30,000. */
  timeout?: number;
  /** After pairing, go to the `redirectUrl` Connect sent. */
  redirect?: boolean;
  /** `open()` only: close the modal by itself once the number is paired (after `onPaired`, then `onClose`). */
  closeOnPaired?: boolean;
  /** The Connect page loaded (or first spoke): once per page shown. */
  onReady?: () => void;
  /** The number was connected: `d = {numberId?, redirectUrl?}`. */
  onPaired?: (d: PairedDetail) => void;
  /** Something failed: `e = {message, code}`. */
  onError?: (e: ConnectErrorDetail) => void;
  /**
   * The pairing link expired. Return a new token (or a promise of one) and the element shows it; the expired
   * panel then also offers "Get a new link", which calls `onExpired` again. With `tokenUrl` the element
   * renews by itself and what this returns is not used.
   */
  onExpired?: () => unknown;
  /** `open()` only: the modal closed (Escape, the close button, "Done", or `closeOnPaired`); not after `destroy()`. */
  onClose?: () => void;
}

/** What `open()` and `mount()` return. */
export interface ConnectHandle {
  /** The `<pilotstatus-connect>` element. */
  element: PilotstatusConnect;
  /** Removes everything `open()`/`mount()` added (dialog, element, listeners, scroll lock). Safe to call twice. */
  destroy(): void;
}

const CALLBACKS = ['onReady', 'onPaired', 'onError', 'onExpired', 'onClose'] as const;

// Programmer errors throw at once, with what to pass; failures at run time go to onError instead.
function checkOptions(where: string, options: ConnectOptions | undefined): ConnectOptions {
  function fail(what: string): never {
    throw new TypeError(`PilotStatus.connect.${where}: ${what}`);
  }
  if (typeof options !== 'object' || options === null) fail('pass an options object, e.g. {token, onPaired}.');
  const {token, tokenUrl, lang, timeout} = options;
  const given = (value: unknown) => typeof value === 'string' && value !== '';
  if (!given(token) && !given(tokenUrl)) {
    fail(
      'options.token is required: the UUID your backend got from POST /v1/numbers/remote-pairing (or pass options.tokenUrl, a URL of yours that mints one).',
    );
  }
  if (token !== undefined && typeof token !== 'string') fail('options.token must be a string.');
  if (tokenUrl !== undefined && typeof tokenUrl !== 'string') fail('options.tokenUrl must be a string.');
  if (lang !== undefined && typeof lang !== 'string') fail('options.lang must be a string such as "pt-BR".');
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
    fail('options.timeout must be a number of milliseconds (0 turns it off).');
  }
  for (const name of CALLBACKS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      fail(`options.${name} must be a function.`);
    }
  }
  return options;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as PromiseLike<unknown>).then === 'function';

/** Creates the element with its options and callbacks wired; returns it and how to unwire them. */
function createConnect(options: ConnectOptions): [PilotstatusConnect, () => void] {
  const element = document.createElement('pilotstatus-connect');
  if (options.baseUrl !== undefined) element.baseUrl = options.baseUrl;
  if (options.tokenUrl !== undefined) element.tokenUrl = options.tokenUrl;
  if (options.branding !== undefined) element.branding = options.branding;
  if (options.timeout !== undefined) element.timeout = options.timeout;
  if (options.redirect !== undefined) element.redirect = !!options.redirect;
  if (options.lang !== undefined) element.setAttribute('lang', options.lang);
  if (options.token) element.token = options.token;

  let wired = true;
  let pending = false;
  let renewedAt = -Infinity;
  // A token from onExpired (now or later) replaces the expired one, as token-url's would.
  const renewFrom = (result: unknown) => {
    if (typeof result !== 'string' && !isThenable(result)) return;
    element.renewable = true;
    if (typeof result === 'string') {
      renewedAt = performance.now();
      element.token = result;
      return;
    }
    pending = true;
    Promise.resolve(result).then(
      (token) => {
        pending = false;
        if (!wired || typeof token !== 'string') return;
        renewedAt = performance.now();
        element.token = token;
      },
      (error: unknown) => {
        pending = false;
        if (!wired) return;
        const reason = error instanceof Error ? error.message : String(error);
        options.onError?.({code: 'token-fetch-failed', message: `onExpired could not get a new token: ${reason}`});
      },
    );
  };
  // Fresh objects of exactly the documented shape, whatever the event carries.
  const onPaired = ({detail}: CustomEvent<PairedDetail>) => options.onPaired?.({...detail});
  const onError = ({detail}: CustomEvent<ConnectErrorDetail>) =>
    options.onError?.({message: detail.message, code: detail.code});
  const onReady = () => options.onReady?.();
  const onExpired = () => {
    const result = options.onExpired?.();
    if (element.tokenUrl) return;
    // A renewed link that is dead again at once: the backend hands out expired links. Renewing again would
    // loop, so the panel's button asks the person instead (as token-url does).
    if (performance.now() - renewedAt <= RENEWAL_GUARD_MS) {
      if (typeof result === 'string' || isThenable(result)) element.renewable = true;
      return;
    }
    renewFrom(result);
  };
  // The expired panel's button (shown because `renewable` is set) calls retry(), which without token-url
  // would only load the dead link again, in a hidden frame. Here the next link comes from onExpired: one
  // press asks onExpired and does nothing else (and so does a call of handle.element.retry()).
  const retry = element.retry.bind(element);
  element.retry = () => {
    if (element.state !== 'expired' || element.tokenUrl || !options.onExpired) retry();
    else if (!pending) renewFrom(options.onExpired());
  };
  element.addEventListener('pilotstatus-ready', onReady);
  element.addEventListener('pilotstatus-paired', onPaired);
  element.addEventListener('pilotstatus-error', onError);
  element.addEventListener('pilotstatus-expired', onExpired);
  return [
    element,
    () => {
      wired = false;
      element.removeEventListener('pilotstatus-ready', onReady);
      element.removeEventListener('pilotstatus-paired', onPaired);
      element.removeEventListener('pilotstatus-error', onError);
      element.removeEventListener('pilotstatus-expired', onExpired);
      Reflect.deleteProperty(element, 'retry');
    },
  ];
}

/**
 * Shows Connect inline, inside `target` (a CSS selector or an element).
 * @throws {TypeError} when the options or the target are not usable.
 */
export function mount(target: string | Element, options: ConnectOptions): ConnectHandle {
  checkOptions('mount', options);
  const parent = typeof target === 'string' ? document.querySelector(target) : target;
  if (!(parent instanceof Element)) {
    throw new TypeError(
      `PilotStatus.connect.mount: ${typeof target === 'string' ? `no element matches "${target}"` : 'the target is not an element'}; pass a CSS selector of an element on the page, or the element itself.`,
    );
  }
  const [element, unwire] = createConnect(options);
  parent.append(element);
  return {
    element,
    destroy() {
      unwire();
      element.remove();
    },
  };
}

// The page behind an open modal does not scroll. Counted per document, in a symbol-keyed slot that every
// copy of this script shares (embed.js loaded twice, or beside the ESM build), so modals closed in any order
// give the page back the styles it had, longhand by longhand, with their priority. Through the CSSOM: a
// strict style-src allows that. With classic scrollbars, hiding the page's would widen it and shift it
// sideways: its gutter is kept (`scrollbar-gutter: stable`), or, where the root's is not kept with overflow
// hidden (WebKitGTK 2.50 accepts the property and does not), made up with padding of the same width.
interface ScrollLock {
  count: number;
  saved: string[][];
}
const LOCK = Symbol.for('pilotstatus-connect.scroll-lock');
const LOCKED = ['overflow-x', 'overflow-y', 'scrollbar-gutter', 'padding-right'];
function lockScroll(doc: Document, on: boolean): void {
  const slot = doc as Document & {[LOCK]?: ScrollLock};
  const lock = (slot[LOCK] ??= {count: 0, saved: []});
  const html = doc.documentElement;
  const root = html.style;
  if (on && lock.count++ === 0) {
    lock.saved = LOCKED.map((name) => [name, root.getPropertyValue(name), root.getPropertyPriority(name)]);
    const width = html.clientWidth;
    const gap = () => html.clientWidth - width;
    root.overflow = 'hidden';
    if (gap() > 0) root.scrollbarGutter = 'stable';
    if (gap() > 0) root.paddingRight = `calc(${getComputedStyle(html).paddingRight} + ${gap()}px)`;
  } else if (!on && lock.count > 0 && --lock.count === 0) {
    // An empty value removes the property.
    for (const [name, value, priority] of lock.saved) root.setProperty(name, value, priority);
  }
}

// The modal lives in its own shadow root, so page styles cannot reach it and it needs no <style> element
// (adopted style sheets pass a strict style-src); pages style it through its parts and custom properties. A
// native <dialog> opened with showModal() gives the backdrop, the inert page, Escape and the focus handling.
// Sizes are percentages, not vw/dvh: a modal dialog's containing block is the viewport, and WebKitGTK keeps
// the vw/dvh of an earlier, larger window inside a shadow root (the close button ended up off-screen).
// It is anchored to the top (a sheet at the bottom on phones), never centred: it must not move as Connect
// grows. The dialog scrolls, its header sticks, so the close button never scrolls away. Colours follow the
// page's own `color-scheme` through light-dark(), like the element's.
const dialogStyles = css`
  dialog {
    --_accent: var(--pilotstatus-connect-accent, light-dark(#0b7a75, #3fb9b1));
    --_on-accent: var(--pilotstatus-connect-on-accent, light-dark(#ffffff, #0d1117));
    --_bg: var(--pilotstatus-modal-background, light-dark(#ffffff, #161b22));
    --_edge: light-dark(#d0d7de, #30363d);
    box-sizing: border-box;
    width: min(480px, 100% - 32px);
    max-width: none;
    max-height: calc(100% - 64px);
    margin: 32px auto auto;
    padding: 0;
    border: 0;
    border-radius: var(--pilotstatus-modal-radius, 12px);
    overflow: auto;
    overscroll-behavior: contain;
    background: var(--_bg);
    color: var(--pilotstatus-modal-color, light-dark(#1f2328, #e6edf3));
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: var(--pilotstatus-modal-backdrop, rgb(0 0 0 / 0.5));
  }
  header {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 8px 8px 20px;
    background: var(--_bg);
    border-bottom: 1px solid var(--_edge);
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.4;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .close {
    flex: none;
    width: 40px;
    height: 40px;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    font-size: 24px;
    line-height: 1;
  }
  .close:hover,
  .close:focus-visible {
    background: light-dark(#eaeef2, #30363d);
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  footer {
    position: sticky;
    bottom: 0;
    display: flex;
    justify-content: flex-end;
    padding: 12px 20px;
    background: var(--_bg);
    border-top: 1px solid var(--_edge);
  }
  footer[hidden] {
    display: none;
  }
  .done {
    min-width: 96px;
    padding: 10px 20px;
    border: 0;
    border-radius: var(--pilotstatus-connect-radius, 8px);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  @media (max-width: 600px) {
    dialog {
      width: 100%;
      max-height: calc(100% - 16px);
      margin: auto 0 0;
      border-radius: var(--pilotstatus-modal-radius, 12px) var(--pilotstatus-modal-radius, 12px) 0 0;
    }
  }
  @media (forced-colors: active) {
    dialog {
      border: 1px solid CanvasText;
    }
    header,
    footer {
      border-color: CanvasText;
    }
    /* As specific as the rules that take their border away. */
    .close,
    .done {
      border: 1px solid ButtonText;
    }
  }
`;

/**
 * Shows Connect in a modal dialog (a bottom sheet at 600 px wide or less). Escape, the close button and,
 * once paired, "Done" close it (`onClose`, then it is removed); focus returns to where it was.
 * @throws {TypeError} when the options are not usable.
 */
export function open(options: ConnectOptions): ConnectHandle {
  checkOptions('open', options);
  const [element, unwire] = createConnect(options);
  const host = document.createElement('div');
  // The hook for page styles: `.pilotstatus-modal::part(dialog)` and the custom properties set on it.
  host.className = 'pilotstatus-modal';
  const root = host.attachShadow({mode: 'open'});
  adoptStyles(root, [dialogStyles]);
  // Appended first, so that its texts follow the page's nearest lang, as the element's do.
  document.body.append(host);
  const t = textsFor(options.lang ?? nearestLang(host));
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, part: string, text = '') => {
    const node = document.createElement(tag);
    node.setAttribute('part', part);
    node.textContent = text;
    return node;
  };
  const dialog = make('dialog', 'dialog');
  dialog.setAttribute('aria-label', t.title);
  if (options.lang !== undefined) dialog.lang = options.lang;
  const header = make('header', 'header');
  const title = make('h2', 'title', t.title);
  const close = make('button', 'close-button', '×');
  close.className = 'close';
  close.type = 'button';
  close.setAttribute('aria-label', t.close);
  header.append(title, close);
  const footer = make('footer', 'footer');
  footer.hidden = true;
  const done = make('button', 'done-button', t.done);
  done.className = 'done';
  done.type = 'button';
  footer.append(done);
  dialog.append(header, element, footer);
  root.append(dialog);

  const returnFocus = document.activeElement as HTMLElement | null;
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    unwire();
    element.removeEventListener('pilotstatus-paired', onPaired);
    dialog.removeEventListener('close', onDismiss);
    if (dialog.open) dialog.close();
    host.remove();
    lockScroll(document, false);
    returnFocus?.focus?.();
  };
  // `close` follows Escape (through `cancel`), the close button and "Done" alike.
  const onDismiss = () => {
    if (destroyed) return;
    destroy();
    options.onClose?.();
  };
  // After onPaired (wired first): "Done" appears and takes focus, or the modal closes by itself.
  const onPaired = () => {
    if (options.closeOnPaired) {
      dialog.close();
      return;
    }
    footer.hidden = false;
    done.focus();
  };
  element.addEventListener('pilotstatus-paired', onPaired);
  dialog.addEventListener('close', onDismiss);
  close.addEventListener('click', () => dialog.close());
  done.addEventListener('click', () => dialog.close());

  lockScroll(document, true);
  dialog.showModal();
  return {element, destroy};
}
