// The opt-in attributes: `redirect`, `branding`, `timeout` with `retry()`, `debug`, and the detection of a
// Content-Security-Policy that blocks the frame. Pages that must navigate or carry their own CSP are real
// pages of the runner's origin (`/__page.html`), in an iframe the test drives.
import {expect, nextFrame, oneEvent} from '@open-wc/testing';
import '../src/index.js';
import type {PilotstatusConnect} from '../src/index.js';
import {loadExplain} from '../src/load-explain.js';
import {
  CONTROL,
  fakeClock,
  fixtureOrigins,
  frameOf,
  frames,
  mount,
  navigateFrame,
  nextLoad,
  postData,
  record,
  until,
  uuid,
  type FixtureOrigins,
} from './helpers.js';

let origins: FixtureOrigins;
before(async () => {
  origins = await fixtureOrigins();
});

afterEach(() => {
  for (const el of document.querySelectorAll('pilotstatus-connect, iframe.test-page')) el.remove();
});

/** Opens `/__page.html` (optionally under `csp`) in an iframe and waits until it has the element defined. */
async function openPage(csp?: string): Promise<{page: HTMLIFrameElement; win: Window & typeof globalThis}> {
  const page = document.createElement('iframe');
  page.className = 'test-page';
  page.src = `/__page.html${csp ? `?csp=${encodeURIComponent(csp)}` : ''}`;
  const loaded = nextLoad(page);
  document.body.append(page);
  await loaded;
  const win = page.contentWindow as Window & typeof globalThis;
  await win.customElements.whenDefined('pilotstatus-connect');
  return {page, win};
}

/** An element inside another page's document, pointed at the mock, with its Connect page loaded. */
const mountIn = (win: Window, attributes: Record<string, string> = {}) =>
  mount(attributes, {parent: win.document.body});

/** Resolves true if `page` loads another document within `ms` (of real time), false otherwise. */
function navigatesWithin(page: HTMLIFrameElement, ms: number): Promise<boolean> {
  return until(nextLoad(page), 'a navigation', ms).then(
    () => true,
    () => false,
  );
}

/**
 * Sees `page` start another navigation from now on. Where the page has the Navigation API (Chromium, Firefox),
 * its `navigate` event fires inside location.assign() itself: a navigation the element starts as it handles a
 * message has been seen by the time that message's event reaches the test, so `started()` needs no wait.
 * Without it (WebKitGTK), a load within a second is the sign. Not for a javascript: URL, which fires no
 * `navigate`.
 */
function watchNavigation(page: HTMLIFrameElement): {api: boolean; started: () => Promise<boolean>} {
  const navigation = (page.contentWindow as Window & {navigation?: EventTarget}).navigation;
  let seen = false;
  navigation?.addEventListener('navigate', () => (seen = true));
  return {api: !!navigation, started: async () => (navigation ? seen : navigatesWithin(page, 1000))};
}

