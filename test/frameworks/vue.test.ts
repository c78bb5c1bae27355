// Vue 3 in Chromium, Firefox and WebKit, against the real mock Connect frame: a template with
// `@pilotstatus-paired` and `isCustomElement`, as an app writes it. Vue sets a prop as a property when the
// element has it, or as an attribute; `.prop` and `.attr` force either.
import {expect} from '@open-wc/testing';
import type * as Vue from 'vue';
import type {PilotstatusConnect} from '../../src/pilotstatus-connect.js';
import {connectUrl, fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from '../helpers.js';
import {expectCleanUnmount, loadHarness, watchListeners} from './interop.js';

type Harness = Pick<typeof Vue, 'createApp' | 'nextTick' | 'reactive'>;

describe('Vue 3', () => {
  let vue: Harness;
  let origin: string;

  before(async () => {
    vue = await loadHarness<Harness>('vue');
    origin = (await fixtureOrigins()).http;
  });

  async function mountApp(template: string, token: string) {
    const state = vue.reactive({token, origin, calls: [] as [string, unknown][]});
    const app = vue.createApp({
      template,
      setup: () => ({
        state,
        onPaired: (e: CustomEvent) => state.calls.push(['paired', e.detail]),
        onError: (e: CustomEvent) => state.calls.push(['error', e.detail]),
        onExpired: (e: CustomEvent) => state.calls.push(['expired', e.detail]),
      }),
    });
    app.config.compilerOptions.isCustomElement = (tag) => tag === 'pilotstatus-connect';
    const container = document.createElement('div');
    document.body.append(container);
    app.mount(container);
    const el = container.querySelector('pilotstatus-connect') as PilotstatusConnect;
    await el.updateComplete;
    const frame = frameOf(el);
    if (el.state !== 'ready') await nextLoad(frame);
    return {app, container, state, el, frame};
  }

  it('binds token and base-url, and hears @pilotstatus-paired, -error and -expired', async () => {
    const token = uuid();
    const {app, container, state, el, frame} = await mountApp(
      `<pilotstatus-connect :token="state.token" :base-url="state.origin" @pilotstatus-paired="onPaired"
        @pilotstatus-error="onError" @pilotstatus-expired="onExpired"></pilotstatus-connect>`,
      token,
    );
    expect(el.token).to.equal(token);
    expect(el.baseUrl).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));
    postData(frame, {type: 'connect:error', message: 'boom'}, {type: 'connect:paired', numberId: 'vue'});
    await until(() => state.calls.length === 2);

    const next = uuid();
    state.token = next;
    await vue.nextTick();
    await el.updateComplete;
    const nextFrame = frameOf(el);
    expect(nextFrame.src).to.equal(connectUrl(`${origin}`, next));
    await nextLoad(nextFrame);
    postData(nextFrame, {type: 'connect:expired'});
    await until(() => state.calls.length === 3);
    expect(state.calls).to.deep.equal([
      ['error', {code: 'connect-error', message: 'boom'}],
      ['paired', {numberId: 'vue'}],
      ['expired', {}],
    ]);
    app.unmount();
    container.remove();
  });

  it('sets properties with .prop and attributes with .attr', async () => {
    const token = uuid();
    const {app, container, el, frame} = await mountApp(
      `<pilotstatus-connect :token.prop="state.token" :base-url.attr="state.origin"></pilotstatus-connect>`,
      token,
    );
    expect(el.token).to.equal(token);
    expect(el.hasAttribute('token')).to.equal(false);
    expect(el.getAttribute('base-url')).to.equal(origin);
    expect(frame.src).to.equal(connectUrl(`${origin}`, token));
    app.unmount();
    container.remove();
  });

  it('unmounting removes the frame and the window listener', async () => {
    const listeners = watchListeners();
    try {
      const {app, container, el, frame} = await mountApp(
        `<pilotstatus-connect :token="state.token" :base-url="state.origin" @pilotstatus-paired="onPaired"></pilotstatus-connect>`,
        uuid(),
      );
      expect(listeners.count(window), 'the element listens on its window').to.be.greaterThan(0);
      app.unmount();
      expectCleanUnmount(el, frame, listeners);
      container.remove();
    } finally {
      listeners.stop();
    }
  });
});
