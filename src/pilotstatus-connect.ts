import {LitElement, css, html, nothing, type PropertyValues} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import type {ConnectErrorDetail, ErrorCode, ExpiredDetail, PairedDetail} from './events.js';
import {textsFor, type Texts} from './i18n.js';
import {explainRejection, parseConnectMessage} from './protocol.js';
import {fetchToken} from './token-url.js';
import {DEFAULT_BASE_URL, brandingQuery, buildFrameUrl, checkToken, checkTokenUrl, parseBaseUrl} from './urls.js';

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
// Routes of elements with `debug`: they also get the messages no element's frame sent, to explain them.
const debugging = new Set<Route>();

function route(event: MessageEvent): void {
  const source = event.source;
  if (source && !routes.has(source)) {
    for (const entry of unkeyed) {
      const window = entry.frame.contentWindow;
      if (window) {
        entry.source = window;
        routes.set(window, entry);
        unkeyed.delete(entry);
      }
    }
  }
  const entry = source && routes.get(source);
  if (entry) entry.handler(event);
  else for (const watcher of debugging) if (watcher.view === event.currentTarget) watcher.handler(event);
}

function listen(entry: Route): void {
  const count = listeningViews.get(entry.view) ?? 0;
  if (count === 0) entry.view.addEventListener('message', route);
  listeningViews.set(entry.view, count + 1);
  unkeyed.add(entry);
}

