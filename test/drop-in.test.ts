// What issue 12 asks of the drop-in (dist/embed.js): every option reaches the element, onExpired can renew
// the link, one language end to end, and a modal that works on a phone: a bottom sheet whose header stays
// on screen, a page that does not scroll behind it, "Done" after pairing, colours that follow the page.
import {expect} from '@open-wc/testing';
import {emulateMedia, sendKeys} from '@web/test-runner-commands';
import type {ConnectHandle, ConnectOptions} from '../src/drop-in.js';
import {dialogOf, loadClassic, modalPart, viewport, type EmbedWindow, type PilotStatusApi} from './embed-helpers.js';
import {fixtureOrigins, frameOf, frames, part, postData, until as eventually, uuid} from './helpers.js';

const PilotStatus = (): PilotStatusApi => (window as EmbedWindow).PilotStatus;
const CALLBACKS = ['onReady', 'onPaired', 'onError', 'onExpired', 'onClose'] as const;

/** Every callback, recording its calls in order; `returns` gives onExpired's results (or makes them), one per call. */
function callbacks(returns: unknown[] = []) {
  const order: string[] = [];
  const calls: Record<string, unknown[][]> = Object.fromEntries(CALLBACKS.map((name) => [name, []]));
  const options = Object.fromEntries(
    CALLBACKS.map((name) => [
      name,
      (...args: unknown[]) => {
        order.push(name);
        calls[name].push(args);
        const result = name === 'onExpired' ? returns.shift() : undefined;
        return typeof result === 'function' ? (result as () => unknown)() : result;
      },
    ]),
  ) as Pick<ConnectOptions, (typeof CALLBACKS)[number]>;
  return {calls, order, options};
}

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return {promise, resolve, reject};
}

const tokenOf = (frame: HTMLIFrameElement) => new URL(frame.src).pathname.split('/').pop();
const rgb = (element: Element, property: 'backgroundColor' | 'color', pseudo?: string) =>
  getComputedStyle(element, pseudo)[property];

/**
 * Waits until the element shows a loaded Connect page (state `ready`), for `token` when given (a renewal
 * replaces the frame: the one there before may still be in the tree, hidden).
 */
async function loaded(element: HTMLElement & {state: string}, token?: string): Promise<HTMLIFrameElement> {
  await eventually(() => {
    const frame = element.shadowRoot?.querySelector('iframe');
    return !!frame && (!token || tokenOf(frame) === token) && element.state === 'ready';
  });
  return frameOf(element);
}

let baseUrl: string;
const handles: ConnectHandle[] = [];
before(async () => {
  if (!(window as Partial<EmbedWindow>).PilotStatus) await loadClassic('/dist/embed.js');
  baseUrl = (await fixtureOrigins()).http;
});
afterEach(() => {
  for (const handle of handles.splice(0)) handle.destroy();
  for (const node of document.querySelectorAll('iframe.viewport, .test-target, style.test-style')) node.remove();
  document.documentElement.lang = 'en';
  document.documentElement.style.colorScheme = '';
});

function open(options: Partial<ConnectOptions> = {}, api = PilotStatus()): ConnectHandle {
  const handle = api.connect.open({token: uuid(), baseUrl, ...options});
  handles.push(handle);
  return handle;
}

function mount(options: Partial<ConnectOptions> = {}): ConnectHandle {
  const target = document.createElement('div');
  target.className = 'test-target';
  document.body.append(target);
  const handle = PilotStatus().connect.mount(target, {token: uuid(), baseUrl, ...options});
  handles.push(handle);
  return handle;
}

