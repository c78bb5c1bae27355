// The browser tests' fixtures and waits: the mock Connect origins the runner serves (see
// web-test-runner.config.mjs), the one way to create and mount an element, drivers of the mock Connect page,
// an event recorder, and the waits: until() for a condition or a promise with a deadline, animation frames,
// a frame's load, and a fake clock. Nothing here imports the element (only its type), so a page can load any
// build of it. The reference model of the contract is in ./model.ts.
import {nextFrame, oneEvent} from '@open-wc/testing';
import FakeTimers from '@sinonjs/fake-timers';
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
let known: FixtureOrigins | undefined;
export function fixtureOrigins(): Promise<FixtureOrigins> {
  origins ??= fetch('/__connect-fixture.json')
    .then((response) => response.json() as Promise<FixtureOrigins>)
    .then((loaded) => (known = loaded));
  return origins;
}

// A root hook of every test file that imports this one: the origins are known before its first test, so that
// create() can be synchronous.
before(() => fixtureOrigins());

export const uuid = (): string => crypto.randomUUID();

/**
 * The engine running the tests, read from the user agent: for the few tests whose expectation is an engine's
 * documented behaviour (Firefox's MessageEvent constructor, moveBefore() where it exists). Only the tests name
 * the engine; the element itself relies on feature detection (README, "Browser support"). Chromium's agent
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

// --- Creating and mounting --------------------------------------------------------------------------------

export interface Placement {
  /** Where the element is appended (document.body); `null` leaves it out of the document. */
  parent?: Element | ShadowRoot | null;
  /** Its light-DOM content (slotted panels), as HTML. */
  inner?: string;
}

/**
 * The fixture: a `<pilotstatus-connect>` whose `base-url` is the mock Connect origin, with `attributes` set
 * over that (a `null` value leaves one out), created in `parent`'s document and appended to it. Not waited
 * for: the test awaits what it needs (`updateComplete`, the frame's load, an event), or uses {@link mount}.
 */
export function create(
  attributes: Record<string, string | null> = {},
  {parent = document.body, inner = ''}: Placement = {},
): PilotstatusConnect {
  if (!known) throw new Error('create() ran before the fixture origins were known: await fixtureOrigins() first');
  const el = (parent?.ownerDocument ?? document).createElement('pilotstatus-connect') as PilotstatusConnect;
  for (const [name, value] of Object.entries({'base-url': known.http, ...attributes})) {
    if (value !== null) el.setAttribute(name, value);
  }
  if (inner) el.innerHTML = inner;
  parent?.append(el);
  return el;
}

/** {@link create} with a new token (unless `attributes` has one), then waits until its Connect page has loaded. */
export async function mount(
  attributes: Record<string, string | null> = {},
  placement: Placement = {},
): Promise<{el: PilotstatusConnect; frame: HTMLIFrameElement}> {
  const el = create({token: uuid(), ...attributes}, placement);
  await el.updateComplete;
  const frame = frameOf(el);
  await nextLoad(frame);
  return {el, frame};
}

/** The one iframe in the element's shadow root (fails the test when there is not exactly one). */
export function frameOf(el: HTMLElement): HTMLIFrameElement {
  const frames = el.shadowRoot?.querySelectorAll('iframe') ?? [];
  if (frames.length !== 1) throw new Error(`expected exactly one iframe, found ${frames.length}`);
  return frames[0];
}

/** A part of the element's shadow root, by name (`null` when it is not rendered). */
export const part = (el: HTMLElement, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

// --- Waiting ----------------------------------------------------------------------------------------------

// The page's own timers, taken before any test installs a fake clock: a deadline runs on real time.
const realSetTimeout = window.setTimeout.bind(window);
const realClearTimeout = window.clearTimeout.bind(window);

/**
 * Resolves once `condition` holds: a promise settles, or a predicate (checked every animation frame) is true.
 * Fails after `ms` naming `what` (by default the predicate's source), rather than with the runner's bare test
 * timeout. Not open-wc's waitUntil: that one polls on setTimeout, which a fake clock would stop.
 */
export function until<T>(condition: Promise<T>, what?: string, ms?: number): Promise<T>;
export function until(condition: () => unknown, what?: string, ms?: number): Promise<void>;
export function until<T>(
  condition: Promise<T> | (() => unknown),
  what = typeof condition === 'function' ? String(condition) : 'the awaited promise',
  ms = 10_000,
): Promise<T | void> {
  let timer: number | undefined;
  let late = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => {
      late = true;
      reject(new Error(`no sign of ${what} within ${ms} ms`));
    }, ms);
  });
  const awaited =
    typeof condition === 'function'
      ? (async () => {
          while (!late && !condition()) await nextFrame();
        })()
      : condition;
  return Promise.race([awaited, deadline]).finally(() => realClearTimeout(timer));
}

/** Waits `count` animation frames. */
export async function frames(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await nextFrame();
}

/** The next `load` of `frame`. */
export async function nextLoad(frame: HTMLIFrameElement): Promise<void> {
  await oneEvent(frame, 'load');
}

export type Clock = ReturnType<typeof FakeTimers.install>;
const clocks: Clock[] = [];

/**
 * A fake clock for the setTimeout and clearTimeout of `win`, the window whose globals the code under test
 * calls (a frame's, for an element that frame loaded itself): timeouts and backoffs are stepped through, and
 * "nothing happens within N ms" is shown, without waiting. Animation frames, `Date`, `performance`, the
 * network and every other window keep real time. Uninstalled after the test, whether it passed or not.
 */
export function fakeClock(win: Window = window): Clock {
  const clock = FakeTimers.withGlobal(win).install({toFake: ['setTimeout', 'clearTimeout']});
  clocks.push(clock);
  return clock;
}

afterEach(() => {
  for (const clock of clocks.splice(0)) clock.uninstall();
});

// --- Driving the mock Connect page ------------------------------------------------------------------------

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

// --- What the element says --------------------------------------------------------------------------------

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