describe('<pilotstatus-connect> options', () => {
  describe('redirect', () => {
    it('sends the page to redirectUrl after pairing', async () => {
      const {page, win} = await openPage();
      const {frame} = await mountIn(win, {redirect: ''});
      const target = `${location.origin}/__landed.html?from=connect`;
      const navigation = watchNavigation(page);
      const navigated = nextLoad(page);
      postData(frame, {type: 'connect:paired', numberId: 'n1', redirectUrl: target});
      await navigated;
      expect(page.contentWindow!.location.href).to.equal(target);
      // What the tests below rely on: the Navigation API, where there is one, saw this navigation.
      if (navigation.api) expect(await navigation.started()).to.equal(true);
    });

    it('stays when a pilotstatus-paired listener calls preventDefault()', async () => {
      const {page, win} = await openPage();
      const {el, frame} = await mountIn(win, {redirect: ''});
      const events = record(el);
      el.addEventListener('pilotstatus-paired', (event) => event.preventDefault());
      const navigation = watchNavigation(page);
      postData(frame, {type: 'connect:paired', redirectUrl: `${location.origin}/__landed.html`});
      const [paired] = await events.waitFor(1);
      expect(paired.event.cancelable).to.equal(true);
      expect(paired.event.defaultPrevented).to.equal(true);
      expect(await navigation.started()).to.equal(false);
      expect(page.contentWindow!.location.pathname).to.equal('/__page.html');
    });

    it('goes where Connect said even if a listener rewrites detail.redirectUrl', async () => {
      const {page, win} = await openPage();
      const {el, frame} = await mountIn(win, {redirect: ''});
      el.addEventListener('pilotstatus-paired', (event) => {
        event.detail.redirectUrl = 'javascript:parent.hacked=1';
      });
      const target = `${location.origin}/__landed.html?checked`;
      const navigated = nextLoad(page);
      postData(frame, {type: 'connect:paired', redirectUrl: target});
      await navigated;
      expect(page.contentWindow!.location.href).to.equal(target);
      expect((window as unknown as {hacked?: number}).hacked).to.equal(undefined);
    });

    it('never goes to a redirectUrl the contract drops', async () => {
      const {page, win} = await openPage();
      const {el, frame} = await mountIn(win, {redirect: ''});
      const events = record(el);
      postData(frame, {type: 'connect:paired', numberId: 'n1', redirectUrl: 'javascript:parent.hacked=1'});
      const [paired] = await events.waitFor(1);
      expect(paired.detail).to.deep.equal({numberId: 'n1'});
      expect(await navigatesWithin(page, 1000)).to.equal(false);
      expect((window as unknown as {hacked?: number}).hacked).to.equal(undefined);
    });

    it('does not navigate without the attribute', async () => {
      const {page, win} = await openPage();
      const {el, frame} = await mountIn(win);
      const events = record(el);
      const navigation = watchNavigation(page);
      postData(frame, {type: 'connect:paired', redirectUrl: `${location.origin}/__landed.html`});
      await events.waitFor(1);
      expect(await navigation.started()).to.equal(false);
    });
  });

  describe('branding', () => {
    it('appends the attribute’s parameters to the frame URL, encoded', async () => {
      const el = document.createElement('pilotstatus-connect');
      el.setAttribute('base-url', origins.http);
      el.setAttribute('token', uuid());
      el.setAttribute('branding', 'name=Acme%20%26%20Co&primaryColor=%23ff6600');
      document.body.append(el);
      await el.updateComplete;
      const url = new URL(frameOf(el).src);
      expect(url.pathname).to.equal(`/connect/${el.token}`);
      expect([...url.searchParams]).to.deep.equal([
        ['name', 'Acme & Co'],
        ['primaryColor', '#ff6600'],
        // Then what the element forwards: its language and the page's colour scheme.
        ['lang', 'en'],
        ['colorScheme', 'light'],
      ]);
      expect(url.hash).to.equal('');
    });

    it('takes an object as the property, and a change renders a new frame', async () => {
      const {el, frame} = await mount();
      el.branding = {name: 'Acme', primaryColor: '#00ff00'};
      await el.updateComplete;
      const next = frameOf(el);
      expect(next).to.not.equal(frame);
      expect(new URL(next.src).search).to.equal('?name=Acme&primaryColor=%2300ff00&lang=en&colorScheme=light');
    });

    it('cannot change the token, the path or the fragment of the frame URL', async () => {
      const token = uuid();
      const el = document.createElement('pilotstatus-connect');
      el.baseUrl = `${origins.http}/base`;
      el.token = token;
      el.branding = {
        token: uuid(),
        TOKEN: uuid(),
        '../../connect/x': '1',
        'a#b': '1',
        'a/b': '1',
        'a&token=x': '1',
        'a=b': '1',
        ünicode: '1',
        ok: '../#x?y=/z&token=w',
        nested: {a: 1} as unknown as string,
      };
      document.body.append(el);
      await el.updateComplete;
      const url = new URL(frameOf(el).src);
      expect(url.origin).to.equal(origins.http);
      expect(url.pathname).to.equal(`/base/connect/${token}`);
      expect(url.hash).to.equal('');
      expect([...url.searchParams]).to.deep.equal([
        ['ok', '../#x?y=/z&token=w'],
        ['lang', 'en'],
        ['colorScheme', 'light'],
      ]);
    });

    it('ignores a branding attribute that is not key=value pairs', async () => {
      const el = document.createElement('pilotstatus-connect');
      el.setAttribute('base-url', origins.http);
      el.setAttribute('token', uuid());
      el.setAttribute('branding', '#/../?');
      document.body.append(el);
      await el.updateComplete;
      expect(new URL(frameOf(el).src).search).to.equal('?lang=en&colorScheme=light');
    });
  });

  describe('timeout and retry()', () => {
    it('reports timeout when the Connect page sends nothing in time, then retry() starts a new frame', async () => {
      // The test driver's Connect page sends nothing until told to.
      const el = document.createElement('pilotstatus-connect');
      el.baseUrl = origins.http;
      el.token = uuid();
      el.timeout = 200;
      const events = record(el);
      document.body.append(el);
      await el.updateComplete;
      const frame = frameOf(el);
      const [event] = await events.waitFor(1);
      expect(event.detail).to.deep.equal({
        code: 'timeout',
        message: `The Connect page at ${origins.http} sent nothing within 200 ms: either it cannot be reached from here, or this page's origin ${location.origin} is not on the allowed origins of your PilotStatus account.`,
      });
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(el.shadowRoot!.querySelector('[part="panel"]')!.textContent).to.include('Connecting is taking too long');

      // Long enough for the new frame to load and answer on a busy machine.
      el.timeout = 5000;
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
      await el.updateComplete;
      const next = frameOf(el);
      expect(next).to.not.equal(frame);
      expect(next.src).to.equal(frame.src);
      expect(el.state).to.equal('loading');
      await nextLoad(next);
      // Answered in time now: no second timeout.
      postData(next, CONTROL);
      await events.waitFor(2);
      expect(events.types()).to.deep.equal(['pilotstatus-error', 'pilotstatus-error']);
      expect(events.events[1].detail).to.deep.include({code: 'connect-error'});
    });

    it('recovers from a timeout when a late first message arrives', async () => {
      const el = document.createElement('pilotstatus-connect');
      el.baseUrl = origins.http;
      el.token = uuid();
      el.timeout = 100;
      const events = record(el);
      document.body.append(el);
      await el.updateComplete;
      const frame = frameOf(el);
      const loaded = nextLoad(frame);
      await events.waitFor(1);
      await loaded;
      await el.updateComplete;
      expect(frame.hidden).to.equal(true);
      // Then a failure the Connect page shows itself: the timeout panel must not come back over it.
      postData(frame, {type: 'resize', height: 300}, {type: 'connect:error', message: 'late'});
      await events.waitFor(2);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(frame.hidden).to.equal(false);
      expect(el.shadowRoot!.querySelector('[part="panel"]')).to.equal(null);
      postData(frame, {type: 'connect:paired', numberId: 'late'});
      await events.waitFor(3);
      expect(el.state).to.equal('paired');
      expect(events.events[2].detail).to.deep.equal({numberId: 'late'});
    });

    it('is off by default', async () => {
      const clock = fakeClock();
      const {el} = await mount();
      const events = record(el);
      await clock.tickAsync(500);
      await frames(2);
      expect(events.events).to.deep.equal([]);
      expect(el.state).to.equal('ready');
    });

    it('takes a timeout too long for setTimeout as very long, not as zero', async () => {
      // The fake clock, like a browser, runs a timer of more than 2^31 - 1 ms at once.
      const clock = fakeClock();
      for (const timeout of [3e9, Infinity]) {
        const el = document.createElement('pilotstatus-connect');
        el.baseUrl = origins.http;
        el.token = uuid();
        el.timeout = timeout;
        const events = record(el);
        document.body.append(el);
        await el.updateComplete;
        const frame = frameOf(el);
        await nextLoad(frame);
        // The driver page says nothing: only a timer that fired at once (or soon) would speak before the
        // control, a day later.
        await clock.tickAsync(24 * 60 * 60 * 1000);
        postData(frame, CONTROL);
        await events.waitFor(1);
        expect(events.events.map((e) => (e.detail as {code: string}).code)).to.deep.equal(['connect-error']);
        el.remove();
      }
    });

    it('starts the timeout again for the new document when the element is put back', async () => {
      const el = document.createElement('pilotstatus-connect');
      el.baseUrl = origins.http;
      el.token = uuid();
      const events = record(el);
      document.body.append(el);
      const {frame} = {frame: (await el.updateComplete, frameOf(el))};
      await nextLoad(frame);
      postData(frame, {type: 'resize', height: 200});
      await nextFrame();
      el.timeout = 200;
      el.remove();
      document.body.append(el);
      const [event] = await events.waitFor(1);
      expect(event.detail).to.deep.include({code: 'timeout'});
    });

    it('does nothing on retry() once paired, and nothing without a token', async () => {
      const {el, frame} = await mount();
      postData(frame, {type: 'connect:paired'});
      await record(el).waitFor(1);
      el.retry();
      await el.updateComplete;
      expect(frameOf(el)).to.equal(frame);
      expect(el.state).to.equal('paired');

      const idle = document.createElement('pilotstatus-connect');
      document.body.append(idle);
      idle.retry();
      await idle.updateComplete;
      expect(idle.state).to.equal('idle');
      expect(idle.shadowRoot!.querySelector('iframe')).to.equal(null);
    });
  });

  describe('debug', () => {
    let calls: unknown[][];
    let original: typeof console.debug;
    beforeEach(() => {
      calls = [];
      original = console.debug;
      console.debug = (...args: unknown[]) => calls.push(args);
    });
    afterEach(() => {
      console.debug = original;
    });
    const logged = () => calls.map((args) => args.filter((a) => typeof a === 'string').join(' '));
    // debug's lines are worded by a lazy chunk and wait for it, in order: once this page's shared import of it
    // has settled (after the element's own callbacks on it), every line due so far is written.
    const written = () => loadExplain();

    it('explains a message from the wrong origin, naming both origins', async () => {
      const {el, frame} = await mount();
      el.debug = true;
      await el.updateComplete;
      await navigateFrame(frame, `${origins.otherPort}/connect/${uuid()}`);
      postData(frame, {type: 'connect:paired'});
      await navigateFrame(frame, `${origins.http}/connect/${uuid()}`);
      postData(frame, CONTROL);
      await record(el).waitFor(1);
      await written();
      expect(logged().some((line) => line.includes(origins.otherPort) && line.includes(origins.http))).to.equal(true);
    });

    it('explains malformed data and a message from a window that is not its frame', async () => {
      const {el, frame} = await mount();
      el.debug = true;
      await el.updateComplete;
      window.postMessage({type: 'connect:paired'}, '*');
      postData(frame, {type: 'resize', height: 'tall'}, {type: 'nope'}, CONTROL);
      await record(el).waitFor(1);
      await written();
      const lines = logged();
      expect(lines.some((line) => line.includes('not come from this element’s current frame'))).to.equal(true);
      expect(lines.some((line) => line.includes('"height" of resize has the wrong type or value: string'))).to.equal(
        true,
      );
      expect(lines.some((line) => line.includes('"type" is not one of'))).to.equal(true);
    });

    it('still explains foreign messages after the element is put back', async () => {
      const {el, frame} = await mount();
      el.debug = true;
      postData(frame, {type: 'connect:paired'});
      await record(el).waitFor(1);
      el.remove();
      document.body.append(el);
      calls.length = 0;
      window.postMessage({type: 'connect:paired'}, '*');
      await oneEvent(window, 'message');
      await written();
      expect(logged().some((line) => line.includes('not come from this element’s current frame'))).to.equal(true);
    });

    it('explains a stray message only when one element on the page has debug, and holds no event', async () => {
      const first = await mount();
      const second = await mount();
      first.el.debug = true;
      second.el.debug = true;
      await Promise.all([first.el.updateComplete, second.el.updateComplete]);
      window.postMessage({type: 'connect:paired'}, '*');
      postData(first.frame, CONTROL);
      await record(first.el).waitFor(1);
      await written();
      expect(logged().some((line) => line.includes('not come from this element’s current frame'))).to.equal(false);
      // Every argument is a sentence or the data, never the MessageEvent itself.
      expect(calls.flat().some((arg) => arg instanceof Event)).to.equal(false);
    });

    it('says when the frame loads another document', async () => {
      const {el, frame} = await mount();
      el.debug = true;
      await el.updateComplete;
      await navigateFrame(frame, `${origins.http}/connect/${uuid()}`);
      await written();
      expect(logged().some((line) => line.includes('loaded another document'))).to.equal(true);
    });

    it('is silent without the attribute', async () => {
      const {el, frame} = await mount();
      window.postMessage({type: 'connect:paired'}, '*');
      postData(frame, {type: 'nope'}, CONTROL);
      await record(el).waitFor(1);
      await written();
      expect(calls).to.deep.equal([]);
    });
  });

  describe('Content-Security-Policy', () => {
    it("reports csp-blocked, naming the frame-src source to add, on a page with frame-src 'none'", async () => {
      const {win} = await openPage("frame-src 'none'");
      const el = win.document.createElement('pilotstatus-connect') as PilotstatusConnect;
      el.setAttribute('base-url', `${origins.http}/proxy`);
      el.setAttribute('token', uuid());
      const events = record(el);
      win.document.body.append(el);
      const [event] = await events.waitFor(1);
      expect(event.type).to.equal('pilotstatus-error');
      const detail = event.detail as {code: string; message: string};
      expect(detail.code).to.equal('csp-blocked');
      expect(detail.message).to.include(`add ${origins.http} to its frame-src directive`);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      // The panel speaks to the end customer, who cannot change the page's policy: the cause is in detail.message.
      expect(el.shadowRoot!.querySelector('[part="panel"]')!.textContent).to.include('cannot be shown here');
    });

    it('stays quiet on a page whose policy allows the Connect origin', async () => {
      const {win} = await openPage(`frame-src ${origins.http}`);
      const {el, frame} = await mountIn(win);
      const events = record(el);
      postData(frame, CONTROL);
      await events.waitFor(1);
      expect(events.events.map((e) => (e.detail as {code: string}).code)).to.deep.equal(['connect-error']);
    });
  });
});