describe('open() and mount() options', () => {
  it('take tokenUrl instead of a token: the element fetches its link', async () => {
    const key = uuid();
    const {element} = mount({token: undefined, tokenUrl: `/__token-url/${key}/token`});
    expect(element.tokenUrl).to.equal(`/__token-url/${key}/token`);
    const frame = await loaded(element);
    const [{token}] = (await (await fetch(`/__token-url/${key}/log`)).json()) as Array<{token: string}>;
    expect(tokenOf(frame)).to.equal(token);
  });

  it('give lang to the element, which forwards it to Connect', async () => {
    const {element} = mount({lang: 'pt-BR'});
    expect(element.getAttribute('lang')).to.equal('pt-BR');
    const frame = await loaded(element);
    expect(new URL(frame.src).searchParams.get('lang')).to.equal('pt-BR');
  });

  it('give branding to the element', async () => {
    const {element} = mount({branding: {name: 'Acme', primaryColor: '#d9480f'}});
    const frame = await loaded(element);
    const query = new URL(frame.src).searchParams;
    expect([query.get('name'), query.get('primaryColor')]).to.deep.equal(['Acme', '#d9480f']);
  });

  it('give timeout to the element: a silent frame reports timeout to onError', async () => {
    const {calls, options} = callbacks();
    const {element} = mount({timeout: 50, ...options});
    expect(element.timeout).to.equal(50);
    await eventually(() => calls.onError.length === 1);
    expect((calls.onError[0][0] as {code: string}).code).to.equal('timeout');
  });

  it('give redirect to the element', () => {
    expect(mount({redirect: true}).element.redirect).to.equal(true);
    expect(mount().element.redirect).to.equal(false);
  });

  it('call onReady once when the Connect page has loaded, not again when it speaks', async () => {
    const {calls, options} = callbacks();
    const {element} = open(options);
    const frame = await loaded(element);
    await eventually(() => calls.onReady.length === 1);
    postData(frame, {type: 'resize', height: 400}, {type: 'connect:error', message: 'Nope.'});
    await eventually(() => calls.onError.length === 1);
    await frames(3);
    expect(calls.onReady).to.deep.equal([[]]);
  });
});

