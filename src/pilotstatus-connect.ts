import {LitElement, css, html, nothing, type PropertyValues} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import type {ConnectErrorDetail, ExpiredDetail, PairedDetail} from './events.js';
import {parseConnectMessage} from './protocol.js';
import {DEFAULT_BASE_URL, buildFrameUrl, checkToken, parseBaseUrl} from './urls.js';

/** Where the pairing flow is. `paired` and `expired` are final for a token. */
export type ConnectState = 'idle' | 'loading' | 'ready' | 'paired' | 'error' | 'expired';

interface Route {
  frame: HTMLIFrameElement;
  view: Window;
  handler: (event: MessageEvent) => void;
  /** The frame's WindowProxy, once known: the `event.source` of everything the frame posts. */
  source?: Window;
}

// One `message` listener per window, however many elements it holds: each frame's WindowProxy finds its
// element in a Map, so routing costs the same for 1 or 500 elements, and a message from a window that is no
// element's current frame is dropped at once.
const routes = new Map<MessageEventSource, Route>();
// Frames are keyed by their WindowProxy lazily, on the first message from a window not yet in the Map:
// reading contentWindow right after inserting a cross-site iframe costs Chromium several milliseconds,
// which would double the element's mount time. A WindowProxy stays the same for the frame's whole life.
const unkeyed = new Set<Route>();
const listeningViews = new Map<Window, number>();

function route(event: MessageEvent): void {
  const source = event.source;
  if (!source) return;
  if (!routes.has(source)) {
    for (const entry of unkeyed) {
      const window = entry.frame.contentWindow;
      if (window) {
        entry.source = window;
        routes.set(window, entry);
        unkeyed.delete(entry);
      }
    }
  }
  routes.get(source)?.handler(event);
}

function listen(entry: Route): void {
  const count = listeningViews.get(entry.view) ?? 0;
  if (count === 0) entry.view.addEventListener('message', route);
  listeningViews.set(entry.view, count + 1);
  unkeyed.add(entry);
}

function unlisten(entry: Route): void {
  unkeyed.delete(entry);
  if (entry.source) routes.delete(entry.source);
  const count = (listeningViews.get(entry.view) ?? 1) - 1;
  if (count > 0) {
    listeningViews.set(entry.view, count);
  } else {
    listeningViews.delete(entry.view);
    entry.view.removeEventListener('message', route);
  }
}

/**
 * Embeds the PilotStatus Connect page (pair a WhatsApp number by QR code or Meta Embedded Signup) in a
 * sandboxed iframe, and turns what that page posts into DOM events.
 *
 * Only messages from this element's own current frame and from the exact Connect origin are heard;
 * only the documented fields are passed on, after checking their types.
 *
 * @summary Embeds PilotStatus Connect and re-dispatches its outcome as DOM events.
 *
 * @fires {CustomEvent<PairedDetail>} pilotstatus-paired - The number was connected. `detail` is `{numberId?, redirectUrl?}`; `redirectUrl` is present only when it is an absolute `https:` URL (or `http:` on loopback). At most once per token.
 * @fires {CustomEvent<ConnectErrorDetail>} pilotstatus-error - Something failed; `detail` is `{code, message}` with `code` one of `connect-error` (reported by the Connect page; the flow may go on), `invalid-token`, `invalid-base-url` (no frame is shown).
 * @fires {CustomEvent<ExpiredDetail>} pilotstatus-expired - The pairing link expired; mint a new token on your backend. At most once per token.
 *
 * @attribute {"idle" | "loading" | "ready" | "paired" | "error" | "expired"} state - Reflects the read-only `state` property, for CSS such as `pilotstatus-connect[state="paired"]`.
 *
 * @csspart frame - The `<iframe>` that shows the Connect page.
 *
 * @cssprop [--pilotstatus-connect-min-height=480px] - The frame's height until the Connect page reports its own.
 */
