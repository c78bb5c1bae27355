/**
 * The pairing flow as data: what the element shows, and every way that changes. Each transition takes the
 * flow and one input (the element's attributes, a message from the frame, a timer, a fetch, a CSP report)
 * and returns the next flow plus the effects the element must run: dispatch an event, resize the frame,
 * stop the timeout, renew the link. The element does the I/O; every decision is here, in one place.
 *
 * Pure: no Lit, no window, no document, no element. The caller passes the page's origin and the clock in.
 */
import type {ConnectErrorDetail, ErrorCode, ExpiredDetail, PairedDetail} from './events.js';
import type {Note} from './explain.js';
import {parseConnectMessage, rejection} from './protocol.js';
import type {ConnectState} from './types.js';
import {
  DEFAULT_BASE_URL,
  MAX_FRAME_URL_LENGTH,
  brandingQuery,
  buildFrameUrl,
  checkToken,
  checkTokenUrl,
  parseBaseUrl,
} from './urls.js';

/**
 * A link renewed through `token-url` that is already expired within this many milliseconds means the backend
 * hands out dead links: renewing again would loop, so the expired panel's button asks the user instead.
 */
export const RENEWAL_GUARD_MS = 10_000;

/**
 * At most this many automatic renewals within {@link RENEWAL_WINDOW_MS}: a Connect page that expires each link
 * a little after the guard would otherwise have the element mint links for ever. Past it the expired panel's
 * button asks the user; `retry()` (that button) starts the count again.
 */
export const MAX_RENEWALS = 3;
export const RENEWAL_WINDOW_MS = 10 * 60_000;

function mayRenew(renewals: readonly number[], now: number): boolean {
  const recent = renewals.filter((at) => now - at < RENEWAL_WINDOW_MS);
  return now - (renewals[renewals.length - 1] ?? -Infinity) > RENEWAL_GUARD_MS && recent.length < MAX_RENEWALS;
}

/** Nothing is known yet about a frame document: it has not loaded, spoken or been announced. */
const NEW_DOCUMENT = {heard: false, loaded: false, announced: false} as const;

/** What the element shows. An `error` is either Connect's own (`connect-error`, shown inside the frame) or the element's, shown in a panel. */
export type Status = {state: Exclude<ConnectState, 'error'>} | {state: 'error'; code: ErrorCode};

/** The Connect page the element shows. A new object for each new frame: the element keys its `<iframe>` on it. */
export interface Frame {
  readonly src: string;
  readonly origin: string;
  readonly token: string;
}

/** A token-url request: in flight (`pending`, or wanted while the element is detached), or failed. */
export interface TokenRequest {
  /** The token-url and base-url it was made for: asking again for the same key is a no-op until `retry()`. */
  readonly key: string;
  readonly url: string;
  readonly base: string;
  readonly pending: boolean;
}

export interface Flow {
  readonly status: Status;
  readonly frame: Frame | null;
  /** Whether the current frame document sent a valid message yet (what `timeout` waits for). */
  readonly heard: boolean;
  /** Whether the current frame element fired `load`: every later one is a new document (it navigated). */
  readonly loaded: boolean;
  /** Whether `pilotstatus-ready` was dispatched for the current frame document. */
  readonly announced: boolean;
  /**
   * Tokens that reached `paired` or `expired`: if a page sets one again (A → B → A, or a new base-url),
   * its frame is shown but its outcome is not announced a second time.
   */
  readonly finished: ReadonlyMap<string, 'paired' | 'expired'>;
  readonly request: TokenRequest | null;
  /** The token token-url gave, used instead of the `token` property while `ownToken` holds. */
  readonly fetched: string | null;
  /** The element renewed (or retried) the link itself: its fetched token wins until the page sets `token`. */
  readonly ownToken: boolean;
  /** When the element's automatic renewals started (the caller's clock, in ms), the latest last. */
  readonly renewals: readonly number[];
}

/** What the element's attributes and page say, as plain values. */
export interface Inputs {
  /** The properties as the page set them: anything, since a property may hold any value. */
  token: unknown;
  baseUrl: unknown;
  tokenUrl: string | null | undefined;
  branding: unknown;
  redirect: boolean;
  /** The language of the element's texts, forwarded to Connect unless `branding` sets `lang`. */
  lang: string;
  /** The page's used colour scheme, forwarded to Connect unless `branding` sets `colorScheme`. */
  colorScheme: 'light' | 'dark';
  /** The page's `location.origin`: Connect must not be on it. */
  pageOrigin: string;
  /** The page's base URL, which a relative token-url resolves against. */
  pageUrl: string;
}