describe('onExpired that returns a new token', () => {
  it('renews the element with a token returned at once', async () => {
    const fresh = uuid();
    const {calls, options} = callbacks([fresh]);
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    await eventually(() => calls.onExpired.length === 1);
    expect(element.token).to.equal(fresh);
    await loaded(element, fresh);
    expect(element.state).to.be.oneOf(['loading', 'ready']);
  });

  it('shows the renew button while a promised token is on its way, then renews', async () => {
    const later = deferred<string>();
    const {options} = callbacks([later.promise]);
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    await eventually(() => element.state === 'expired');
    await element.updateComplete;
    expect(part(element, 'retry-button')?.textContent).to.equal('Get a new link');
    const fresh = uuid();
    later.resolve(fresh);
    await loaded(element, fresh);
  });

  it('reports a rejected promise to onError, and its button asks onExpired again', async () => {
    const fresh = uuid();
    const {calls, options} = callbacks([() => Promise.reject(new Error('backend down')), fresh]);
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    await eventually(() => calls.onError.length === 1);
    expect(calls.onError[0][0]).to.deep.equal({
      code: 'token-fetch-failed',
      message: 'onExpired could not get a new token: backend down',
    });
    await element.updateComplete;
    part(element, 'retry-button')!.click();
    expect(calls.onExpired).to.have.length(2);
    await loaded(element, fresh);
  });

  it('does not loop on a backend that hands out dead links: the button asks instead', async () => {
    const [second, third] = [uuid(), uuid()];
    const {calls, options} = callbacks([second, uuid(), third]);
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    // The renewed link is dead at once: no renewal this time, the person decides.
    postData(await loaded(element, second), {type: 'connect:expired'});
    await eventually(() => calls.onExpired.length === 2);
    await element.updateComplete;
    expect(element.token).to.equal(second);
    expect(element.state).to.equal('expired');
    part(element, 'retry-button')!.click();
    await loaded(element, third);
  });

  it('does one thing per press of “Get a new link”: asks onExpired, and loads no frame for the dead link', async () => {
    const [second, third] = [uuid(), uuid()];
    const later = deferred<string>();
    const {calls, options} = callbacks([second, uuid(), () => later.promise]);
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    // Dead again at once: the panel's button asks instead.
    postData(await loaded(element, second), {type: 'connect:expired'});
    await eventually(() => element.state === 'expired' && !!part(element, 'retry-button'));
    // Every frame the element makes from now on, by the token it loads.
    const made: Array<string | undefined> = [];
    const observer = new MutationObserver((records) => {
      for (const node of records.flatMap((record) => [...record.addedNodes])) {
        if (node instanceof HTMLIFrameElement) made.push(tokenOf(node));
      }
    });
    observer.observe(element.shadowRoot!, {childList: true, subtree: true});
    try {
      part(element, 'retry-button')!.click();
      expect(calls.onExpired).to.have.length(3);
      await element.updateComplete;
      await frames(2);
      // While the new token is on its way, nothing loads (a frame for the dead link would, hidden).
      expect(made).to.deep.equal([]);
      expect(element.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
      later.resolve(third);
      await loaded(element, third);
      expect(made).to.deep.equal([third]);
    } finally {
      observer.disconnect();
    }
  });

  it('offers no button when onExpired returns nothing', async () => {
    const {calls, options} = callbacks();
    const {element} = mount(options);
    postData(await loaded(element), {type: 'connect:expired'});
    await eventually(() => calls.onExpired.length === 1);
    await element.updateComplete;
    expect(part(element, 'panel')).to.not.equal(null);
    expect(part(element, 'retry-button')).to.equal(null);
  });
});

describe('the modal', () => {
  describe('speaks one language', () => {
    const cases: Array<[string, Partial<ConnectOptions>, string, [string, string, string]]> = [
      ['English by default', {}, 'en', ['Connect a WhatsApp number', 'Close', 'Done']],
      ['the lang option', {lang: 'pt-BR'}, 'en', ['Conectar um número de WhatsApp', 'Fechar', 'Concluir']],
      ["the page's lang", {}, 'es', ['Conectar un número de WhatsApp', 'Cerrar', 'Listo']],
      ['the lang option over the page’s', {lang: 'es'}, 'pt-BR', ['Conectar un número de WhatsApp', 'Cerrar', 'Listo']],
    ];
    for (const [what, options, pageLang, [title, close, done]] of cases) {
      it(`from ${what}`, async () => {
        document.documentElement.lang = pageLang;
        const handle = open(options);
        const dialog = dialogOf(handle);
        expect(dialog.getAttribute('aria-label')).to.equal(title);
        expect(modalPart(handle, 'title').textContent).to.equal(title);
        expect(modalPart(handle, 'close-button').getAttribute('aria-label')).to.equal(close);
        expect(modalPart(handle, 'done-button').textContent).to.equal(done);
        const frame = await loaded(handle.element);
        expect(frame.title).to.equal(title);
      });
    }
  });

  describe('on a 360 × 740 phone', () => {
    it('is a full-width sheet at the bottom whose header stays on screen as its content scrolls', async () => {
      const {win} = await viewport(360, 740);
      const handle = open({}, win.PilotStatus);
      const dialog = dialogOf(handle);
      const frame = await loaded(handle.element);
      postData(frame, {type: 'resize', height: 2000});
      await eventually(() => frame.getBoundingClientRect().height === 2000);
      const box = dialog.getBoundingClientRect();
      expect([box.left, box.width]).to.deep.equal([0, 360]);
      expect(Math.abs(box.bottom - 740)).to.be.at.most(1);
      expect(box.top).to.be.at.least(0);
      dialog.scrollTop = dialog.scrollHeight;
      await frames(2);
      expect(dialog.scrollTop).to.be.greaterThan(1000);
      const close = modalPart(handle, 'close-button');
      const header = modalPart(handle, 'header').getBoundingClientRect();
      expect(Math.abs(header.top - box.top)).to.be.at.most(1);
      const button = close.getBoundingClientRect();
      const root = dialog.getRootNode() as ShadowRoot;
      expect(root.elementFromPoint(button.left + button.width / 2, button.top + button.height / 2)).to.equal(close);
    });

    it('keeps its place at the bottom as Connect grows', async () => {
      const {win} = await viewport(360, 740);
      const handle = open({}, win.PilotStatus);
      const dialog = dialogOf(handle);
      const frame = await loaded(handle.element);
      for (const height of [160, 494]) {
        postData(frame, {type: 'resize', height});
        await eventually(() => frame.getBoundingClientRect().height === height);
        expect(Math.abs(dialog.getBoundingClientRect().bottom - 740)).to.be.at.most(1);
      }
    });
  });

  it('stays anchored to the top on a desktop as Connect grows (no re-centring)', async () => {
    const {win} = await viewport(1280, 800);
    const handle = open({}, win.PilotStatus);
    const dialog = dialogOf(handle);
    const frame = await loaded(handle.element);
    for (const height of [160, 494, 619]) {
      postData(frame, {type: 'resize', height});
      await eventually(() => frame.getBoundingClientRect().height === height);
      expect(dialog.getBoundingClientRect().top).to.equal(32);
    }
  });

  describe('locks the page scroll', () => {
    const overflow = () => document.documentElement.style.overflow;
    it('while it is open, and gives it back after close and destroy()', async () => {
      document.documentElement.style.overflow = 'auto';
      const handle = open();
      expect(overflow()).to.equal('hidden');
      expect(getComputedStyle(document.documentElement).overflowY).to.equal('hidden');
      modalPart(handle, 'close-button').click();
      await eventually(() => !handle.element.isConnected);
      expect(overflow()).to.equal('auto');
      open().destroy();
      expect(overflow()).to.equal('auto');
      document.documentElement.style.overflow = '';
    });

    it('keeps the page where it was, with classic scrollbars, and gives back its own styles exactly', async () => {
      // Firefox has classic scrollbars; WebKitGTK's overlay ones take room once styled; Chromium under puppeteer
      // has none at all (--hide-scrollbars), where nothing may be added instead.
      const {win} = await viewport(400, 300, {
        html: '<html lang="en" style="overflow-y: scroll; padding-right: 3px">',
        body: `<style>::-webkit-scrollbar { width: 15px } ::-webkit-scrollbar-thumb { background: #888 }</style>
          <div id="content" style="height: 2000px">content</div>`,
      });
      const html = win.document.documentElement;
      const content = win.document.getElementById('content')!;
      const edges = () => [content.getBoundingClientRect().left, content.getBoundingClientRect().right];
      const [bar, before, styles] = [win.innerWidth - html.clientWidth, edges(), html.style.cssText];
      const handle = win.PilotStatus.connect.open({token: uuid(), baseUrl});
      expect(win.getComputedStyle(html).overflowY).to.equal('hidden');
      expect(edges()).to.deep.equal(before);
      if (bar === 0) expect([html.style.paddingRight, html.style.scrollbarGutter]).to.deep.equal(['3px', '']);
      handle.destroy();
      expect(html.style.cssText).to.equal(styles);
      expect(edges()).to.deep.equal(before);
      expect(win.innerWidth - html.clientWidth).to.equal(bar);
    });

    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      it(`with two modals open, closed ${order[0] === 0 ? 'first to last' : 'last to first'}`, () => {
        const both = [open(), open()];
        both[order[0]].destroy();
        expect(overflow()).to.equal('hidden');
        both[order[1]].destroy();
        expect(overflow()).to.equal('');
      });
    }
  });

  it('moves focus from “Get a new link”, pressed with the keyboard, to the new link, never <body>', async () => {
    const [second, third] = [uuid(), uuid()];
    const later = deferred<string>();
    const {calls, options} = callbacks([second, uuid(), () => later.promise]);
    const handle = open(options);
    const {element} = handle;
    postData(await loaded(element), {type: 'connect:expired'});
    // Dead again at once: the panel's button asks instead.
    postData(await loaded(element, second), {type: 'connect:expired'});
    await eventually(() => element.state === 'expired' && !!part(element, 'retry-button'));
    const modal = dialogOf(handle).getRootNode() as ShadowRoot;
    // Booleans, not elements: a failed assertion about an iframe serialises it, and that hangs the run.
    const on = (target: Element | null) =>
      document.activeElement === modal.host &&
      modal.activeElement === element &&
      !!target &&
      element.shadowRoot!.activeElement === target;
    modalPart(handle, 'close-button').focus();
    await sendKeys({press: 'Tab'});
    expect(on(part(element, 'retry-button')), 'focus on the button').to.equal(true);
    await sendKeys({press: 'Enter'});
    expect(calls.onExpired).to.have.length(3);
    // While onExpired's promise is pending, the button stays, and so does focus.
    await element.updateComplete;
    expect(on(part(element, 'retry-button')), 'focus still on the button').to.equal(true);
    later.resolve(third);
    await eventually(() => tokenOf(element.shadowRoot!.querySelector('iframe')!) === third);
    await element.updateComplete;
    expect(on(part(element, 'loading')) || on(frameOf(element)), 'on the loading indicator or the frame').to.equal(
      true,
    );
    const frame = await loaded(element, third);
    await element.updateComplete;
    expect(on(frame), 'focus on the new frame').to.equal(true);
  });

  describe('after pairing', () => {
    it('offers a focused "Done" that closes it like the close button', async () => {
      const {calls, order, options} = callbacks();
      const handle = open(options);
      const done = modalPart(handle, 'done-button');
      expect(done.checkVisibility()).to.equal(false);
      postData(await loaded(handle.element), {type: 'connect:paired', numberId: 'n1'});
      await eventually(() => calls.onPaired.length === 1);
      expect(done.checkVisibility()).to.equal(true);
      expect((dialogOf(handle).getRootNode() as ShadowRoot).activeElement).to.equal(done);
      done.click();
      await eventually(() => calls.onClose.length === 1);
      expect(handle.element.isConnected).to.equal(false);
      expect(order.filter((name) => name !== 'onReady')).to.deep.equal(['onPaired', 'onClose']);
      expect(document.documentElement.style.overflow).to.equal('');
    });

    it('closes by itself with closeOnPaired, after onPaired', async () => {
      const {calls, order, options} = callbacks();
      const handle = open({...options, closeOnPaired: true});
      postData(await loaded(handle.element), {type: 'connect:paired'});
      await eventually(() => calls.onClose.length === 1);
      expect(handle.element.isConnected).to.equal(false);
      expect(order.filter((name) => name !== 'onReady')).to.deep.equal(['onPaired', 'onClose']);
    });
  });

  describe('colours', () => {
    it('are light on a light page', () => {
      const dialog = dialogOf(open());
      expect(rgb(dialog, 'backgroundColor')).to.equal('rgb(255, 255, 255)');
      expect(rgb(dialog, 'color')).to.equal('rgb(31, 35, 40)');
    });

    it('are dark on a page that declares a dark colour scheme', () => {
      document.documentElement.style.colorScheme = 'dark';
      const handle = open();
      const dialog = dialogOf(handle);
      expect(rgb(dialog, 'backgroundColor')).to.equal('rgb(22, 27, 34)');
      expect(rgb(dialog, 'color')).to.equal('rgb(230, 237, 243)');
      expect(rgb(modalPart(handle, 'header'), 'backgroundColor')).to.equal('rgb(22, 27, 34)');
    });

    it('take the custom properties and ::part() rules of the page, the backdrop included', () => {
      const style = document.createElement('style');
      style.className = 'test-style';
      style.textContent = `.pilotstatus-modal {
        --pilotstatus-modal-background: rgb(1, 2, 3);
        --pilotstatus-modal-color: rgb(4, 5, 6);
        --pilotstatus-modal-radius: 3px;
        --pilotstatus-modal-backdrop: rgb(7, 8, 9);
      }
      .pilotstatus-modal::part(close-button) { color: rgb(10, 11, 12); }`;
      document.head.append(style);
      const handle = open();
      const dialog = dialogOf(handle);
      expect(rgb(dialog, 'backgroundColor')).to.equal('rgb(1, 2, 3)');
      expect(rgb(dialog, 'color')).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(dialog).borderTopLeftRadius).to.equal('3px');
      expect(rgb(modalPart(handle, 'close-button'), 'color')).to.equal('rgb(10, 11, 12)');
      expect(rgb(dialog, 'backgroundColor', '::backdrop')).to.equal('rgb(7, 8, 9)');
      style.textContent += `.pilotstatus-modal::part(dialog)::backdrop { background-color: rgb(13, 14, 15); }`;
      expect(rgb(dialog, 'backgroundColor', '::backdrop')).to.equal('rgb(13, 14, 15)');
    });

    it('keep visible edges under forced colours', async () => {
      const handle = open();
      const dialog = dialogOf(handle);
      let emulated = true;
      try {
        await emulateMedia({forcedColors: 'active'});
      } catch {
        emulated = false;
      }
      try {
        // Some launchers accept the command and change nothing: the media query says what really happened.
        if (matchMedia('(forced-colors: active)').matches) {
          const style = getComputedStyle(dialog);
          expect([style.borderTopStyle, style.borderTopWidth]).to.deep.equal(['solid', '1px']);
          expect(getComputedStyle(modalPart(handle, 'close-button')).borderTopStyle).to.equal('solid');
          expect(getComputedStyle(modalPart(handle, 'done-button')).borderTopStyle).to.equal('solid');
        } else {
          // Where forced colours cannot be emulated (WebKit's WebDriver, and some launchers ignore the feature),
          // read the rule the engine parsed instead.
          const rules = (dialog.getRootNode() as ShadowRoot).adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
          const media = rules.find(
            (rule): rule is CSSMediaRule =>
              rule instanceof CSSMediaRule && rule.conditionText.includes('forced-colors: active'),
          );
          const rule = (selector: string) =>
            [...(media?.cssRules ?? [])].find(
              (r): r is CSSStyleRule => r instanceof CSSStyleRule && r.selectorText === selector,
            );
          expect(rule('dialog')?.style.borderTopStyle).to.equal('solid');
          expect(rule('.close, .done')?.style.borderTopStyle).to.equal('solid');
        }
      } finally {
        if (emulated) await emulateMedia({forcedColors: 'none'});
      }
    });
  });

  describe('accessibility', () => {
    for (const scheme of ['light', 'dark']) {
      it(`passes an audit open, ${scheme}, before and after pairing`, async () => {
        document.documentElement.style.colorScheme = scheme;
        const handle = open();
        const host = dialogOf(handle).getRootNode() as ShadowRoot;
        const frame = await loaded(handle.element);
        await expect(host.host).to.be.accessible();
        postData(frame, {type: 'connect:paired'});
        await eventually(() => modalPart(handle, 'done-button').checkVisibility());
        await expect(host.host).to.be.accessible();
      });
    }
  });
});
