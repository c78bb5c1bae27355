import {LitElement, html, nothing, type PropertyValues} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import type {ReadyDetail} from './events.js';
import type {Note} from './explain.js';
import * as flow from './flow.js';
import {watch, type Route} from './frame-router.js';
import {FrameHeight, focusContent, focusLost, inputsOf, nearestLang, showState} from './dom.js';
import {textsFor} from './i18n.js';
import {loadExplain} from './load-explain.js';
import {panel} from './panels.js';
import {styles} from './pilotstatus-connect.styles.js';
import {TokenUrlController} from './token-url-controller.js';
import type {ConnectState} from './types.js';
import {DEFAULT_BASE_URL} from './urls.js';

export type {ConnectState} from './types.js';

// Every event of the element: it bubbles and crosses shadow roots, so a listener on `document` hears it.
const EVENT = {bubbles: true, composed: true} as const;

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
 * @fires {CustomEvent<ConnectErrorDetail>} pilotstatus-error - Something failed; `detail` is `{code, message}` with `code` one of `connect-error` (reported by the Connect page, which shows it; the flow may go on), `invalid-token`, `invalid-base-url`, `invalid-branding` (no frame is shown), `csp-blocked` (the page's Content-Security-Policy blocks the frame; `message` names the `frame-src` source to add), `timeout` (`message` names the likely causes), `token-fetch-failed`.
 * @fires {CustomEvent<ReadyDetail>} pilotstatus-ready - The Connect page loaded or first spoke, whichever came first: once per frame document, never once the link is paired or expired. For hiding your own skeleton or measuring load time.
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
 * @cssprop [--pilotstatus-connect-min-height=520px] - The frame's height until the Connect page reports its own (after that, the last height it reported), and the loading indicator's height without a frame.
 * @cssprop [--pilotstatus-connect-panel-background=light-dark(#f6f8fa, #161b22)] - Background of the loading indicator and panels; follows the page's `color-scheme`.
 * @cssprop [--pilotstatus-connect-panel-color=light-dark(#1f2328, #e6edf3)] - Text colour of the loading indicator and panels.
 * @cssprop [--pilotstatus-connect-accent=light-dark(#0b7a75, #3fb9b1)] - The loading indicator, the panel icon and the panel button.
 * @cssprop [--pilotstatus-connect-on-accent=light-dark(#ffffff, #0d1117)] - Text on the accent (the panel button's label).
 * @cssprop [--pilotstatus-connect-radius=8px] - Corner radius of the frame, the panels and the button.
 *
 * @cssstate idle - No token yet.
 * @cssstate loading - The Connect page (or a token from `token-url`) is on its way.
 * @cssstate ready - The Connect page is showing.
 * @cssstate paired - The number was connected.
 * @cssstate error - Something failed (see `pilotstatus-error`).
 * @cssstate expired - The link expired.
 */
export class PilotstatusConnect extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the decorator helpers would add bytes to every page.
  static override properties = {
    token: {},
    baseUrl: {attribute: 'base-url'},
    tokenUrl: {attribute: 'token-url'},
    redirect: {type: Boolean},
    renewable: {type: Boolean},
    branding: {},
    timeout: {type: Number},
    debug: {type: Boolean},
    _flow: {state: true},
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
   * The page mints new links itself (the drop-in's `onExpired` returns one): the expired panel offers its
   * "Get a new link" button without `token-url`. The page hears the press as a click on `::part(retry-button)`
   * and sets a new `token`.
   */
  renewable = false;

  /**
   * White-label parameters for the Connect page, which it ranks above every other branding setting: as an
   * attribute `name=Acme&primaryColor=%23ff6600`, as a property also an object. Keys are letters, digits,
   * `_` and `-` (not `token`); anything else is dropped.
   */
  branding: string | Record<string, string | number | boolean> | null = null;

  /**
   * Milliseconds to wait for the Connect page's first message before `pilotstatus-error` `timeout`; `0` turns
   * it off. A page that Connect refuses to serve (its origin is not on the account's allowed origins) loads but
   * never speaks: this is what says so. A message that comes later still recovers.
   */
  timeout: number | null = 30_000;

  /** Explain every ignored message (wrong origin, foreign window, malformed data) with `console.debug`. */
  debug = false;

  // Every decision about the flow is in flow.ts; this element only feeds it inputs and runs its effects.
  private _flow: flow.Flow = flow.initialFlow;
  // Effects of transitions made during an update run once it has rendered, so listeners see the new DOM.
  private _queued: flow.Effect[] = [];
  private _frame: HTMLIFrameElement | null = null;
  private _route: Route | null = null;
  private _height = new FrameHeight(() => this._frame);
  private _timer?: ReturnType<typeof setTimeout>;
  private _tokenUrl = new TokenUrlController(this, (key, result) =>
    this._step(flow.tokenFetched(this._flow, key, result, inputsOf(this))),
  );
  private _internals = this.attachInternals?.();
  // Whether focus was inside the element before an update that may replace what had it.
  private _hadFocus = false;

  /**
   * Where the pairing flow is: `idle` (no token yet), `loading`, `ready`, `paired`, `error` or `expired`.
   * Reflected to the `state` attribute and to the custom state `:state(<state>)`; writing it has no effect.
   * @readonly
   */
  get state(): ConnectState {
    return this._flow.status.state;
  }

  // Ignored, not thrown: frameworks that set every known property of an element must not crash the page.
  set state(_ignored: ConnectState) {}

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('securitypolicyviolation', this._onViolation);
    // Re-inserting the host re-inserts the iframe, which loads its document again in a new window.
    if (this._frame) this._watch(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('securitypolicyviolation', this._onViolation);
    this._unwatch();
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
    this._unwatch();
    this._watch(reloaded);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'state') {
      if (value !== this.state && this.hasUpdated) this.setAttribute('state', this.state);
    } else if (name === 'lang') {
      this.requestUpdate();
    } else {
      super.attributeChangedCallback(name, old, value);
    }
  }

  /**
   * Starts again after a failure: a new frame for the current token, or, with `token-url`, a new token when
   * the last one expired or could not be fetched. Does nothing once the number is paired.
   */
  retry(): void {
    this._step(flow.retry(this._flow, inputsOf(this)));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this._hadFocus = !focusLost(this);
    if (changed.has('token') || changed.has('baseUrl') || changed.has('tokenUrl') || changed.has('branding')) {
      this._step(flow.configure(this._flow, inputsOf(this), changed.has('token')), false);
    }
    if (changed.has('timeout')) this._arm();
  }

  protected override updated(): void {
    const frame = this.renderRoot.querySelector('iframe');
    if (frame !== this._frame) {
      this._unwatch();
      this._frame = frame;
      this._watch(false);
    }
    this._height.apply(this.renderRoot.querySelector<HTMLElement>('.alone > [part="loading"]'), 'minHeight');
    if (this._route) this._route.debug = this.debug;
    // Fetch debug's sentences as soon as it is on, so they are there by the first line.
    if (this.debug) void loadExplain();
    // What had focus was replaced (a panel, the loading indicator) or hidden (the frame, by expiry or an
    // error): give it to what stands there now, never to <body>. Focus that was elsewhere stays there.
    if (this._hadFocus && focusLost(this)) focusContent(this.renderRoot, this._frame);
    this._hadFocus = false;
    const effects = this._queued;
    this._queued = [];
    for (const effect of effects) this._run(effect);
  }

  /** Applies a transition: the new flow now, its effects now or (during an update) once it has rendered. */
  private _step([next, effects, ignored, data]: flow.Step, now = true): void {
    if (ignored) this._say(ignored, data);
    this._flow = next;
    showState(this, this._internals, next.status.state);
    this._tokenUrl.sync(next.request);
    if (now) for (const effect of effects) this._run(effect);
    else this._queued.push(...effects);
  }

  private _run(effect: flow.Effect): void {
    switch (effect.type) {
      case 'paired':
        // A literal dispatch, as for every event here: the manifest analyzer reads them.
        if (
          this.dispatchEvent(
            new CustomEvent('pilotstatus-paired', {...EVENT, detail: effect.detail, cancelable: true}),
          ) &&
          effect.navigate
        ) {
          this.ownerDocument.defaultView?.location.assign(effect.navigate);
        }
        break;
      case 'error':
        this.dispatchEvent(new CustomEvent('pilotstatus-error', {...EVENT, detail: effect.detail}));
        break;
      case 'expired':
        this.dispatchEvent(new CustomEvent('pilotstatus-expired', {...EVENT, detail: effect.detail}));
        break;
      case 'ready':
        this.dispatchEvent(new CustomEvent('pilotstatus-ready', {...EVENT, detail: {} satisfies ReadyDetail}));
        break;
      case 'arm':
        this._say(['reloaded']);
        this._arm();
        break;
      case 'renew':
        this._step(flow.renew(this._flow, inputsOf(this), performance.now()));
        break;
      case 'heard':
        clearTimeout(this._timer);
        break;
      case 'resize':
        this._height.set(effect.height);
        break;
    }
  }

  // Listen to the current frame's window; `reloaded` when its document loads again (re-insertion, or a move
  // that reloads it): the flow then waits for it as for a new one, unless its token already reached a final state.
  private _watch(reloaded: boolean): void {
    if (this._frame && this.isConnected) this._route = watch(this._frame, this._onMessage);
    if (reloaded) this._step(flow.restart(this._flow));
    this._arm();
  }

  private _unwatch(): void {
    this._route?.stop();
    this._route = null;
    this._height.cancel();
  }

  // `timeout`: restarted for each new frame (and each reload of it), stopped by its first valid message.
  private _arm(): void {
    clearTimeout(this._timer);
    // setTimeout takes at most 2^31 - 1 ms (about 24.8 days); anything longer would fire at once.
    const ms = Math.min(Number(this.timeout), 2 ** 31 - 1);
    if (this._frame && !this._flow.heard && Number.isFinite(ms) && ms > 0 && this.isConnected) {
      this._timer = setTimeout(() => this._step(flow.timedOut(this._flow, ms, inputsOf(this).pageOrigin)), ms);
    }
  }

  private _onViolation = (event: SecurityPolicyViolationEvent): void =>
    this._step(flow.cspViolation(this._flow, event));

  private _onMessage = (event: MessageEvent): void => {
    // The router matched event.source already; check it against the frame as it is now.
    if (event.source === null || event.source !== this._frame?.contentWindow) {
      this._say(['frame']);
    } else {
      this._step(flow.receive(this._flow, event.origin, event.data, inputsOf(this), performance.now()));
    }
  };

  // debug's lines, worded by a chunk fetched once debug is on: they wait for it, and stay in order.
  private _say(note: Note, data?: unknown): void {
    if (!this.debug) return;
    const args = data === undefined ? [] : [data];
    void loadExplain().then((explain) => console.debug(explain ? explain(note) : note, ...args));
  }

  private _onLoad(): void {
    this._step(flow.frameLoaded(this._flow));
  }

  // The status region is always in the tree, so screen readers announce what appears in it (politely).
  // - sandbox: the tokens Connect needs and no more; the popup escape is what Meta's Embedded Signup
  //   window requires. allow-same-origin is safe only because base-url can never be this page's origin.
  // - referrerpolicy: Connect checks the embedding origin, so send it, but never the page's path or query.
  // - keyed: a new token (or base-url) is a new <iframe>, never a navigation of the old one, so a late
  //   message from the previous document can never be attributed to the new token.
  protected override render() {
    const t = textsFor(nearestLang(this));
    const {frame, status} = this._flow;
    const covered = flow.covers(status);
    const iframe = (src: string) =>
      html`<iframe
        part="frame"
        title=${t.title}
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="strict-origin"
        src=${src}
        ?hidden=${covered}
        @load=${this._onLoad}
      ></iframe>`;
    return html`${frame ? keyed(frame, iframe(frame.src)) : nothing}
      <div class="region ${!frame || covered ? 'alone' : ''}" role="status" aria-live="polite">
        ${panel(status, t, !!(this.tokenUrl || this.renewable), this.retry)}
      </div>`;
  }
}
