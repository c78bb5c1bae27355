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