function unlisten(entry: Route): void {
  unkeyed.delete(entry);
  debugging.delete(entry);
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
 * @fires {CustomEvent<PairedDetail>} pilotstatus-paired - The number was connected. `detail` is `{numberId?, redirectUrl?}`; `redirectUrl` is present only when it is an absolute `https:` URL (or `http:` on loopback). At most once per token. Cancelable: `preventDefault()` stops the `redirect` navigation.
 * @fires {CustomEvent<ConnectErrorDetail>} pilotstatus-error - Something failed; `detail` is `{code, message}` with `code` one of `connect-error` (reported by the Connect page, which shows it; the flow may go on), `invalid-token`, `invalid-base-url` (no frame is shown), `csp-blocked` (the page's Content-Security-Policy blocks the frame; `message` names the `frame-src` source to add), `timeout`, `token-fetch-failed`.
 * @fires {CustomEvent<ExpiredDetail>} pilotstatus-expired - The pairing link expired; mint a new token on your backend. At most once per token. With `token-url`, `detail.renewing` is `true` when the element is fetching a new link itself.
 *
 * @attribute {string} lang - The language of the built-in texts and the frame's title: `pt` (Brazilian Portuguese), `es` or English. Without it, the nearest ancestor's `lang` (across shadow roots), then the document's.
 * @attribute {"idle" | "loading" | "ready" | "paired" | "error" | "expired"} state - Reflects the read-only `state` property, for CSS such as `pilotstatus-connect[state="paired"]`.
 *
 * @slot loading - Replaces the built-in loading indicator (shown until the Connect page has loaded).
 * @slot expired - Replaces the built-in panel shown when the link expired.
 * @slot error - Replaces the built-in panel shown for the element's own errors (not `connect-error`, which the Connect page shows itself).
 *
 * @csspart frame - The `<iframe>` that shows the Connect page.
 * @csspart loading - The built-in loading indicator.
 * @csspart panel - The built-in expired and error panels.
 * @csspart retry-button - The button of those panels ("Try again", "Get a new link").
 *
 * @cssprop [--pilotstatus-connect-min-height=480px] - The frame's height until the Connect page reports its own, and the height of the loading indicator and panels shown without a frame.
 * @cssprop [--pilotstatus-connect-panel-background=#f6f8fa] - Background of the loading indicator and panels.
 * @cssprop [--pilotstatus-connect-panel-color=#1f2328] - Text colour of the loading indicator and panels.
 * @cssprop [--pilotstatus-connect-accent=#0b7a75] - The spinner and the panel button.
 * @cssprop [--pilotstatus-connect-radius=8px] - Corner radius of the panels and the button.
 *
 * @cssstate idle - No token yet.
 * @cssstate loading - The Connect page (or a token from `token-url`) is on its way.
 * @cssstate ready - The Connect page is showing.
 * @cssstate paired - The number was connected.
 * @cssstate error - Something failed (see `pilotstatus-error`).
 * @cssstate expired - The link expired.
 */
export class PilotstatusConnect extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      --_bg: var(--pilotstatus-connect-panel-background, #f6f8fa);
      --_fg: var(--pilotstatus-connect-panel-color, #1f2328);
      --_accent: var(--pilotstatus-connect-accent, #0b7a75);
      --_radius: var(--pilotstatus-connect-radius, 8px);
      --_min: var(--pilotstatus-connect-min-height, 480px);
    }
    :host([hidden]),
    [hidden] {
      display: none !important;
    }
    iframe {
      display: block;
      box-sizing: border-box;
      width: 100%;
      height: var(--_min);
      border: 0;
    }
    /* Over the frame while it loads; in its place when there is none to show. Never in the way when empty. */
    .region {
      position: absolute;
      inset: 0;
      display: flex;
      pointer-events: none;
    }
    .region.alone {
      position: static;
    }
    .box {
      flex: 1;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 16px;
      padding: 24px;
      text-align: center;
      background: var(--_bg);
      color: var(--_fg);
      border-radius: var(--_radius);
      pointer-events: auto;
    }
    .alone .box {
      min-height: var(--_min);
    }
    .spinner {
      width: 28px;
      height: 28px;
      box-sizing: border-box;
      border: 3px solid var(--_accent);
      border-right-color: transparent;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(1turn);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation: none;
        border-right-color: var(--_accent);
        opacity: 0.6;
      }
    }
    p {
      margin: 0;
    }
    button {
      font: inherit;
      padding: 8px 16px;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_accent);
      color: #fff;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
  `;

  // Declared here rather than with decorators: the decorator helpers would add bytes to every page.
  static override properties = {
    token: {},
    baseUrl: {attribute: 'base-url'},
    tokenUrl: {attribute: 'token-url'},
    redirect: {type: Boolean},
    branding: {},
    timeout: {type: Number},
    debug: {type: Boolean},
    _state: {state: true},
    _src: {state: true},
    _error: {state: true},
  };

  // `state` is a property a user reads, never writes; the attribute mirrors it and is put back if a
  // page script changes it, so `[state=…]` selectors never lie. `lang` picks the built-in texts.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'state', 'lang'];
  }

  /** The remote-pairing token (a UUID) your backend got from `POST /v1/numbers/remote-pairing`. */
  token: string | null = null;

  /**
   * Where Connect lives. `https:`, or `http:` on localhost, 127.0.0.1 or [::1] for development; never
   * this page's own origin. A path is kept: `https://proxy.example/ps` serves `/ps/connect/<token>`.
   */
  baseUrl: string | null = DEFAULT_BASE_URL;

  /**
   * A URL on this page's own origin that mints a pairing link: without a `token`, the element POSTs to it
   * (with the page's cookies) and reads `{token}` or `{remotePairingUrl}`; when the link expires, it
   * fetches a new one by itself. For pages that cannot run scripts of their own.
   */
  tokenUrl: string | null = null;

  /** When the number is paired, go to the `redirectUrl` Connect sent, unless a `pilotstatus-paired` listener calls `preventDefault()`. */
  redirect = false;

  /**
   * White-label parameters for the Connect page, which it ranks above every other branding setting: as an
   * attribute `name=Acme&primaryColor=%23ff6600`, as a property also an object. Keys are letters, digits,
   * `_` and `-` (not `token`); anything else is dropped.
   */
  branding: string | Record<string, string | number | boolean> | null = null;

  /** Milliseconds to wait for the Connect page's first message before `pilotstatus-error` `timeout`; off when unset or 0. */
  timeout: number | null = null;

  /** Explain every ignored message (wrong origin, foreign window, malformed data) with `console.debug`. */
  debug = false;

  private _state: ConnectState = 'idle';

  // Tokens that reached `paired` or `expired`: if a page sets one again (A → B → A, or a new base-url),
  // its frame is shown but its outcome is not announced a second time.
  private _finished = new Map<string, ConnectState>();
  private _token = '';

  /** The frame URL for the current token and base-url, or null when there must be no frame. */
  private _src: string | null = null;

  /** The element's own error shown in the error panel (never `connect-error`: Connect shows its own). */
  private _error: ErrorCode | null = null;

  // Bumped whenever the frame URL changes: `keyed` then renders a brand-new <iframe>, so a late message
  // from the previous document can never be attributed to the new token.
  private _generation = 0;
  private _origin = '';
  private _frame: HTMLIFrameElement | null = null;
  private _route: Route | null = null;
  private _pendingError: ConnectErrorDetail | null = null;
  private _height = -1;
  private _raf = 0;
  private _timer?: ReturnType<typeof setTimeout>;
  // Whether the current frame sent a valid message yet (what `timeout` waits for).
  private _heard = false;

  // token-url: the token fetched (used instead of `token` once the element renews a link itself), the
  // request in flight, the URL it was for (so a re-render does not ask again), and when a renewal started.
  private _fetched: string | null = null;
  private _ownToken = false;
  private _fetching: AbortController | null = null;
  private _fetchKey = '';
  private _renewedAt = -Infinity;

  private _internals = this.attachInternals?.();

  /**
   * Where the pairing flow is: `idle` (no token yet), `loading`, `ready`, `paired`, `error` or `expired`.
   * Reflected to the `state` attribute and to the custom state `:state(<state>)`; writing it has no effect.
   * @readonly
   */
  get state(): ConnectState {
    return this._state;
  }

  // Ignored, not thrown: frameworks that set every known property of an element must not crash the page.
  set state(_ignored: ConnectState) {}

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('securitypolicyviolation', this._onViolation);
    // Re-inserting the host re-inserts the iframe, which loads its document again in a new window:
    // listen to that one, and start over unless this token already reached a final state.
    if (this._frame) {
      this._listen();
      this._restart();
    } else if (this.tokenUrl && !this._src && this._state === 'loading') {
      // A token-url request dropped on disconnect (or asked for while detached) is made now.
      this._configure();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('securitypolicyviolation', this._onViolation);
    this._unlisten();
    this._stopFetch();
    cancelAnimationFrame(this._raf);
    this._raf = 0;
    clearTimeout(this._timer);
  }

  /**
   * Called instead of disconnect + connect when the element is moved with `moveBefore()`: the frame
   * keeps its document and window, so the listener stays as it is.
   * https://dom.spec.whatwg.org/#concept-node-move-ext
   * @ignore
   */
  connectedMoveCallback(): void {
    // Where the engine keeps the frame's document (Chromium), nothing changes. Firefox 153 keeps the iframe
    // but loads its document again in a new window: the route must follow it, and the flow starts over.
    const reloaded = !!this._route?.source && this._frame?.contentWindow !== this._route.source;
    this._unlisten();
    this._listen();
    if (reloaded) this._restart();
  }

  // The frame's document loads again (re-insertion, or a move that reloads it): wait for it as for a new
  // one, unless its token already reached a final state.
  private _restart(): void {
    this._heard = false;
    this._arm();
    if (this._state === 'ready' || (this._state === 'error' && !this._error)) this._setState('loading');
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'state') {
      if (value !== this._state && this.hasUpdated) this.setAttribute('state', this._state);
      return;
    }
    if (name === 'lang') {
      this.requestUpdate();
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  /**
   * Starts again after a failure: a new frame for the current token, or, with `token-url`, a new token when
   * the last one expired or could not be fetched. Does nothing once the number is paired.
   */
  retry(): void {
    if (this._state === 'paired') return;
    if (this.tokenUrl && (this._state === 'expired' || this._error === 'token-fetch-failed')) {
      this._ownToken = true;
      this._fetched = null;
      this._renewedAt = -Infinity;
    }
    this._error = null;
    this._fetchKey = '';
    this._src = null;
    this._configure();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A token set by the page takes over from one the element fetched.
    if (changed.has('token')) this._ownToken = false;
    if (changed.has('token') || changed.has('baseUrl') || changed.has('tokenUrl') || changed.has('branding')) {
      this._configure();
    }
    if (changed.has('timeout')) this._arm();
  }

  protected override updated(): void {
    const frame = this.renderRoot.querySelector('iframe');
    if (frame !== this._frame) {
      this._unlisten();
      cancelAnimationFrame(this._raf);
      this._raf = 0;
      this._frame = frame;
      this._heard = false;
      this._listen();
      this._arm();
    }
    if (this._route) {
      if (this.debug) debugging.add(this._route);
      else debugging.delete(this._route);
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
    const own =
      this._ownToken || this.token === null || this.token === undefined || (this.token === '' && !!this.tokenUrl);
    const raw = own ? this._fetched : this.token;
    const token = raw === null || raw === undefined ? null : checkToken(raw);
    let src: string | null = null;
    if (!base.ok) {
      this._fail({code: 'invalid-base-url', message: base.message});
    } else if (!token) {
      if (this.tokenUrl) this._fetch(base.url);
      else this._setState('idle');
    } else if (!token.ok) {
      this._fail({code: 'invalid-token', message: token.message});
    } else {
      src = buildFrameUrl(base.url, token.token, brandingQuery(this.branding));
      this._origin = base.url.origin;
      this._token = token.token;
    }
    // A request in flight is dropped once it is no longer wanted: a token arrived (from the page, or this very
    // request), token-url went, or base-url turned invalid. Its answer, even a failure, is then ignored.
    if (!this.tokenUrl || !base.ok || src) this._stopFetch();
    if (src !== this._src) {
      this._src = src;
      if (src) {
        this._generation++;
        this._error = null;
        this._setState(this._finished.get(this._token) ?? 'loading');
      }
    }
  }

  private _fetch(base: URL): void {
    const key = `${this.tokenUrl} ${base.href}`;
    // Asked already (in flight, or failed: retry() asks again).
    if (key === this._fetchKey) return;
    this._error = null;
    this._setState('loading');
    // A detached element asks when it is connected again.
    if (!this.isConnected) return;
    this._stopFetch();
    this._fetchKey = key;
    const view = this.ownerDocument.defaultView;
    const checked = checkTokenUrl(this.tokenUrl ?? '', this.ownerDocument.baseURI, view?.location.origin ?? 'null');
    if (!checked.ok) {
      this._fail({code: 'token-fetch-failed', message: checked.message}, true);
      return;
    }
    const controller = new AbortController();
    this._fetching = controller;
    void fetchToken(checked.url, base, controller.signal).then((result) => {
      if (this._fetching !== controller) return;
      this._fetching = null;
      if (!result.ok) {
        this._fail({code: 'token-fetch-failed', message: result.message}, true);
        return;
      }
      this._fetched = result.token;
      this._configure();
    });
  }

  private _stopFetch(): void {
    this._fetching?.abort();
    this._fetching = null;
    this._fetchKey = '';
  }

  // `later` when the error comes from a timer, a fetch or an event rather than from an update: it is
  // dispatched at once instead of after the next render.
  private _fail(error: ConnectErrorDetail, later = false): void {
    if (error.code !== 'connect-error') this._error = error.code;
    this._setState('error');
    if (later) this._dispatchError(error);
    else this._pendingError = error;
  }

  private _finish(state: 'paired' | 'expired'): void {
    this._finished.set(this._token, state);
    this._setState(state);
  }

  private _setState(next: ConnectState): void {
    this._state = next;
    if (this.getAttribute('state') !== next) this.setAttribute('state', next);
    // Custom states (`:state(paired)`). Engines that predate CSS custom states lack `states`; one early
    // Chromium accepted only `--paired` and threw on anything else.
    try {
      const states = this._internals?.states;
      states?.clear();
      states?.add(next);
    } catch {
      // The attribute above still says it.
    }
  }

  // `timeout`: restarted for each new frame (and each reload of it), stopped by its first valid message.
  private _arm(): void {
    clearTimeout(this._timer);
    // setTimeout takes at most 2^31 - 1 ms (about 24.8 days); anything longer would fire at once.
    const ms = Math.min(Number(this.timeout), 2 ** 31 - 1);
    if (this._frame && !this._heard && Number.isFinite(ms) && ms > 0 && this.isConnected) {
      this._timer = setTimeout(() => {
        if (this._state !== 'loading' && this._state !== 'ready') return;
        this._fail(
          {code: 'timeout', message: `The Connect page at ${this._origin} sent nothing within ${ms} ms.`},
          true,
        );
      }, ms);
    }
  }

  private _onViolation = (event: SecurityPolicyViolationEvent): void => {
    // Only an enforced policy blocks anything, and only for this element's frame URL (browsers report the
    // full URL, or just its origin once a redirect is involved).
    const src = this._src;
    if (!src || event.disposition !== 'enforce' || this._state === 'paired') return;
    if (event.blockedURI !== src && event.blockedURI !== this._origin) return;
    this._fail(
      {
        code: 'csp-blocked',
        message: `This page's Content-Security-Policy (${event.effectiveDirective}) blocks the Connect frame: add ${this._origin} to its frame-src directive.`,
      },
      true,
    );
  };

  private _listen(): void {
    const frame = this._frame;
    const view = frame?.ownerDocument.defaultView;
    if (!this.isConnected || !frame || !view || this._route) return;
    this._route = {frame, view, handler: this._onMessage};
    listen(this._route);
    if (this.debug) debugging.add(this._route);
  }

  private _unlisten(): void {
    if (this._route) unlisten(this._route);
    this._route = null;
  }

  private _onMessage = (event: MessageEvent): void => this._handleMessage(event);

  private _log(...what: unknown[]): void {
    if (this.debug) console.debug('<pilotstatus-connect> ignored a message:', ...what);
  }

  private _handleMessage(event: MessageEvent): void {
    // The router matched event.source already; check it against the frame as it is now, then the origin
    // by whole-string equality ('null', prefixes, suffixes, other ports and schemes all fail).
    const frame = this._frame;
    if (!frame || event.source === null || event.source !== frame.contentWindow) {
      this._log('it does not come from this element’s current frame.', event);
      return;
    }
    if (event.origin !== this._origin) {
      this._log(`its origin is ${event.origin}, not the Connect origin ${this._origin}.`, event);
      return;
    }
    if (this._state === 'paired' || this._state === 'expired') {
      this._log(`the link is already ${this._state}.`, event);
      return;
    }
    const message = parseConnectMessage(event.data);
    if (!message) {
      this._log(`${explainRejection(event.data)}.`, event.data);
      return;
    }
    if (!this._heard) {
      this._heard = true;
      clearTimeout(this._timer);
    }
    // A late first message clears a timeout: the frame is there after all. A connect-error stays until the
    // next outcome, whatever the page posts meanwhile (it resizes all the time).
    const timedOut = this._error === 'timeout';
    this._error = null;
    if (this._state === 'loading' || timedOut) this._setState('ready');
    switch (message.type) {
      case 'connect:paired': {
        this._finish('paired');
        const detail: PairedDetail = {};
        if (message.numberId !== undefined) detail.numberId = message.numberId;
        if (message.redirectUrl !== undefined) detail.redirectUrl = message.redirectUrl;
        // Only a URL that passed the redirectUrl check, and only if no listener objected.
        // Kept before dispatching: a listener may rewrite detail, never where the page goes.
        const target = detail.redirectUrl;
        if (this._dispatchPaired(detail) && this.redirect && target) {
          this.ownerDocument.defaultView?.location.assign(target);
        }
        break;
      }
      case 'connect:error':
        this._setState('error');
        this._dispatchError({code: 'connect-error', message: message.message});
        break;
      case 'connect:expired':
        this._expire();
        break;
      case 'resize':
        this._height = message.height;
        // A burst of resizes costs one style write per animation frame, with the latest height.
        this._raf ||= requestAnimationFrame(this._applyHeight);
        break;
    }
  }

  private _expire(): void {
    this._finish('expired');
    if (!this.tokenUrl) {
      this._dispatchExpired({});
      return;
    }
    // A link that was fetched a moment ago and is already expired means the backend hands out dead
    // links: fetching again would loop, so the panel's button asks the user instead.
    const renewing = performance.now() - this._renewedAt > 10_000;
    this._dispatchExpired({renewing});
    if (!renewing) return;
    this._ownToken = true;
    this._fetched = null;
    this._fetchKey = '';
    this._renewedAt = performance.now();
    this._configure();
  }

  private _applyHeight = (): void => {
    this._raf = 0;
    // Through the CSSOM, not a style attribute in the template: strict CSP pages forbid the latter.
    if (this._frame && this._height >= 0) this._frame.style.height = `${this._height}px`;
  };

  private _onLoad(): void {
    if (this._state === 'loading') this._setState('ready');
  }

  private _dispatchPaired(detail: PairedDetail): boolean {
    return this.dispatchEvent(
      new CustomEvent('pilotstatus-paired', {detail, bubbles: true, composed: true, cancelable: true}),
    );
  }

  private _dispatchError(detail: ConnectErrorDetail): void {
    this.dispatchEvent(new CustomEvent('pilotstatus-error', {detail, bubbles: true, composed: true}));
  }

  private _dispatchExpired(detail: ExpiredDetail): void {
    this.dispatchEvent(new CustomEvent('pilotstatus-expired', {detail, bubbles: true, composed: true}));
  }

  // The nearest `lang`, crossing shadow roots up to the document: the element's own, then its ancestors'.
  private _texts(): Texts {
    for (let node: Element | null = this as Element; node;) {
      // lang="" says "unknown language": English, not the next ancestor's.
      const lang = node.closest('[lang]')?.getAttribute('lang');
      if (typeof lang === 'string') return textsFor(lang);
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
    return textsFor('');
  }

  // Each template is written without another template literal inside it: the build's whitespace squeezer
  // (rollup.config.mjs) handles only templates without nested backticks.
  private _button(label: string) {
    return html`<button part="retry-button" @click=${this.retry}>${label}</button>`;
  }

  private _panel(t: Texts) {
    const state = this._state;
    const code = this._error;
    if (state === 'loading') {
      return html`<div part="loading" class="box">
        <slot name="loading"><span class="spinner"></span>${t.loading}</slot>
      </div>`;
    }
    if (state === 'expired') {
      const button = this.tokenUrl ? this._button(t.renew) : nothing;
      return html`<div part="panel" class="box">
        <slot name="expired"
          ><p>${t.expired}</p>
          ${button}</slot
        >
      </div>`;
    }
    if (state === 'error' && code && code !== 'connect-error') {
      const button = code === 'timeout' || code === 'token-fetch-failed' ? this._button(t.retry) : nothing;
      return html`<div part="panel" class="box">
        <slot name="error"
          ><p>${t.errors[code]}</p>
          ${button}</slot
        >
      </div>`;
    }
    return nothing;
  }

  // - sandbox: the tokens Connect needs and no more; the popup escape is what Meta's Embedded Signup
  //   window requires. allow-same-origin is safe only because base-url can never be this page's origin.
  // - referrerpolicy: Connect checks the embedding origin, so send it, but never the page's path or query.
  // - keyed: a new token (or base-url) is a new <iframe>, never a navigation of the old one.
  private _frameTemplate(title: string, src: string, covered: boolean) {
    return html`<iframe
      part="frame"
      title=${title}
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
      referrerpolicy="strict-origin"
      src=${src}
      ?hidden=${covered}
      @load=${this._onLoad}
    ></iframe>`;
  }

  // The status region is always in the tree, so screen readers announce what appears in it (politely).
  protected override render() {
    const t = this._texts();
    const covered = this._state === 'expired' || (this._state === 'error' && !!this._error);
    const frame = this._src ? keyed(this._generation, this._frameTemplate(t.title, this._src, covered)) : nothing;
    const alone = !this._src || covered ? 'alone' : '';
    return html`${frame}
      <div class="region ${alone}" role="status" aria-live="polite">${this._panel(t)}</div>`;
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
