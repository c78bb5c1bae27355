// Svelte 5 in a real browser, against the real mock Connect frame: the README's Svelte snippets, compiled by
// the Svelte compiler exactly as the README shows them (see test/plugins/framework-harness.mjs), mounted as
// an app mounts them.
import {expect} from '@open-wc/testing';
import type {PilotstatusConnect} from '../../src/pilotstatus-connect.js';
import {connectUrl, fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from '../helpers.js';
import {expectCleanUnmount, loadHarness, watchListeners} from './interop.js';

type Component = (anchor: unknown, props: Record<string, unknown>) => void;
interface Harness {
  mount: (component: Component, options: {target: Element; props: Record<string, unknown>}) => object;
  unmount: (app: object) => Promise<void>;
  flushSync: () => void;
  reactive: <T extends object>(props: T) => T;
  WhatsappConnect: Component;
  LegacyConnect: Component;
  warnings: string[];
  legacyWarnings: string[];
}

describe('Svelte 5', () => {
  let svelte: Harness;
  let origin: string;
  let container: HTMLElement;
  let listeners: ReturnType<typeof watchListeners>;

  before(async () => {
    svelte = await loadHarness<Harness>('svelte');
    origin = (await fixtureOrigins()).http;
  });
  beforeEach(() => {
    listeners = watchListeners();
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    listeners.stop();
    container.remove();
  });

  /** The rendered element once its Connect page has loaded. */
  async function loaded(): Promise<{el: PilotstatusConnect; frame: HTMLIFrameElement}> {
    const el = container.querySelector('pilotstatus-connect')!;
    await el.updateComplete;
    const frame = frameOf(el);
    if (el.state !== 'ready') await nextLoad(frame);
    return {el, frame};
  }

  it('compiles the README snippets without a warning, in Svelte 5', () => {
    expect(svelte.warnings, 'the runes snippet').to.deep.equal([]);
    expect(svelte.legacyWarnings, 'the legacy snippet').to.deep.equal([]);
    // Set by every compiled component: the major version of the Svelte runtime it runs on.
    expect((window as {__svelte?: {v: Set<string>}}).__svelte?.v.has('5')).to.equal(true);
  });

  it('the runes snippet: token as a property, base-url as an attribute, onpilotstatus-* as listeners', async () => {
    const calls: [string, unknown][] = [];
    const props = svelte.reactive({
      token: uuid(),
      baseUrl: origin,
      onPaired: (detail: unknown) => calls.push(['paired', detail]),
      onError: (detail: unknown) => calls.push(['error', detail]),
      onExpired: (...args: unknown[]) => calls.push(['expired', args]),
    });
    const app = svelte.mount(svelte.WhatsappConnect, {target: container, props});
    const {el, frame} = await loaded();
    expect(el.token).to.equal(props.token);
    expect(el.hasAttribute('token'), 'token is set as a property').to.equal(false);
    expect(el.getAttribute('base-url')).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, props.token));

    postData(frame, {type: 'connect:error', message: 'boom'});
    await until(() => calls.length === 1);
    postData(frame, {type: 'connect:paired', numberId: 'svelte', redirectUrl: 'https://app.example/done'});
    await until(() => calls.length === 2);

    // The app's state changes the prop: a new frame for the new token, which can expire.
    const next = uuid();
    props.token = next;
    svelte.flushSync();
    const {frame: nextFrame} = await loaded();
    expect(nextFrame).to.not.equal(frame);
    expect(nextFrame.src).to.equal(connectUrl(`${origin}`, next));
    postData(nextFrame, {type: 'connect:expired'});
    await until(() => calls.length === 3);
    expect(calls).to.deep.equal([
      ['error', {code: 'connect-error', message: 'boom'}],
      ['paired', {numberId: 'svelte', redirectUrl: 'https://app.example/done'}],
      ['expired', []],
    ]);
    await svelte.unmount(app);
  });

  it('the runes snippet: unmounting removes the frame and the window listener', async () => {
    const app = svelte.mount(svelte.WhatsappConnect, {
      target: container,
      props: {token: uuid(), baseUrl: origin, onPaired: () => {}},
    });
    const {el, frame} = await loaded();
    expect(listeners.count(window), 'the element listens on its window').to.be.greaterThan(0);
    await svelte.unmount(app);
    expectCleanUnmount(el, frame, listeners);
  });

  it('the legacy snippet: on:pilotstatus-paired, a new token, and unmounting', async () => {
    const calls: unknown[] = [];
    const props = svelte.reactive({token: uuid(), baseUrl: origin, onPaired: (detail: unknown) => calls.push(detail)});
    const app = svelte.mount(svelte.LegacyConnect, {target: container, props});
    const {el, frame} = await loaded();
    expect(el.token).to.equal(props.token);
    expect(frame.src).to.equal(connectUrl(`${origin}`, props.token));
    postData(frame, {type: 'connect:paired', numberId: 'svelte-legacy'});
    await until(() => calls.length === 1);
    expect(calls).to.deep.equal([{numberId: 'svelte-legacy'}]);

    const next = uuid();
    props.token = next;
    svelte.flushSync();
    const {frame: nextFrame} = await loaded();
    expect(nextFrame.src).to.equal(connectUrl(`${origin}`, next));
    await svelte.unmount(app);
    expectCleanUnmount(el, nextFrame, listeners);
  });
});