export type Effect =
  /** Dispatch `pilotstatus-paired`; unless a listener cancels it, go to `navigate` when there is one. */
  | {type: 'paired'; detail: PairedDetail; navigate?: string}
  | {type: 'error'; detail: ConnectErrorDetail}
  | {type: 'expired'; detail: ExpiredDetail}
  | {type: 'ready'}
  | {type: 'resize'; height: number}
  /** The frame spoke: stop the timeout. */
  | {type: 'heard'}
  /** A new frame document: start the timeout again. */
  | {type: 'arm'}
  /** After the expired event: apply {@link renew}. */
  | {type: 'renew'};

/**
 * What a transition returns: the next flow, the effects to run in order, and, when a message was ignored,
 * why (for `debug`) and the data it was about. A tuple, because it is built in every transition: its keys
 * would ship in every page.
 */
export type Step = [flow: Flow, effects: Effect[], ignored?: Note, data?: unknown];

export const initialFlow: Flow = {
  status: {state: 'idle'},
  frame: null,
  heard: false,
  loaded: false,
  announced: false,
  finished: new Map(),
  request: null,
  fetched: null,
  ownToken: false,
  renewals: [],
};

const at = (state: Exclude<ConnectState, 'error'>): Status => ({state});
const same = (flow: Flow, ignored?: Note, data?: unknown): Step => (ignored ? [flow, [], ignored, data] : [flow, []]);

function fail(flow: Flow, effects: Effect[], code: ErrorCode, message: string): Flow {
  effects.push({type: 'error', detail: {code, message}});
  return {...flow, status: {state: 'error', code}};
}

/** The element's own error, shown in a panel over (or instead of) the frame; `null` for anything else. */
export function panelError(status: Status): Exclude<ErrorCode, 'connect-error'> | null {
  return status.state === 'error' && status.code !== 'connect-error' ? status.code : null;
}

/** Whether a panel hides the frame: the link expired, or the element failed on its own. */
export function covers(status: Status): boolean {
  return status.state === 'expired' || panelError(status) !== null;
}

/**
 * The inputs changed (or the element wants to look at them again): which frame to show, or which error, or
 * a token to ask token-url for. `tokenChanged` when the page set `token`: it then takes over from a token the
 * element fetched. A request in flight is dropped once it is no longer wanted: a token arrived (from the
 * page, or this very request), token-url went, or base-url turned invalid.
 */
export function configure(flow: Flow, inputs: Inputs, tokenChanged = false): Step {
  let next: Flow = tokenChanged ? {...flow, ownToken: false} : flow;
  const effects: Effect[] = [];
  const {token, tokenUrl} = inputs;
  const base = parseBaseUrl(inputs.baseUrl ?? DEFAULT_BASE_URL, inputs.pageOrigin);
  const own = next.ownToken || token === null || token === undefined || (token === '' && !!tokenUrl);
  const raw = own ? next.fetched : token;
  // A UUID, or the remotePairingUrl exactly as the API returns it for this base-url.
  const checked = raw === null || raw === undefined ? null : checkToken(raw, base.ok ? base.url : undefined);
  let frame: Frame | null = null;
  if (!base.ok) {
    next = fail(next, effects, 'invalid-base-url', base.message);
  } else if (!checked) {
    next = tokenUrl ? ask(next, effects, tokenUrl, base.url, inputs) : {...next, status: at('idle')};
  } else if (!checked.ok) {
    next = fail(next, effects, 'invalid-token', checked.message);
  } else {
    const src = buildFrameUrl(base.url, checked.token, frameQuery(inputs));
    if (src.length > MAX_FRAME_URL_LENGTH) {
      const message = `branding makes the Connect frame URL ${src.length} characters long, over the ${MAX_FRAME_URL_LENGTH} a browser reliably loads: send fewer or shorter values.`;
      next = fail(next, effects, 'invalid-branding', message);
    } else {
      frame = {src, origin: base.url.origin, token: checked.token};
    }
  }
  if (!tokenUrl || !base.ok || frame) next = {...next, request: null};
  if (frame?.src !== next.frame?.src) {
    next = {...next, frame, ...NEW_DOCUMENT};
    if (frame) next = {...next, status: at(next.finished.get(frame.token) ?? 'loading')};
  }
  return [next, effects];
}

