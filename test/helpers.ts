// Test helpers that talk to the mock Connect pages served by the runner plugin (see
// web-test-runner.config.mjs). Nothing here imports the element, so a test page can load any build of it.
import type {PilotstatusConnect} from '../src/pilotstatus-connect.js';

export interface FixtureOrigins {
  /** The mock Connect origin the elements point at. */
  http: string;
  /** The same server over TLS: the same host and port, another scheme. */
  https: string;
  /** The same pages on another port. */
  otherPort: string;
  /** The same server under another host name (`localhost`). */
  otherHost: string;
  /** A host that starts like the Connect host: `127.0.0.1.evil.localhost`. */
  suffixHost: string;
}

let origins: Promise<FixtureOrigins> | undefined;
export function fixtureOrigins(): Promise<FixtureOrigins> {
  origins ??= fetch('/__connect-fixture.json').then((response) => response.json() as Promise<FixtureOrigins>);
  return origins;
}

export const uuid = (): string => crypto.randomUUID();

/**
 * The engine running the tests, read from the user agent: for the few tests whose expectation is an engine's
 * documented behaviour (Firefox's MessageEvent constructor, moveBefore() where it exists). Chromium's agent
 * names AppleWebKit too, so it is recognised first.
 */
export function browserEngine(): 'chromium' | 'firefox' | 'webkit' {
  const agent = navigator.userAgent;
  if (/\bFirefox\//.test(agent)) return 'firefox';
  if (/\b(?:HeadlessChrome|Chrome|Chromium)\//.test(agent)) return 'chromium';
  if (/\bAppleWebKit\//.test(agent)) return 'webkit';
  throw new Error(`no known engine in the user agent ${agent}`);
}

export const EVENTS = ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired'] as const;

/** The one iframe in the element's shadow root (fails the test when there is not exactly one). */
export function frameOf(el: HTMLElement): HTMLIFrameElement {
  const frames = el.shadowRoot?.querySelectorAll('iframe') ?? [];
  if (frames.length !== 1) throw new Error(`expected exactly one iframe, found ${frames.length}`);
  return frames[0];
}

export function nextLoad(frame: HTMLIFrameElement): Promise<void> {
  return new Promise((resolve) => frame.addEventListener('load', () => resolve(), {once: true}));
}

export const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

export async function frames(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await nextFrame();
}

/** Resolves once `predicate` holds, checked every animation frame (the test's own timeout bounds it). */
export async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await nextFrame();
}

/** Appends a `<pilotstatus-connect>` pointed at the mock, and waits until its Connect page has loaded. */
export async function mountConnect(
  options: {token?: string; baseUrl?: string; parent?: HTMLElement} = {},
): Promise<{el: PilotstatusConnect; frame: HTMLIFrameElement}> {
  const el = document.createElement('pilotstatus-connect') as PilotstatusConnect;
  el.baseUrl = options.baseUrl ?? (await fixtureOrigins()).http;
  el.token = options.token ?? uuid();
  (options.parent ?? document.body).append(el);
  await el.updateComplete;
  const frame = frameOf(el);
  await nextLoad(frame);
  return {el, frame};
}

export type Posted = {data: unknown} | {json: string};

/** Makes the Connect page in `frame` post each message to its parent, in order, synchronously. */
export function post(frame: HTMLIFrameElement, messages: Posted[], targetOrigin = '*'): void {
  frame.contentWindow!.postMessage({drive: 'post', messages, targetOrigin}, '*');
}

/** Shorthand for {@link post} with plain data. */
export function postData(frame: HTMLIFrameElement, ...data: unknown[]): void {
  post(
    frame,
    data.map((d) => ({data: d})),
  );
}

/** Navigates the document inside `frame` (same frame element, same WindowProxy) and waits for it. */
export async function navigateFrame(frame: HTMLIFrameElement, url: string): Promise<void> {
  const loaded = nextLoad(frame);
  frame.contentWindow!.postMessage({drive: 'navigate', url}, '*');
  await loaded;
}

export interface Recorded {
  type: string;
  detail: unknown;
  event: CustomEvent;
}

/** Records every pilotstatus-* event of `target`, in order. */
export function record(target: EventTarget): {
  events: Recorded[];
  types: () => string[];
  waitFor: (count: number) => Promise<Recorded[]>;
  stop: () => void;
} {
  const events: Recorded[] = [];
  let wake: (() => void) | undefined;
  const listener = (event: Event) => {
    const custom = event as CustomEvent;
    events.push({type: event.type, detail: custom.detail, event: custom});
    wake?.();
  };
  for (const type of EVENTS) target.addEventListener(type, listener);
  return {
    events,
    types: () => events.map((e) => e.type),
    async waitFor(count) {
      while (events.length < count) await new Promise<void>((resolve) => (wake = resolve));
      return events;
    },
    stop: () => {
      for (const type of EVENTS) target.removeEventListener(type, listener);
    },
  };
}

/** A message the element must hear: posted after a case that must be ignored, it proves the case was. */
export const CONTROL = {type: 'connect:error', message: 'control'};

// ---------------------------------------------------------------------------------------------------------
// Reference model of the message contract, for the property, model, stress and fault tests. Written from the
// README's "Security model" and "Events" sections (what users are promised), not from src/: the property tests
// hold the parser to it.

/** A `connect:*` or `resize` message as the contract says the element must understand it. */
export type ReferenceMessage =
  | {type: 'connect:paired'; numberId?: string; redirectUrl?: string}
  | {type: 'connect:error'; message: string}
  | {type: 'connect:expired'}
  | {type: 'resize'; height: number};

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** `redirectUrl` as the contract keeps it: an absolute https: URL, or http: on loopback, as the browser parses it. */
export function referenceRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const web = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
  return web ? url.href : undefined;
}

/** At most 1,000 UTF-16 code units, an ellipsis marking a cut, and never half of a surrogate pair at the cut. */
export function referenceClip(text: string): string {
  if (text.length <= 1000) return text;
  let kept = text.slice(0, 999);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * Whether a `numberId` string is within the contract's limits: at most 256 UTF-16 code units, and no control
 * character: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), the line and paragraph separators
 * (U+2028, U+2029) and the Unicode Bidi_Control characters (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069). Spelled out code by code (no regular expression shared with src/).
 */
export function referenceNumberIdOk(numberId: string): boolean {
  if (numberId.length > 256) return false;
  for (let i = 0; i < numberId.length; i++) {
    const code = numberId.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return false;
    if (code === 0x2028 || code === 0x2029 || code === 0x061c || code === 0x200e || code === 0x200f) return false;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return false;
  }
  return true;
}

/**
 * What parseConnectMessage must make of `data`: `null` for anything but a plain (or null-prototype) object
 * whose own `type` is one of the four, with fields of the documented types. "Plain" by the prototype chain's
 * shape, so that an object of another realm counts: its prototype is null, or has a null prototype itself.
 * Optional strings may be absent, `undefined` or `null`; a wrong-typed `numberId` or `message`, or a
 * `numberId` past its limits ({@link referenceNumberIdOk}), voids the whole message; an unusable
 * `redirectUrl` is dropped while the pairing stays; a blank error message becomes `defaultMessage`.
 */
export function referenceMessage(data: unknown, defaultMessage: string): ReferenceMessage | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return null;
  const field = (key: string): unknown =>
    Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
  const type = field('type');
  if (type === 'connect:expired') return {type};
  if (type === 'connect:paired') {
    const numberId = field('numberId');
    if (numberId !== undefined && numberId !== null && typeof numberId !== 'string') return null;
    if (typeof numberId === 'string' && !referenceNumberIdOk(numberId)) return null;
    const message: ReferenceMessage = {type};
    if (typeof numberId === 'string') message.numberId = numberId;
    const redirectUrl = referenceRedirect(field('redirectUrl'));
    if (redirectUrl !== undefined) message.redirectUrl = redirectUrl;
    return message;
  }
  if (type === 'connect:error') {
    const text = field('message');
    if (text === undefined || text === null) return {type, message: defaultMessage};
    if (typeof text !== 'string') return null;
    return {type, message: /^\s*$/.test(text) ? defaultMessage : referenceClip(text)};
  }
  if (type === 'resize') {
    const height = field('height');
    if (typeof height !== 'number' || Number.isNaN(height) || height < 0 || height === Infinity) return null;
    return {type, height: Math.min(Math.round(height), 10_000)};
  }
  return null;
}