export class PilotstatusConnect extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    iframe {
      display: block;
      box-sizing: border-box;
      width: 100%;
      height: var(--pilotstatus-connect-min-height, 480px);
      border: 0;
    }
  `;

  // Declared here rather than with decorators: the decorator helpers would add bytes to every page.
  static override properties = {
    token: {},
    baseUrl: {attribute: 'base-url'},
    _state: {state: true},
    _src: {state: true},
  };

  // `state` is a property a user reads, never writes; the attribute mirrors it and is put back if a
  // page script changes it, so `[state=…]` selectors never lie.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'state'];
  }

  /** The remote-pairing token (a UUID) your backend got from `POST /v1/numbers/remote-pairing`. */
  token: string | null = null;

  /**
   * Where Connect lives. `https:`, or `http:` on localhost, 127.0.0.1 or [::1] for development; never
   * this page's own origin. A path is kept: `https://proxy.example/ps` serves `/ps/connect/<token>`.
   */
  baseUrl: string | null = DEFAULT_BASE_URL;

  private _state: ConnectState = 'idle';

  // Tokens that reached `paired` or `expired`: if a page sets one again (A → B → A, or a new base-url),
  // its frame is shown but its outcome is not announced a second time.
  private _finished = new Map<string, ConnectState>();
  private _token = '';

  /** The frame URL for the current token and base-url, or null when there must be no frame. */
  private _src: string | null = null;

  // Bumped whenever the frame URL changes: `keyed` then renders a brand-new <iframe>, so a late message
  // from the previous document can never be attributed to the new token.
  private _generation = 0;
  private _origin = '';
  private _frame: HTMLIFrameElement | null = null;
  private _route: Route | null = null;
  private _pendingError: ConnectErrorDetail | null = null;
  private _height = -1;
  private _raf = 0;

  /**
   * Where the pairing flow is: `idle` (no token yet), `loading`, `ready`, `paired`, `error` or `expired`.
   * Reflected to the `state` attribute; writing it has no effect.
   * @readonly
   */
  get state(): ConnectState {
    return this._state;
  }

  // Ignored, not thrown: frameworks that set every known property of an element must not crash the page.
  set state(_ignored: ConnectState) {}

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-inserting the host re-inserts the iframe, which loads its document again in a new window:
    // listen to that one, and start over unless this token already reached a final state.
    if (this._frame) {
      this._listen();
      if (this._state === 'ready' || this._state === 'error') this._setState('loading');
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unlisten();
    cancelAnimationFrame(this._raf);
    this._raf = 0;
  }

  /**
   * Called instead of disconnect + connect when the element is moved with `moveBefore()`: the frame
   * keeps its document and window, so the listener stays as it is.
   * https://dom.spec.whatwg.org/#concept-node-move-ext
   * @ignore
   */
  connectedMoveCallback(): void {}

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'state') {
      if (value !== this._state && this.hasUpdated) this.setAttribute('state', this._state);
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('baseUrl')) this._configure();
  }

  protected override updated(): void {
    const frame = this.renderRoot.querySelector('iframe');
    if (frame !== this._frame) {
      this._unlisten();
      cancelAnimationFrame(this._raf);
      this._raf = 0;
      this._frame = frame;
      this._listen();
    }
    const error = this._pendingError;
    if (error) {
      this._pendingError = null;
      this._dispatchError(error);
    }
  }

  private _configure(): void {
    const view = this.ownerDocument.defaultView;
    const base = parseBaseUrl(this.baseUrl ?? DEFAULT_BASE_URL, view?.location.origin ?? 'null');
    const token = this.token === null || this.token === undefined ? null : checkToken(this.token);
    let src: string | null = null;
    if (!base.ok) {
      this._fail({code: 'invalid-base-url', message: base.message});
    } else if (!token) {
      this._setState('idle');
    } else if (!token.ok) {
      this._fail({code: 'invalid-token', message: token.message});
    } else {
      src = buildFrameUrl(base.url, token.token);
      this._origin = base.url.origin;
      this._token = token.token;
    }
    if (src !== this._src) {
      this._src = src;
      if (src) {
        this._generation++;
        this._setState(this._finished.get(this._token) ?? 'loading');
      }
    }
  }

  private _fail(error: ConnectErrorDetail): void {
    this._pendingError = error;
    this._setState('error');
  }

  private _finish(state: 'paired' | 'expired'): void {
    this._finished.set(this._token, state);
    this._setState(state);
  }

  private _setState(next: ConnectState): void {
    this._state = next;
    if (this.getAttribute('state') !== next) this.setAttribute('state', next);
  }

  private _listen(): void {
    const frame = this._frame;
    const view = frame?.ownerDocument.defaultView;
    if (!this.isConnected || !frame || !view || this._route) return;
    this._route = {frame, view, handler: this._onMessage};
    listen(this._route);
  }

  private _unlisten(): void {
    if (this._route) unlisten(this._route);
    this._route = null;
  }

  private _onMessage = (event: MessageEvent): void => this._handleMessage(event);

  private _handleMessage(event: MessageEvent): void {
    // The router matched event.source already; check it against the frame as it is now, then the origin
    // by whole-string equality ('null', prefixes, suffixes, other ports and schemes all fail).
    const frame = this._frame;
    if (!frame || event.source === null || event.source !== frame.contentWindow) return;
    if (event.origin !== this._origin) return;
    if (this._state === 'paired' || this._state === 'expired') return;
    const message = parseConnectMessage(event.data);
    if (!message) return;
    if (this._state === 'loading') this._setState('ready');
    switch (message.type) {
      case 'connect:paired': {
        this._finish('paired');
        const detail: PairedDetail = {};
        if (message.numberId !== undefined) detail.numberId = message.numberId;
        if (message.redirectUrl !== undefined) detail.redirectUrl = message.redirectUrl;
        this._dispatchPaired(detail);
        break;
      }
      case 'connect:error':
        this._setState('error');
        this._dispatchError({code: 'connect-error', message: message.message});
        break;
      case 'connect:expired':
        this._finish('expired');
        this._dispatchExpired();
        break;
      case 'resize':
        this._height = message.height;
        // A burst of resizes costs one style write per animation frame, with the latest height.
        this._raf ||= requestAnimationFrame(this._applyHeight);
        break;
    }
  }

  private _applyHeight = (): void => {
    this._raf = 0;
    // Through the CSSOM, not a style attribute in the template: strict CSP pages forbid the latter.
    if (this._frame && this._height >= 0) this._frame.style.height = `${this._height}px`;
  };

  private _onLoad(): void {
    if (this._state === 'loading') this._setState('ready');
  }

  private _dispatchPaired(detail: PairedDetail): void {
    this.dispatchEvent(new CustomEvent('pilotstatus-paired', {detail, bubbles: true, composed: true}));
  }

  private _dispatchError(detail: ConnectErrorDetail): void {
    this.dispatchEvent(new CustomEvent('pilotstatus-error', {detail, bubbles: true, composed: true}));
  }

  private _dispatchExpired(): void {
    const detail: ExpiredDetail = {};
    this.dispatchEvent(new CustomEvent('pilotstatus-expired', {detail, bubbles: true, composed: true}));
  }

  // - sandbox: the tokens Connect needs and no more; the popup escape is what Meta's Embedded Signup
  //   window requires. allow-same-origin is safe only because base-url can never be this page's origin.
  // - referrerpolicy: Connect checks the embedding origin, so send it, but never the page's path or query.
  // - keyed: a new token (or base-url) is a new <iframe>, never a navigation of the old one.
  protected override render() {
    if (!this._src) return nothing;
    return keyed(
      this._generation,
      html`<iframe
        part="frame"
        title="PilotStatus Connect: link a WhatsApp number"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="strict-origin"
        src=${this._src}
        @load=${this._onLoad}
      ></iframe>`,
    );
  }
}

// Guarded so that two copies on one page (the bundled file beside embed.js, or a CDN copy beside an npm
// one) do not throw: the first definition wins.
if (typeof customElements !== 'undefined' && !customElements.get('pilotstatus-connect')) {
  customElements.define('pilotstatus-connect', PilotstatusConnect);
}

declare global {
  interface HTMLElementTagNameMap {
    'pilotstatus-connect': PilotstatusConnect;
  }
}