/**
 * The frame URL's query: the `branding` keys first (Connect ranks URL parameters above every other branding
 * setting), then the element's language and the page's colour scheme, unless branding sets them itself.
 */
function frameQuery({branding, lang, colorScheme}: Inputs): string {
  const query = new URLSearchParams(brandingQuery(branding));
  if (!query.has('lang')) query.set('lang', lang);
  if (!query.has('colorScheme')) query.set('colorScheme', colorScheme);
  return query.toString();
}

function ask(flow: Flow, effects: Effect[], tokenUrl: string, base: URL, inputs: Inputs): Flow {
  const key = `${tokenUrl} ${base.href}`;
  // Asked already: in flight, or failed (retry() asks again).
  if (flow.request?.key === key) return flow;
  const checked = checkTokenUrl(tokenUrl, inputs.pageUrl, inputs.pageOrigin);
  if (!checked.ok) {
    const failed = {...flow, request: {key, url: '', base: base.href, pending: false}};
    return fail(failed, effects, 'token-fetch-failed', checked.message);
  }
  return {...flow, status: at('loading'), request: {key, url: checked.url, base: base.href, pending: true}};
}

/** What a token-url request came to; `load-failed` when the code that makes it could not be loaded. */
export type TokenFetchResult = {ok: true; token: string} | {ok: false; message: string; code?: 'load-failed'};

/** What token-url answered for the request `key`; an answer to any other request is dropped. */
export function tokenFetched(flow: Flow, key: string, result: TokenFetchResult, inputs: Inputs): Step {
  const request = flow.request;
  if (!request?.pending || request.key !== key) return same(flow);
  if (!result.ok) {
    const effects: Effect[] = [];
    return [
      fail(
        {...flow, request: {...request, pending: false}},
        effects,
        result.code ?? 'token-fetch-failed',
        result.message,
      ),
      effects,
    ];
  }
  return configure({...flow, fetched: result.token}, inputs);
}

/**
 * Starts again after a failure: a new frame for the current token, or, with token-url, a new token when the
 * last one expired or could not be fetched. Does nothing once the number is paired.
 */
export function retry(flow: Flow, inputs: Inputs): Step {
  if (flow.status.state === 'paired') return same(flow);
  const status = flow.status;
  const renew =
    !!inputs.tokenUrl &&
    (status.state === 'expired' ||
      (status.state === 'error' && (status.code === 'token-fetch-failed' || status.code === 'load-failed')));
  const fresh = renew ? {ownToken: true, fetched: null, renewals: []} : {};
  // No frame and no request: whatever configure() finds is new, so it gets a new <iframe> or a new request.
  return configure({...flow, ...fresh, frame: null, request: null}, inputs);
}

/** The link expired and token-url can mint another: fetch it and show it, as if the page had asked. */
export function renew(flow: Flow, inputs: Inputs, now: number): Step {
  const renewals = [...flow.renewals.filter((at) => now - at < RENEWAL_WINDOW_MS), now];
  return configure({...flow, ownToken: true, fetched: null, request: null, renewals}, inputs);
}

/**
 * A message from this element's current frame (the element has checked `event.source`): its origin must be
 * the Connect origin by whole-string equality (`'null'`, prefixes, suffixes, other ports and schemes all
 * fail), the link must not be final yet, and the data must parse.
 */
