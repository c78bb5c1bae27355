// Angular 20 in a real browser, against the real mock Connect frame: the README's standalone component
// (CUSTOM_ELEMENTS_SCHEMA, `[token]`, `[attr.base-url]`, `(pilotstatus-paired)`) exactly as the README shows
// it, compiled just in time and run with zoneless change detection, no zone.js on the page.
import {expect} from '@open-wc/testing';
import type {PilotstatusConnect} from '../../src/pilotstatus-connect.js';
import {connectUrl, fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from '../helpers.js';
import {expectCleanUnmount, loadHarness, watchListeners} from './interop.js';

interface Signal<T> {
  (): T;
  set(value: T): void;
}
interface App {
  app: {destroy(): void};
  page: {token: Signal<string>};
  calls: [string, unknown][];
}
interface Harness {
  bootstrap(host: Element, inputs: {token: string; baseUrl: string}): Promise<App>;
}

describe('Angular 20', () => {
  let angular: Harness;
  let origin: string;
  let host: HTMLElement;
  let listeners: ReturnType<typeof watchListeners>;
  // Angular reports the template mistakes it renders on anyway (NG0304 "'x' is not a known element", NG0303
  // "Can't bind to 'x' since it isn't a known property") with console.error, not a throw: caught here, from
  // before the app boots to the end of each test, so that they fail it.
  let consoleErrors: string[];
  let consoleError: typeof console.error;

  before(async () => {
    angular = await loadHarness<Harness>('angular');
    origin = (await fixtureOrigins()).http;
  });
  beforeEach(() => {
    consoleErrors = [];
    consoleError = console.error;
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args.map(String).join(' '));
      consoleError.apply(console, args);
    };
    listeners = watchListeners();
    host = document.createElement('connect-page');
    document.body.append(host);
  });
  afterEach(() => {
    console.error = consoleError;
    listeners.stop();
    host.remove();
  });

  /** The rendered element once it shows the frame for `token` and its Connect page has loaded. */
  async function loaded(token: string): Promise<{el: PilotstatusConnect; frame: HTMLIFrameElement}> {
    // Zoneless change detection runs on its own schedule after a change: wait for the element to follow.
    await until(() => host.querySelector('pilotstatus-connect')?.token === token);
    const el = host.querySelector('pilotstatus-connect')!;
    await el.updateComplete;
    const frame = frameOf(el);
    if (el.state !== 'ready') await nextLoad(frame);
    return {el, frame};
  }

  it('runs without zone.js', () => {
    expect((window as {Zone?: unknown}).Zone).to.equal(undefined);
  });

  it('binds [token] as a property and base-url as an attribute; (paired), (failed), (expired) get the detail', async () => {
    const token = uuid();
    const {app, page, calls} = await angular.bootstrap(host, {token, baseUrl: origin});
    const {el, frame} = await loaded(token);
    expect(el.hasAttribute('token'), 'token is set as a property').to.equal(false);
    expect(el.getAttribute('base-url')).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));

    postData(frame, {type: 'connect:error', message: 'boom'});
    await until(() => calls.length === 1);
    postData(frame, {type: 'connect:paired', numberId: 'angular', redirectUrl: 'https://app.example/done'});
    await until(() => calls.length === 2);

    // The page's signal changes: a new frame for the new token, which can expire.
    const next = uuid();
    page.token.set(next);
    const {frame: nextFrame} = await loaded(next);
    expect(nextFrame).to.not.equal(frame);
    expect(nextFrame.src).to.equal(connectUrl(`${origin}`, next));
    postData(nextFrame, {type: 'connect:expired'});
    await until(() => calls.length === 3);
    expect(calls).to.deep.equal([
      ['error', {code: 'connect-error', message: 'boom'}],
      ['paired', {numberId: 'angular', redirectUrl: 'https://app.example/done'}],
      ['expired', undefined],
    ]);
    app.destroy();
    expect(consoleErrors, "Angular's console errors").to.deep.equal([]);
  });

  it('destroying the app removes the frame and the window listener', async () => {
    const token = uuid();
    const {app} = await angular.bootstrap(host, {token, baseUrl: origin});
    const {el, frame} = await loaded(token);
    expect(listeners.count(window), 'the element listens on its window').to.be.greaterThan(0);
    app.destroy();
    expectCleanUnmount(el, frame, listeners);
    expect(consoleErrors, "Angular's console errors").to.deep.equal([]);
  });
});
