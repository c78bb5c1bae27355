// dist/embed.js, the classic-script drop-in for the existing SDK, loaded the way its users load it (a plain
// <script src>), driven through window.PilotStatus against the real mock Connect frame.
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {ConnectOptions} from '../src/drop-in.js';
import {dialogOf, loadClassic, viewport, type EmbedWindow} from './embed-helpers.js';
import {fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from './helpers.js';

const PilotStatus = () => (window as EmbedWindow).PilotStatus;

/** Every call of each callback, with its arguments. */
function callbacks() {
  const calls: Record<string, unknown[][]> = {onPaired: [], onError: [], onExpired: [], onClose: []};
  const options = Object.fromEntries(
    Object.keys(calls).map((name) => [name, (...args: unknown[]) => calls[name].push(args)]),
  ) as Pick<ConnectOptions, 'onPaired' | 'onError' | 'onExpired' | 'onClose'>;
  return {calls, options};
}

describe('dist/embed.js', () => {
  let baseUrl: string;
  before(async () => {
    await loadClassic('/dist/embed.js');
    baseUrl = (await fixtureOrigins()).http;
  });

  afterEach(async () => {
    // A failed test must not leave a modal open over the next one.
    for (const host of document.body.querySelectorAll(':scope > div')) {
      if (host.shadowRoot?.querySelector('dialog')) host.remove();
    }
    for (const frame of document.querySelectorAll('iframe.viewport')) frame.remove();
  });

  it('defines the element and window.PilotStatus, and init() returns it', () => {
    expect(customElements.get('pilotstatus-connect')).to.not.equal(undefined);
    expect(PilotStatus().init()).to.equal(PilotStatus());
    expect(PilotStatus().connect.open).to.be.a('function');
    expect(PilotStatus().connect.mount).to.be.a('function');
  });

  it('does not throw when loaded a second time, nor beside the ESM bundle', async () => {
    await loadClassic('/dist/embed.js?again');
    await import(/* @vite-ignore */ '/dist/pilotstatus-connect.bundled.js' as string);
    expect(PilotStatus().connect.open).to.be.a('function');
  });

  describe('connect.open()', () => {
    it('shows the element in a modal <dialog>, the page behind inert', async () => {
      const handle = PilotStatus().connect.open({token: uuid(), baseUrl});
      const dialog = dialogOf(handle);
      expect(dialog.matches(':modal')).to.equal(true);
      expect(handle.element.localName).to.equal('pilotstatus-connect');
      const outside = document.createElement('button');
      document.body.append(outside);
      outside.focus();
      expect(document.activeElement).to.not.equal(outside);
      outside.remove();
      handle.destroy();
    });

    it('gives onPaired exactly {numberId, redirectUrl}', async () => {
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.open({token: uuid(), baseUrl, ...options});
      await handle.element.updateComplete;
      const frame = frameOf(handle.element);
      await nextLoad(frame);
      postData(frame, {type: 'connect:paired', numberId: 'n1', redirectUrl: 'https://app.example/done', extra: 1});
      await until(() => calls.onPaired.length === 1);
      expect(calls.onPaired[0]).to.deep.equal([{numberId: 'n1', redirectUrl: 'https://app.example/done'}]);
      handle.destroy();
    });

    it('gives onError exactly {message, code}, and onExpired nothing', async () => {
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.open({token: uuid(), baseUrl, ...options});
      await handle.element.updateComplete;
      const frame = frameOf(handle.element);
      await nextLoad(frame);
      postData(frame, {type: 'connect:error', message: 'Nope.'}, {type: 'connect:expired'});
      await until(() => calls.onExpired.length === 1);
      expect(calls.onError).to.deep.equal([[{message: 'Nope.', code: 'connect-error'}]]);
      expect(calls.onExpired).to.deep.equal([[]]);
      handle.destroy();
    });

    it('reports an invalid token to onError with its code, not as an exception', async () => {
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.open({token: 'not-a-uuid', baseUrl, ...options});
      await until(() => calls.onError.length === 1);
      expect((calls.onError[0][0] as {code: string}).code).to.equal('invalid-token');
      handle.destroy();
    });

    it('closes on Escape, every time, calling onClose and removing everything', async () => {
      for (let round = 0; round < 3; round++) {
        const {calls, options} = callbacks();
        const handle = PilotStatus().connect.open({token: uuid(), baseUrl, ...options});
        const dialog = dialogOf(handle);
        await sendKeys({press: 'Escape'});
        await until(() => calls.onClose.length === 1);
        expect(dialog.isConnected).to.equal(false);
        expect(handle.element.isConnected).to.equal(false);
      }
    });

    it('closes with its close button (which has an accessible name) and returns focus', async () => {
      const opener = document.createElement('button');
      opener.textContent = 'Connect WhatsApp';
      document.body.append(opener);
      opener.focus();
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.open({token: uuid(), baseUrl, ...options});
      const close = dialogOf(handle).querySelector('button')!;
      expect(close.getAttribute('aria-label')).to.equal('Close');
      close.click();
      await until(() => calls.onClose.length === 1);
      expect(handle.element.isConnected).to.equal(false);
      expect(document.activeElement).to.equal(opener);
      opener.remove();
    });

    it('destroy() removes the dialog, the element and its listeners, and is safe twice', async () => {
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.open({token: uuid(), baseUrl, ...options});
      const dialog = dialogOf(handle);
      await handle.element.updateComplete;
      const frame = frameOf(handle.element);
      await nextLoad(frame);
      handle.destroy();
      handle.destroy();
      expect(dialog.isConnected).to.equal(false);
      expect(handle.element.isConnected).to.equal(false);
      expect(calls.onClose).to.have.length(0);
      // Even dispatched by hand, the element's events no longer reach the callbacks.
      handle.element.dispatchEvent(new CustomEvent('pilotstatus-expired', {detail: {}}));
      expect(calls.onExpired).to.have.length(0);
    });

    it('never grows past the viewport: a tall Connect page scrolls inside the dialog', async () => {
      const {win, remove} = await viewport(360, 640);
      const handle = win.PilotStatus.connect.open({token: uuid(), baseUrl});
      await handle.element.updateComplete;
      const frame = frameOf(handle.element);
      await nextLoad(frame);
      postData(frame, {type: 'resize', height: 3000});
      // The height is animated: wait for its end.
      await until(() => frame.getBoundingClientRect().height === 3000);
      const dialog = dialogOf(handle);
      const box = dialog.getBoundingClientRect();
      expect(box.height).to.be.at.most(640);
      expect(box.width).to.be.at.most(360);
      expect(box.left).to.be.at.least(0);
      expect(dialog.scrollHeight).to.be.greaterThan(dialog.clientHeight);
      handle.destroy();
      remove();
    });

    it('is centred across a desktop viewport, anchored to its top', async () => {
      const {win, remove} = await viewport(1280, 800);
      const handle = win.PilotStatus.connect.open({token: uuid(), baseUrl});
      const box = dialogOf(handle).getBoundingClientRect();
      expect(Math.abs(box.left + box.width / 2 - 640)).to.be.at.most(1);
      expect(box.width).to.equal(480);
      expect(box.top).to.equal(32);
      handle.destroy();
      remove();
    });
  });

  describe('connect.mount()', () => {
    it('mounts inline into a selector', async () => {
      const target = document.createElement('div');
      target.id = 'connect-widget';
      document.body.append(target);
      const handle = PilotStatus().connect.mount('#connect-widget', {token: uuid(), baseUrl});
      expect(handle.element.parentElement).to.equal(target);
      handle.destroy();
      handle.destroy();
      expect(target.children).to.have.length(0);
      target.remove();
    });

    it('mounts inline into an element, with working callbacks', async () => {
      const target = document.createElement('section');
      document.body.append(target);
      const {calls, options} = callbacks();
      const handle = PilotStatus().connect.mount(target, {token: uuid(), baseUrl, ...options});
      await handle.element.updateComplete;
      const frame = frameOf(handle.element);
      await nextLoad(frame);
      postData(frame, {type: 'connect:paired', numberId: 'inline'});
      await until(() => calls.onPaired.length === 1);
      expect(calls.onPaired[0]).to.deep.equal([{numberId: 'inline'}]);
      handle.destroy();
      target.remove();
    });
  });

  describe('programmer errors throw a TypeError saying what to pass', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['open() without options', () => PilotStatus().connect.open(undefined as never), /options object/],
      ['open() without a token', () => PilotStatus().connect.open({} as never), /options\.token is required/],
      [
        'open() with a timeout that is not a number',
        () => PilotStatus().connect.open({token: uuid(), timeout: '5' as never}),
        /options\.timeout must be a number/,
      ],
      [
        'open() with a lang that is not a string',
        () => PilotStatus().connect.open({token: uuid(), lang: 1 as never}),
        /options\.lang must be a string/,
      ],
      ['open() with an empty token', () => PilotStatus().connect.open({token: ''}), /options\.token is required/],
      [
        'open() with a callback that is not a function',
        () => PilotStatus().connect.open({token: uuid(), onPaired: 'yes' as never}),
        /options\.onPaired must be a function/,
      ],
      [
        'mount() without options',
        () => PilotStatus().connect.mount(document.body, undefined as never),
        /options object/,
      ],
      [
        'mount() into a selector that matches nothing',
        () => PilotStatus().connect.mount('#nowhere', {token: uuid()}),
        /no element matches "#nowhere"/,
      ],
      [
        'mount() into something that is not an element',
        () => PilotStatus().connect.mount({} as never, {token: uuid()}),
        /not an element/,
      ],
    ];
    for (const [what, call, message] of cases) {
      it(what, () => {
        expect(call).to.throw(TypeError, message);
        expect(document.querySelector('pilotstatus-connect')).to.equal(null);
      });
    }
  });
});