export function receive(flow: Flow, origin: string, data: unknown, inputs: Inputs, now: number): Step {
  const frame = flow.frame;
  if (!frame) return same(flow, ['frame']);
  if (origin !== frame.origin) return same(flow, ['origin', origin, frame.origin]);
  const {state} = flow.status;
  if (state === 'paired' || state === 'expired') return same(flow, ['final', state]);
  const message = parseConnectMessage(data);
  if (!message) return same(flow, rejection(data), data);

  const effects: Effect[] = [];
  let next = flow;
  if (!next.heard) {
    next = {...next, heard: true};
    effects.push({type: 'heard'});
  }
  next = announce(next, effects);
  // A late first message clears the element's own error (a timeout): the frame is there after all. A
  // connect-error stays until the next outcome, whatever the page posts meanwhile (it resizes all the time).
  if (state === 'loading' || panelError(next.status)) next = {...next, status: at('ready')};
  const finish = (outcome: 'paired' | 'expired'): Flow => ({
    ...next,
    status: at(outcome),
    finished: new Map(next.finished).set(frame.token, outcome),
  });
  switch (message.type) {
    case 'connect:paired': {
      const detail: PairedDetail = {};
      if (message.numberId !== undefined) detail.numberId = message.numberId;
      if (message.redirectUrl !== undefined) detail.redirectUrl = message.redirectUrl;
      // Only a URL that passed the redirectUrl check. Kept apart from detail, which a listener may rewrite:
      // it can change what it reads, never where the page goes.
      const navigate = inputs.redirect ? detail.redirectUrl : undefined;
      effects.push(navigate ? {type: 'paired', detail, navigate} : {type: 'paired', detail});
      return [finish('paired'), effects];
    }
    case 'connect:error':
      effects.push({type: 'error', detail: {code: 'connect-error', message: message.message}});
      return [{...next, status: {state: 'error', code: 'connect-error'}}, effects];
    case 'connect:expired': {
      if (!inputs.tokenUrl) {
        effects.push({type: 'expired', detail: {}});
      } else {
        const renewing = mayRenew(next.renewals, now);
        effects.push({type: 'expired', detail: {renewing}});
        if (renewing) effects.push({type: 'renew'});
      }
      return [finish('expired'), effects];
    }
    case 'resize':
      effects.push({type: 'resize', height: message.height});
      return [next, effects];
  }
}

// `pilotstatus-ready`: once per frame document, when it first loads or speaks, and never for a final token.
function announce(flow: Flow, effects: Effect[]): Flow {
  const {state} = flow.status;
  if (flow.announced || state === 'paired' || state === 'expired') return flow;
  effects.push({type: 'ready'});
  return {...flow, announced: true};
}

/**
 * The frame fired `load`: the Connect page is showing. Every load after the first is a new document in the
 * same frame (it navigated): it is waited for as a new one, so `timeout` starts again and it gets its own
 * `pilotstatus-ready`. Messages are still heard only from the Connect origin, whatever the frame shows.
 */
export function frameLoaded(flow: Flow): Step {
  if (!flow.frame) return same(flow);
  const effects: Effect[] = [];
  let next = flow;
  if (next.loaded) {
    next = restart(next)[0];
    effects.push({type: 'arm'});
  }
  next = {...next, loaded: true};
  if (next.status.state === 'loading') next = {...next, status: at('ready')};
  return [announce(next, effects), effects];
}

/**
 * The frame's document loads again (the element was re-inserted, or moved by an engine that reloads it):
 * wait for it as for a new one, unless its token already reached a final state.
 */
export function restart(flow: Flow): Step {
  const {status} = flow;
  const waiting = status.state === 'ready' || (status.state === 'error' && status.code === 'connect-error');
  return same({...flow, ...NEW_DOCUMENT, ...(waiting && {status: at('loading')})});
}

/**
 * `timeout` ms passed without a valid message from the current frame. The two usual causes are named, since
 * a Connect page that refuses this page's origin shows its refusal in the frame and posts nothing.
 */
export function timedOut(flow: Flow, ms: number, pageOrigin: string): Step {
  const {frame, status} = flow;
  if (!frame || flow.heard || (status.state !== 'loading' && status.state !== 'ready')) return same(flow);
  const effects: Effect[] = [];
  const message = `The Connect page at ${frame.origin} sent nothing within ${ms} ms: either it cannot be reached from here, or this page's origin ${pageOrigin} is not on the allowed origins of your PilotStatus account.`;
  return [fail(flow, effects, 'timeout', message), effects];
}

/** What the element reads of a `securitypolicyviolation` event. */
export interface Violation {
  blockedURI: string;
  disposition: string;
  effectiveDirective: string;
}

/**
 * The page's Content-Security-Policy reported a violation. Only an enforced policy blocks anything, and only
 * for this element's frame URL (browsers report the full URL, or just its origin once a redirect is involved).
 */
export function cspViolation(flow: Flow, violation: Violation): Step {
  const {frame} = flow;
  if (!frame || violation.disposition !== 'enforce' || flow.status.state === 'paired') return same(flow);
  if (violation.blockedURI !== frame.src && violation.blockedURI !== frame.origin) return same(flow);
  const effects: Effect[] = [];
  const message = `This page's Content-Security-Policy (${violation.effectiveDirective}) blocks the Connect frame: add ${frame.origin} to its frame-src directive.`;
  return [fail(flow, effects, 'csp-blocked', message), effects];
}
