// React 19 in Chromium, Firefox and WebKit, against the real mock Connect frame: the bare <pilotstatus-connect>
// (React 19 sets known properties, sets other props as attributes, and listens for `on<event>` props) and the
// @lit/react wrapper from dist/react.js.
import {expect} from '@open-wc/testing';
import type * as ReactTypes from 'react';
import type {Root} from 'react-dom/client';
import type {PilotstatusConnect as PilotstatusConnectElement} from '../../src/pilotstatus-connect.js';
import type {PilotstatusConnect as Wrapper} from '../../src/react.js';
import {connectUrl, fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from '../helpers.js';
import {expectCleanUnmount, loadHarness, watchListeners} from './interop.js';

interface Harness {
  React: typeof ReactTypes;
  flushSync: typeof import('react-dom').flushSync;
  createRoot: typeof import('react-dom/client').createRoot;
  PilotstatusConnect: typeof Wrapper;
}

describe('React 19', () => {
  let React: Harness['React'];
  let harness: Harness;
  let origin: string;
  let container: HTMLElement;
  let root: Root;
  let listeners: ReturnType<typeof watchListeners>;

  before(async () => {
    harness = await loadHarness<Harness>('react');
    React = harness.React;
    origin = (await fixtureOrigins()).http;
  });
  beforeEach(() => {
    listeners = watchListeners();
    container = document.createElement('div');
    document.body.append(container);
    root = harness.createRoot(container);
  });
  afterEach(() => {
    listeners.stop();
    root.unmount();
    container.remove();
  });

  const render = (node: ReactTypes.ReactNode) => harness.flushSync(() => root.render(node));

  /** The rendered element once its Connect page has loaded. */
  async function loaded(): Promise<{el: PilotstatusConnectElement; frame: HTMLIFrameElement}> {
    const el = container.querySelector('pilotstatus-connect')!;
    await el.updateComplete;
    const frame = frameOf(el);
    if (el.state !== 'ready') await nextLoad(frame);
    return {el, frame};
  }

  it('the bare element: token as a property, base-url as an attribute, onpilotstatus-* as listeners', async () => {
    const token = uuid();
    const calls: [string, unknown][] = [];
    const bare = (props: {token: string}) =>
      React.createElement('pilotstatus-connect', {
        token: props.token,
        'base-url': origin,
        'onpilotstatus-paired': (e: CustomEvent) => calls.push(['paired', e.detail]),
        'onpilotstatus-error': (e: CustomEvent) => calls.push(['error', e.detail]),
        'onpilotstatus-expired': (e: CustomEvent) => calls.push(['expired', e.detail]),
      });
    render(bare({token}));
    const {el, frame} = await loaded();
    expect(el.token).to.equal(token);
    expect(el.hasAttribute('token'), 'token is set as a property').to.equal(false);
    expect(el.getAttribute('base-url')).to.equal(origin);
    expect(el.baseUrl).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));

    postData(frame, {type: 'connect:error', message: 'boom'});
    await until(() => calls.length === 1);
    postData(frame, {type: 'connect:paired', numberId: 'react-bare', redirectUrl: 'https://app.example/done'});
    await until(() => calls.length === 2);
    expect(calls).to.deep.equal([
      ['error', {code: 'connect-error', message: 'boom'}],
      ['paired', {numberId: 'react-bare', redirectUrl: 'https://app.example/done'}],
    ]);

    // A new token from React reaches the element and loads a new frame, which can expire.
    const next = uuid();
    render(bare({token: next}));
    const {frame: nextFrame} = await loaded();
    expect(nextFrame.src).to.equal(connectUrl(`${origin}`, next));
    postData(nextFrame, {type: 'connect:expired'});
    await until(() => calls.length === 3);
    expect(calls[2]).to.deep.equal(['expired', {}]);
  });

  it('the bare element: baseUrl as a property', async () => {
    const token = uuid();
    render(React.createElement('pilotstatus-connect', {token, baseUrl: origin}));
    const {el, frame} = await loaded();
    expect(el.baseUrl).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));
  });

  it('the bare element: unmounting removes the frame and the window listener', async () => {
    const calls: unknown[] = [];
    render(
      React.createElement('pilotstatus-connect', {
        token: uuid(),
        'base-url': origin,
        'onpilotstatus-paired': (e: CustomEvent) => calls.push(e.detail),
      }),
    );
    const {el, frame} = await loaded();
    expect(listeners.count(window), 'the element listens on its window').to.be.greaterThan(0);
    root.unmount();
    expectCleanUnmount(el, frame, listeners);
    root = harness.createRoot(container);
  });

  it('the wrapper: properties, onPaired / onError / onExpired, the latest handler, and the ref', async () => {
    const {PilotstatusConnect} = harness;
    const token = uuid();
    const calls: [string, unknown][] = [];
    const ref = React.createRef<PilotstatusConnectElement>();
    const wrapped = (tag: string, props: {token: string; className?: string}) =>
      React.createElement(PilotstatusConnect, {
        ref,
        token: props.token,
        baseUrl: origin,
        className: props.className,
        onPaired: (e) => calls.push([`${tag} paired`, e.detail]),
        onError: (e) => calls.push([`${tag} error`, e.detail]),
        onExpired: (e) => calls.push([`${tag} expired`, e.detail]),
      });
    render(wrapped('first', {token, className: 'connect'}));
    const {el, frame} = await loaded();
    expect(ref.current).to.equal(el);
    expect(el.token).to.equal(token);
    expect(el.baseUrl).to.equal(origin);
    expect(el.className).to.equal('connect');
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));

    postData(frame, {type: 'connect:error', message: 'boom'});
    await until(() => calls.length === 1);
    // New handlers on re-render replace the old ones: one call each, to the latest.
    render(wrapped('second', {token}));
    postData(frame, {type: 'connect:paired', numberId: 'react-wrapper'});
    await until(() => calls.length === 2);
    expect(calls).to.deep.equal([
      ['first error', {code: 'connect-error', message: 'boom'}],
      ['second paired', {numberId: 'react-wrapper'}],
    ]);

    const next = uuid();
    render(wrapped('third', {token: next}));
    const {frame: nextFrame} = await loaded();
    expect(el.token).to.equal(next);
    postData(nextFrame, {type: 'connect:expired'});
    await until(() => calls.length === 3);
    expect(calls[2]).to.deep.equal(['third expired', {}]);
  });

  it('the wrapper: unmounting removes the frame and the window listener', async () => {
    const {PilotstatusConnect} = harness;
    render(React.createElement(PilotstatusConnect, {token: uuid(), baseUrl: origin, onPaired: () => {}}));
    const {el, frame} = await loaded();
    expect(listeners.count(el), 'onPaired is a listener on the element').to.equal(1);
    root.unmount();
    expectCleanUnmount(el, frame, listeners);
    root = harness.createRoot(container);
  });
});