/** The contract's token, spelled out character by character (no regular expression shared with src/). */
export function referenceToken(token: string): boolean {
  if (token.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = token.charCodeAt(i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const hex = (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
    if (dash ? code !== 45 : !hex) return false;
  }
  return true;
}

/**
 * The UUID the contract finds in a `token` (or a token-url answer's field) given the checked base-url, or
 * `null`: a UUID as it is, or, with a base-url, the remotePairingUrl exactly as the API returns it, which is
 * the string `<base origin><base path without trailing slashes>/connect/<uuid>` and nothing else (so no
 * credentials, no other spelling of the same URL, nothing after the UUID).
 */
export function referenceTokenOf(value: unknown, base?: URL): string | null {
  if (typeof value !== 'string') return null;
  if (referenceToken(value)) return value;
  if (!base || value.length < 36) return null;
  const id = value.slice(-36);
  const expected = `${base.origin}${base.pathname.replace(/\/+$/, '')}/connect/${id}`;
  return referenceToken(id) && value === expected ? id : null;
}

/** The event a reference message becomes on the element (resize becomes none), as recorded by {@link record}. */
export function referenceEvent(message: ReferenceMessage | null): {type: string; detail: unknown} | null {
  if (!message) return null;
  switch (message.type) {
    case 'connect:paired': {
      const detail: Record<string, string> = {};
      if (message.numberId !== undefined) detail.numberId = message.numberId;
      if (message.redirectUrl !== undefined) detail.redirectUrl = message.redirectUrl;
      return {type: 'pilotstatus-paired', detail};
    }
    case 'connect:error':
      return {type: 'pilotstatus-error', detail: {code: 'connect-error', message: message.message}};
    case 'connect:expired':
      return {type: 'pilotstatus-expired', detail: {}};
    default:
      return null;
  }
}

/** Collects every uncaught exception and unhandled rejection that reaches the page until `stop()`. */
export function watchPageErrors(): {errors: unknown[]; stop: () => void} {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(event.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/**
 * Resolves once `count` messages whose data is `{marker}` have reached this window from `source`. Messages
 * from one window arrive in the order it posted them, and every `message` listener runs for each before the
 * next is dispatched: so a marker proves that everything its sender posted before it has been handled.
 */
export function markerFrom(source: MessageEventSource, marker: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== source || (event.data as {marker?: unknown} | null)?.marker !== marker) return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
}

/**
 * The frame URL the element builds: `<base>/connect/<token>`, then the branding query, then the forwarded
 * language and colour scheme (the test pages are English and light).
 */
export function connectUrl(base: string, token: string, query = ''): string {
  return `${base}/connect/${token}?${query ? `${query}&` : ''}lang=en&colorScheme=light`;
}
