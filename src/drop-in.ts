/**
 * The drop-in for the existing PilotStatus SDK: `open()` (a centred modal) and `mount()` (inline), built on
 * `<pilotstatus-connect>`, with the SDK's callbacks (`onPaired`, `onError`, `onExpired`) plus `onClose`.
 *
 * Nothing here runs on import: importing this module in Node or during server-side rendering touches
 * neither `window` nor `document`.
 */
import {adoptStyles, css} from 'lit';
import type {ConnectErrorDetail, PairedDetail} from './events.js';
// For its definition: open() and mount() create the element.
import './define.js';
import type {PilotstatusConnect} from './pilotstatus-connect.js';

/** What `open()` and `mount()` take. */
export interface ConnectOptions {
  /** The remote-pairing token (a UUID) your backend got from `POST /v1/numbers/remote-pairing`. */
  token: string;
  /** Where Connect lives; default `https://connect.pilotstatus.com.br`. */
  baseUrl?: string;
  /** The number was connected: `d = {numberId?, redirectUrl?}`. */
  onPaired?: (d: PairedDetail) => void;
  /** Something failed: `e = {message, code}`. */
  onError?: (e: ConnectErrorDetail) => void;
  /** The pairing link expired: mint a new one. */
  onExpired?: () => void;
  /** The user dismissed the modal (Escape or the close button). `open()` only. */
  onClose?: () => void;
}

/** What `open()` and `mount()` return. */
export interface ConnectHandle {
  /** The `<pilotstatus-connect>` element. */
  element: PilotstatusConnect;
  /** Removes everything `open()`/`mount()` added (dialog, element, listeners). Safe to call twice. */
  destroy(): void;
}

const CALLBACKS = ['onPaired', 'onError', 'onExpired', 'onClose'] as const;

// Programmer errors throw at once, with what to pass; failures at run time go to onError instead.
function checkOptions(where: string, options: ConnectOptions | undefined): ConnectOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`PilotStatus.connect.${where}: pass an options object, e.g. {token, onPaired}.`);
  }
  if (typeof options.token !== 'string' || !options.token) {
    throw new TypeError(
      `PilotStatus.connect.${where}: options.token is required: the UUID your backend got from POST /v1/numbers/remote-pairing.`,
    );
  }
  for (const name of CALLBACKS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`PilotStatus.connect.${where}: options.${name} must be a function.`);
    }
  }
  return options;
}

/** Creates the element with its callbacks wired; returns it and how to unwire them. */
function createConnect(options: ConnectOptions): [PilotstatusConnect, () => void] {
  const element = document.createElement('pilotstatus-connect');
  if (options.baseUrl !== undefined) element.baseUrl = options.baseUrl;
  element.token = options.token;
  // Fresh objects of exactly the documented shape, whatever the event carries.
  const onPaired = ({detail}: CustomEvent<PairedDetail>) => options.onPaired?.({...detail});
  const onError = ({detail}: CustomEvent<ConnectErrorDetail>) =>
    options.onError?.({message: detail.message, code: detail.code});
  const onExpired = () => options.onExpired?.();
  element.addEventListener('pilotstatus-paired', onPaired);
  element.addEventListener('pilotstatus-error', onError);
  element.addEventListener('pilotstatus-expired', onExpired);
  return [
    element,
    () => {
      element.removeEventListener('pilotstatus-paired', onPaired);
      element.removeEventListener('pilotstatus-error', onError);
      element.removeEventListener('pilotstatus-expired', onExpired);
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

// The modal lives in its own shadow root, so page styles cannot reach it and it needs no <style> element
// (adopted style sheets pass a strict style-src). A native <dialog> opened with showModal() gives the
// backdrop, the inert page, Escape and the focus handling. Sizes are percentages, not vw/dvh: a modal
// dialog's containing block is the viewport, and WebKitGTK keeps the vw/dvh of an earlier, larger window
// inside a shadow root (the close button ended up off-screen).
const dialogStyles = css`
  dialog {
    box-sizing: border-box;
    width: min(480px, 100% - 16px);
    max-width: none;
    max-height: calc(100% - 16px);
    padding: 40px 0 0;
    border: 0;
    border-radius: 12px;
    overflow: auto;
    overscroll-behavior: contain;
    background: #fff;
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  button {
    position: absolute;
    top: 4px;
    right: 4px;
    width: 36px;
    height: 36px;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: #333;
    font:
      24px/1 system-ui,
      sans-serif;
    cursor: pointer;
  }
  button:hover,
  button:focus-visible {
    background: #eee;
  }
`;

/**
 * Shows Connect in a centred modal dialog. Escape or the close button dismiss it (`onClose`, then the
 * dialog is removed); focus returns to where it was.
 * @throws {TypeError} when the options are not usable.
 */
export function open(options: ConnectOptions): ConnectHandle {
  checkOptions('open', options);
  const [element, unwire] = createConnect(options);
  const host = document.createElement('div');
  const root = host.attachShadow({mode: 'open'});
  adoptStyles(root, [dialogStyles]);
  const dialog = document.createElement('dialog');
  dialog.setAttribute('aria-label', 'Connect a WhatsApp number');
  const close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  close.textContent = '×';
  dialog.append(close, element);
  root.append(dialog);

  const returnFocus = document.activeElement as HTMLElement | null;
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    unwire();
    dialog.removeEventListener('close', onDismiss);
    if (dialog.open) dialog.close();
    host.remove();
    returnFocus?.focus?.();
  };
  // `close` follows Escape (through `cancel`) and the close button alike.
  const onDismiss = () => {
    if (destroyed) return;
    destroy();
    options.onClose?.();
  };
  dialog.addEventListener('close', onDismiss);
  close.addEventListener('click', () => dialog.close());

  document.body.append(host);
  dialog.showModal();
  return {element, destroy};
}
