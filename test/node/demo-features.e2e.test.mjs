// The feature demo pages (demo/features/, one per feature) against the running demo in real Chromium: the
// HTML-only page end to end (its token from the demo backend, the cross-origin Connect frame, a scan inside it,
// the redirect to the landing page), then every page: it loads with no console error but the ones it is there
// to show, its live elements reach the state the page describes, and the markup it prints is the markup it
// runs. Screenshots of each page on a desktop and on a 360 px phone go to test-artifacts/ (ignored).
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import puppeteer from 'puppeteer-core';
import {listen} from '../../demo/mock/http.mjs';
import {DEFAULT_API_KEY, createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {DEFAULT_ORIGINS, startDemo} from '../../demo/server.mjs';
import {chromeArgs, findChrome} from '../../scripts/find-chrome.mjs';
import {NO_SITE_ISOLATION, click, poll} from './helpers/chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
mkdirSync(artifacts, {recursive: true});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DESKTOP = {width: 1200, height: 900};
// No isMobile or hasTouch: changing those makes puppeteer reload the page, and the width is what counts.
const PHONE = {width: 360, height: 740};

let browser;
let demo;
let site;
before(async () => {
  const executablePath = findChrome();
  assert.ok(
    executablePath,
    'No Chromium found: run `npm run test:browser` once (it installs one on Debian), or set CHROME_PATH.',
  );
  browser = await puppeteer.launch({executablePath, headless: true, args: [...chromeArgs(), ...NO_SITE_ISOLATION]});
  // Port 0: free ports, so the suite never collides with a running `npm start` (and the pages' default
  // addresses are rewritten, which the tests below rely on).
  demo = await startDemo({port: 0, mockPort: 0});
  site = new URL(demo.url).origin;
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

const post = (path) => fetch(`${site}${path}`, {method: 'POST', headers: {accept: 'application/json'}});

/**
 * A page that records its console errors (and uncaught exceptions), its console.debug lines and the paths of
 * the requests it makes, all from before it starts loading; `setup(page)` runs before that too.
 */
async function openPage(path, {viewport = DESKTOP, setup} = {}) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const errors = [];
  const debug = [];
  const requests = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'debug') debug.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await setup?.(page);
  // Every event the elements dispatch, from the first one on, as window.events.
  await page.evaluateOnNewDocument(() => {
    window.events = [];
    for (const type of ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired']) {
      document.addEventListener(type, (event) => window.events.push({type, detail: event.detail}));
    }
  });
  // Not `load`: a frame the network lane holds back on purpose may delay it.
  await page.goto(`${demo.featuresUrl}${path}`, {waitUntil: 'domcontentloaded'});
  return {page, errors, debug, requests};
}

/**
 * Waits for the page's `.log` to list `text`. On a timeout the failure shows the log and the elements' states,
 * since the log is what tells a callback that never came from one that came with another argument.
 */
async function waitForLog(page, text, timeout = 30_000) {
  try {
    await poll(page, (t) => document.querySelector('.log').textContent.includes(t), {timeout}, text);
  } catch (error) {
    const seen = await page.evaluate(() => ({
      log: document.querySelector('.log')?.textContent,
      states: [...document.querySelectorAll('pilotstatus-connect')].map((el) => el.state),
      modal: [...document.querySelectorAll('.pilotstatus-modal')].map((host) =>
        [...host.shadowRoot.querySelectorAll('pilotstatus-connect')].map((el) => el.state),
      ),
    }));
    throw new Error(`the log never listed "${text}": ${JSON.stringify(seen)}`, {cause: error});
  }
}

/**
 * The Connect frame inside the element `selector` once it shows `ready`. The iframe may be replaced (a new
 * token, a retry) and then navigates to the Connect origin, so an early handle can go stale: look
 * again until one holds.
 */
async function connectFrame(page, selector, ready = '.qr svg') {
  // 30 s: on a loaded 2-core machine a cross-origin frame can take that long to paint.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const frameHandle = await poll(
      page,
      (s) => {
        // The visible iframe under `selector`, through every shadow root on the way: the element's own, a
        // modal's and then its element's, or the element mount() put inside a container.
        const deep = (root) =>
          root.querySelector('iframe:not([hidden])') ??
          [...root.querySelectorAll('*')].map((el) => el.shadowRoot && deep(el.shadowRoot)).find(Boolean);
        const host = document.querySelector(s);
        return host && ((host.shadowRoot && deep(host.shadowRoot)) || deep(host));
      },
      {timeout: 30_000},
      selector,
    )
      .then((handle) => handle.asElement())
      .catch(async (error) => {
        // No frame at all: say what the element (or the modal's) shows instead, and what it dispatched.
        const seen = await page.evaluate((s) => {
          const host = document.querySelector(s);
          const el =
            host?.localName === 'pilotstatus-connect'
              ? host
              : (host?.shadowRoot ?? host)?.querySelector('pilotstatus-connect');
          return {
            found: !!host,
            state: el?.state,
            shown: el?.shadowRoot?.querySelector('[role="status"]')?.textContent.trim().slice(0, 200),
            events: window.events,
          };
        }, selector);
        throw new Error(`no Connect frame in ${selector}: ${JSON.stringify(seen)}`, {cause: error});
      });
    const frame = await frameHandle.contentFrame();
    try {
      if (frame?.url().includes('/connect/')) {
        await poll(frame, (r) => document.querySelector(r), {timeout: 2_000}, ready);
        return {frame, frameHandle};
      }
    } catch (error) {
      if (Date.now() > deadline) {
        // What the frame showed instead, and the element's state: a wait that fails says what it saw.
        const read = (f) =>
          f?.evaluate(() => document.body?.innerText.slice(0, 300)).catch((e) => `(unreadable: ${e.message})`);
        const shown = await read(frame);
        const same = page.frames().filter((f) => f.url() === frame?.url());
        const others = await Promise.all(
          same.map((f) => read(f).then((text) => `${f === frame ? 'same' : 'other'} frame object: ${text}`)),
        );
        console.error(`connectFrame: ${error.message}; page.frames() with that URL: ${JSON.stringify(others)}`);
        const state = await page.$eval(selector, (el) => el.state).catch(() => '(none)');
        throw new Error(`${selector} (state ${state}) frame ${frame?.url()} never showed ${ready}: ${shown}`, {
          cause: error,
        });
      }
    }
    if (Date.now() > deadline) throw new Error(`the Connect frame in ${selector} never showed ${ready}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const waitForState = (page, selector, state, timeout = 15_000) =>
  poll(page, (s, want) => document.querySelector(s)?.state === want, {timeout}, selector, state);

const states = (page) => page.$$eval('pilotstatus-connect', (elements) => elements.map((el) => el.state));

/** The text the element shows in its shadow root (its loading indicator or panel). */
const shownText = (page, selector) =>
  page.$eval(selector, (el) => el.shadowRoot.querySelector('[role="status"]').textContent.replace(/\s+/g, ' ').trim());

/**
 * Resolves once every Connect page in view has been laid out at its frame's current width and the element
 * has applied the height that page posted for that layout: the frame's `style.height` is the height of the
 * content inside it (a Connect page posts it on every resize; see demo/mock/connect-page.ts). Frames out of
 * view are left out: Chromium does not render a cross-origin frame outside the viewport, so its page posts
 * nothing until it shows. So are frames still on their way (held back by the network lane).
 */
async function framesSettled(page) {
  const deadline = Date.now() + 10_000;
  for (const handle of await page.$$('pilotstatus-connect >>> iframe:not([hidden])')) {
    const frame = await handle.contentFrame();
    if (!frame?.url().includes('/connect/')) continue;
    // A Connect page that ended up on another origin than the frame's src (debug.html's redirect) is not
    // heard at all, its resizes included: that is what the page demonstrates.
    if ((await handle.evaluate((iframe) => new URL(iframe.src).origin)) !== new URL(frame.url()).origin) continue;
    for (;;) {
      const [outer, inner] = await Promise.all([
        handle.evaluate((iframe) => {
          const box = iframe.getBoundingClientRect();
          const inView = box.width > 0 && box.bottom > 0 && box.top < window.innerHeight;
          return {inView, width: iframe.clientWidth, height: iframe.style.height};
        }),
        frame.evaluate(() => ({
          width: window.innerWidth,
          height: `${Math.ceil(document.documentElement.getBoundingClientRect().height)}px`,
        })),
      ]);
      // A pixel of slack on the width: the two sides round a fractional width each their own way.
      if (!outer.inView || (Math.abs(outer.width - inner.width) <= 1 && outer.height === inner.height)) break;
      if (Date.now() > deadline) {
        throw new Error(`a Connect frame never settled: ${JSON.stringify({outer, inner, url: frame.url()})}`);
      }
      // Polling a condition that spans two documents (the page's and the frame's), not a fixed sleep.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  // Then one more rendered frame of the page, with those heights.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * A screenshot of the whole page, with the viewport stretched to the page's height first: Chromium paints
 * cross-origin frames only inside the viewport, and capturing beyond it re-lays them out. Frames that come
 * into view then post their heights, which can make the page taller: stretched again until it stops growing.
 */
async function shot(page, name, viewport) {
  for (let height = 0, round = 0; ; round++) {
    const next = await page.evaluate(() => document.documentElement.scrollHeight);
    if (next === height) break;
    if (round === 5) throw new Error(`${name}: the page height never settled (${height}, then ${next} px)`);
    height = next;
    await page.setViewport({...viewport, height});
    await framesSettled(page);
  }
  await page.screenshot({path: new URL(`${name}.png`, artifacts).pathname, captureBeyondViewport: false});
  await page.setViewport(viewport);
}

/** Both screenshots: as opened (desktop), then on a 360 px phone; then back to the desktop, settled. */
async function shots(page, name) {
  await shot(page, `features-${name}-desktop`, DESKTOP);
  await shot(page, `features-${name}-phone`, PHONE);
  await page.setViewport(DESKTOP);
  await framesSettled(page);
}

/**
 * Every `<code data-markup>` the page prints is the markup it runs: each element, slotted child and script
 * it shows is on the page with at least the attributes shown; a stylesheet it shows (`data-markup="x.css"`)
 * is, rule by rule and give or take whitespace, in that file.
 */
async function assertMarkupIsLive(page) {
  const blocks = await page.$$eval('code[data-markup]', (codes) =>
    codes.map((code) => ({text: code.textContent, file: code.dataset.markup})),
  );
  assert.ok(blocks.length > 0, 'the page prints no markup');
  for (const {text, file} of blocks) {
    if (file) {
      const squash = (css) =>
        css
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;])\s*/g, '$1')
          .trim();
      const source = squash(await (await fetch(new URL(file, demo.featuresUrl))).text());
      for (const rule of text.split('}').slice(0, -1))
        assert.ok(source.includes(squash(`${rule}}`)), `${file}: ${rule}`);
      continue;
    }
    const missing = await page.evaluate((markup) => {
      const template = document.createElement('template');
      template.innerHTML = markup;
      return [...template.content.querySelectorAll('pilotstatus-connect, [slot], script')]
        .filter(
          (shown) =>
            ![...document.querySelectorAll(shown.localName)].some((live) =>
              [...shown.attributes].every(({name, value}) => live.getAttribute(name) === value),
            ),
        )
        .map((shown) => shown.outerHTML);
    }, text);
    assert.deepEqual(missing, [], 'shown but not on the page');
  }
}

const withoutExpected = (errors, expected = []) =>
  errors.filter((text) => !expected.some((pattern) => pattern.test(text)));

describe('the demo backend routes the feature pages use', () => {
  it('POST /api/connect-token mints a link for the demo number and answers only {token}', async () => {
    const response = await post('/api/connect-token');
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ['token']);
    assert.match(body.token, UUID);
    const link = demo.mock.links.get(body.token);
    assert.equal(link.number, '5511999999999');
    // Paired, Connect sends the user back to this site's landing page.
    assert.equal(link.redirectUrl, `${site}/demo/features/connected.html`);
  });

  it('POST /api/connect-link answers {remotePairingUrl} on the mock origin', async () => {
    const body = await (await post('/api/connect-link')).json();
    assert.deepEqual(Object.keys(body), ['remotePairingUrl']);
    const url = new URL(body.remotePairingUrl);
    assert.equal(url.origin, demo.mockOrigin);
    assert.match(url.pathname.split('/').pop(), UUID);
  });

  it('POST /api/expired-link answers a link that has already expired', async () => {
    const {token} = await (await post('/api/expired-link')).json();
    assert.ok(demo.mock.links.get(token).expiresAt <= Date.now());
    const page = await fetch(`${demo.mockOrigin}/connect/${token}`, {headers: {referer: `${site}/`}});
    assert.match(await page.text(), /"state":"expired"/);
  });

  it('POST /api/connect-token/unavailable fails with 500; GET on any of them is 405', async () => {
    assert.equal((await post('/api/connect-token/unavailable')).status, 500);
    for (const path of ['/api/connect-token', '/api/connect-link', '/api/expired-link']) {
      const response = await fetch(`${site}${path}`);
      assert.equal(response.status, 405, path);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });

  it('serves /dist/pilotstatus-connect.bundled.js, bundled from src/, with no build step', async () => {
    const response = await fetch(`${site}/dist/pilotstatus-connect.bundled.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /javascript/);
    const code = await response.text();
    assert.match(code, /pilotstatus-connect/);
    assert.doesNotMatch(code, /^\s*import\s/m, 'one self-contained file');
  });

  it('sends a CSP that leaves Connect out of frame-src with csp.html only', async () => {
    const csp = await fetch(`${demo.featuresUrl}csp.html`);
    assert.equal(csp.headers.get('content-security-policy'), "frame-src 'self'");
    const other = await fetch(`${demo.featuresUrl}no-code.html`);
    assert.equal(other.headers.get('content-security-policy'), null);
  });

  it('rewrites the default addresses in the pages when other ports were picked', async () => {
    const html = await (await fetch(`${demo.featuresUrl}timeout.html`)).text();
    assert.ok(html.includes(`base-url="${demo.laneOrigin}/flaky"`));
    const branding = await (await fetch(`${demo.featuresUrl}branding.html`)).text();
    assert.ok(branding.includes(`base-url="${demo.mockOrigin}"`));
    assert.ok(branding.includes(`logoUrl=${site}/demo/features/acme-logo.svg`));
    for (const origin of Object.values(DEFAULT_ORIGINS)) assert.ok(!branding.includes(origin), origin);
  });
});

describe('the network lane in front of the mock', () => {
  const connectPage = async (path) => {
    const {token} = await (await post('/api/connect-token')).json();
    const response = await fetch(`${demo.laneOrigin}${path}/connect/${token}`, {
      headers: {referer: `${site}/`},
      redirect: 'manual',
    });
    return {response, token};
  };

  it('/slow/<ms> holds the Connect page back, then answers it', async () => {
    const {token} = await (await post('/api/connect-token')).json();
    const url = `${demo.laneOrigin}/slow/400/connect/${token}`;
    // Held back: no answer within 250 ms (a bounded wait, to show that something does not happen).
    const first = fetch(url, {headers: {referer: `${site}/`}, signal: AbortSignal.timeout(250)});
    await assert.rejects(first, {name: 'TimeoutError'});
    // Asked again and given the time, it answers with the Connect page.
    const response = await fetch(url, {headers: {referer: `${site}/`}, signal: AbortSignal.timeout(5_000)});
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Connect your WhatsApp number/);
  });

  it('/moved redirects to the mock origin', async () => {
    const {response, token} = await connectPage('/moved');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${demo.mockOrigin}/connect/${token}`);
  });

  it('/flaky stalls the first load of a link, not the next one; the rest goes straight through', async () => {
    const {token} = await (await post('/api/connect-token')).json();
    const url = `${demo.laneOrigin}/flaky/connect/${token}`;
    const first = fetch(url, {headers: {referer: `${site}/`}, signal: AbortSignal.timeout(300)});
    await assert.rejects(first, {name: 'TimeoutError'});
    const second = await fetch(url, {headers: {referer: `${site}/`}, signal: AbortSignal.timeout(5_000)});
    assert.equal(second.status, 200);
    const pair = await fetch(`${demo.laneOrigin}/connect/${token}/pair`, {method: 'POST'});
    assert.equal(pair.status, 200);
    assert.equal((await pair.json()).redirectUrl, `${site}/demo/features/connected.html`);
  });
});

describe('the mock: a redirectUrl per pairing link (what the demo backend sets)', () => {
  let mock;
  let server;
  before(async () => {
    mock = createMockPilotStatus();
    server = await listen(mock.handler);
  });
  after(() => server.close());

  const create = (extra) =>
    fetch(`http://127.0.0.1:${server.port}/v1/numbers/remote-pairing`, {
      method: 'POST',
      headers: {'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json'},
      body: JSON.stringify({name: 'Support', number: '5511999999999', ...extra}),
    });
  const pairAnswer = async (extra) => {
    const {remotePairingUrl} = await (await create(extra)).json();
    return (await fetch(`${remotePairingUrl}/pair`, {method: 'POST'})).json();
  };

  it("pairing answers the link's redirectUrl", async () => {
    const answer = await pairAnswer({redirectUrl: 'https://saas.example/settings/whatsapp?done=1'});
    assert.equal(answer.redirectUrl, 'https://saas.example/settings/whatsapp?done=1');
  });

  it("without one, the mock's own /numbers/<id> page, as before", async () => {
    const answer = await pairAnswer({});
    assert.equal(answer.redirectUrl, `http://127.0.0.1:${server.port}/numbers/${answer.numberId}`);
  });

  it('refuses a redirectUrl that is not https: (or http: on loopback)', async () => {
    for (const redirectUrl of ['javascript:alert(1)', 'http://saas.example/', '/relative', 42]) {
      const response = await create({redirectUrl});
      assert.equal(response.status, 400, String(redirectUrl));
      assert.equal((await response.json()).field, 'redirectUrl');
    }
    assert.equal((await create({redirectUrl: 'http://localhost:8000/done'})).status, 200);
  });
});

describe('no-code.html: token-url and redirect with HTML only', () => {
  it('has no script of its own beyond the bundle, and no inline handlers', async () => {
    const html = await (await fetch(`${demo.featuresUrl}no-code.html`)).text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    assert.deepEqual(scripts, ['<script type="module" src="/dist/pilotstatus-connect.bundled.js">']);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
  });

  it('fetches a token, once, shows Connect, and after a scan in the frame goes to the redirect target', async () => {
    const {page, errors, requests} = await openPage('no-code.html');
    const {frame} = await connectFrame(page, '#connect');
    assert.equal(new URL(frame.url()).origin, demo.mockOrigin);
    assert.equal(await page.$eval('#connect', (el) => el.state), 'ready');
    // The Connect page was loaded for the token the backend minted, which the page never held in a script.
    const token = new URL(frame.url()).pathname.split('/').pop();
    assert.equal(demo.mock.links.get(token)?.redirectUrl, `${site}/demo/features/connected.html`);
    await assertMarkupIsLive(page);
    await shots(page, 'no-code');

    const navigation = page.waitForNavigation({waitUntil: 'domcontentloaded'});
    await click(frame, '#scan');
    await navigation;
    assert.equal(page.url(), `${site}/demo/features/connected.html`);
    await poll(page, () => document.querySelector('#connected'));
    // Counted from before the page started loading, through the landing page.
    assert.equal(requests.filter((path) => path === '/api/connect-token').length, 1, 'token requests');
    assert.deepEqual(errors, []);
    await shots(page, 'connected');
    await page.close();
  });

  it('asks the backend with a bodiless same-origin POST that accepts JSON', async () => {
    const page = await browser.newPage();
    const request = new Promise((resolve) =>
      page.on('request', (r) => new URL(r.url()).pathname === '/api/connect-token' && resolve(r)),
    );
    await page.goto(`${demo.featuresUrl}no-code.html`, {waitUntil: 'domcontentloaded'});
    const seen = await request;
    assert.equal(seen.method(), 'POST');
    assert.equal(seen.postData(), undefined);
    assert.equal(seen.headers().accept, 'application/json');
    await page.close();
  });
});

// One at a time: Chromium neither paints nor runs animation frames in a background tab.
describe('every feature page', () => {
  it('index.html links every feature page, and the main demo links the index', async () => {
    const {page, errors} = await openPage('');
    const links = await page.$$eval('.index a', (anchors) => anchors.map((a) => new URL(a.href).pathname));
    assert.deepEqual(links, [
      '/demo/features/no-code.html',
      '/demo/features/states.html',
      '/demo/features/theming.html',
      '/demo/features/languages.html',
      '/demo/features/branding.html',
      '/demo/features/timeout.html',
      '/demo/features/csp.html',
      '/demo/features/debug.html',
      '/demo/features/drop-in.html',
    ]);
    for (const link of links) assert.equal((await fetch(`${site}${link}`)).status, 200, link);
    const main = await (await fetch(demo.url)).text();
    assert.match(main, /href="\/demo\/features\/"/);
    assert.deepEqual(errors, []);
    await shots(page, 'index');
    await page.close();
  });

  it('states.html: :state() in CSS, the themed error panel, a slotted expired panel and loading indicator', async () => {
    const {page, errors} = await openPage('states.html', {
      // Each state #slow takes, with what its loading slot shows once rendered in it: a record kept from the
      // start, so the test can read what showed while the lane held Connect back, however late it looks.
      setup: (p) =>
        p.evaluateOnNewDocument(() => {
          window.slowStates = [];
          new MutationObserver((records) => {
            for (const {target} of records) {
              if (target.id !== 'slow') continue;
              void target.updateComplete.then(() =>
                window.slowStates.push({
                  state: target.state,
                  slotted:
                    target.shadowRoot.querySelector('slot[name="loading"]')?.assignedElements()[0]?.className ?? null,
                }),
              );
            }
          }).observe(document, {subtree: true, attributes: true, attributeFilter: ['state']});
        }),
    });
    await connectFrame(page, '#themed');
    await waitForState(page, '#themed', 'ready');
    const badge = () =>
      page.$eval('#themed + .state-badge', (el) => getComputedStyle(el, '::after').getPropertyValue('content'));
    assert.equal(await badge(), '"ready"');
    // The slow lane holds Connect back for 4 s: the page's own loading content shows meanwhile, then Connect.
    await waitForState(page, '#slow', 'ready');
    assert.deepEqual(await page.evaluate(() => window.slowStates), [
      {state: 'loading', slotted: 'my-loading'},
      {state: 'ready', slotted: null},
    ]);
    // Three attempts against a backend that answers 500, then the built-in panel in the dark theme.
    await waitForState(page, '#failing', 'error');
    assert.match(
      await shownText(page, '#failing'),
      /Could not get a connection link Please try again in a moment\. Try again/,
    );
    const panel = await page.$eval('#failing', (el) => {
      const style = getComputedStyle(el.shadowRoot.querySelector('[part~="panel"]'));
      return style.backgroundColor;
    });
    assert.equal(panel, 'rgb(22, 27, 34)');
    // A link that expired before the page opened: the page's own panel replaces the built-in one.
    await waitForState(page, '#expired', 'expired');
    assert.equal(await page.$eval('#expired [slot="expired"]', (el) => el.getBoundingClientRect().height > 0), true);
    await assertMarkupIsLive(page);
    // retry() (the page's "Load it again"): a new frame for the same link, so the slotted indicator again, in
    // the screenshots too; then Connect.
    // The state is read in the same task as the press: the lane's 4 s are not the test's to race against.
    const pressed = await page.$eval('#reload-slow', (button) => {
      button.click();
      return document.getElementById('slow').state;
    });
    assert.equal(pressed, 'loading');
    await shots(page, 'states');
    await waitForState(page, '#slow', 'ready');

    // Its button mints a fresh link: Connect shows again.
    await click(page, '#new-link');
    await connectFrame(page, '#expired');
    // Paired: the border and the CSS-only badge follow :state(paired).
    const {frame} = await connectFrame(page, '#themed');
    await frame.$eval('#scan', (button) => button.click());
    await waitForState(page, '#themed', 'paired');
    await poll(page, () => getComputedStyle(document.getElementById('themed')).borderTopColor === 'rgb(26, 127, 55)');
    assert.equal(await badge(), '"paired ✓"');
    assert.deepEqual(withoutExpected(errors, [/status of 500/]), []);
    await page.close();
  });

  it('languages.html: the loading indicator and the panels in pt-BR, en and es', async () => {
    const {page, errors} = await openPage('languages.html');
    // Each expired-link element renews once by itself, then stops: wait for its second, final expiry.
    await poll(
      page,
      () => window.events.filter((e) => e.type === 'pilotstatus-expired' && !e.detail.renewing).length === 3,
      {timeout: 15_000},
    );
    assert.deepEqual(await states(page), [
      ...['loading', 'expired', 'error'],
      ...['loading', 'expired', 'error'],
      ...['loading', 'expired', 'error'],
    ]);
    const texts = await page.$$eval('.languages .card', (cards) =>
      cards.map((card) =>
        [...card.querySelectorAll('pilotstatus-connect')].map((el) =>
          el.shadowRoot.querySelector('[role="status"]').textContent.replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
    assert.deepEqual(texts, [
      [
        'Carregando a conexão do WhatsApp…',
        'Este link de conexão expirou Por segurança, os links de conexão valem por 24 horas. Gerar um novo link',
        'Este link de conexão não é válido Peça um novo link para conectar o seu número.',
      ],
      [
        'Loading the WhatsApp connection…',
        'This connection link has expired For your security, connection links last 24 hours. Get a new link',
        'This connection link is not valid Ask for a new link to connect your number.',
      ],
      [
        'Cargando la conexión de WhatsApp…',
        'Este enlace de conexión ha caducado Por seguridad, los enlaces de conexión duran 24 horas. Obtener un enlace nuevo',
        'Este enlace de conexión no es válido Pide un enlace nuevo para conectar tu número.',
      ],
    ]);
    await assertMarkupIsLive(page);
    await shots(page, 'languages');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('branding.html: name, colour and logo from the tag reach the Connect page', async () => {
    const {page, errors} = await openPage('branding.html');
    const {frame: branded} = await connectFrame(page, '#branded');
    const {frame: plain} = await connectFrame(page, '#plain');
    const query = new URL(branded.url()).searchParams;
    assert.equal(query.get('name'), 'Acme Helpdesk');
    assert.equal(query.get('primaryColor'), '#d9480f');
    assert.equal(query.get('logoUrl'), `${site}/demo/features/acme-logo.svg`);
    assert.equal(await branded.$eval('#brand-name', (el) => el.textContent), 'Acme Helpdesk');
    assert.equal(await branded.$eval('#scan', (el) => getComputedStyle(el).backgroundColor), 'rgb(217, 72, 15)');
    await poll(branded, () => document.querySelector('.brand img')?.naturalWidth > 0);
    assert.equal(await plain.$eval('#brand-name', (el) => el.textContent), 'PilotStatus');
    // No branding keys: only the language and colour scheme the element always forwards.
    assert.deepEqual([...new URL(plain.url()).searchParams.keys()], ['lang', 'colorScheme']);
    await assertMarkupIsLive(page);
    await shots(page, 'branding');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('timeout.html: a stalled Connect → the timeout panel; "Try again" → Connect', async () => {
    const {page, errors} = await openPage('timeout.html');
    await waitForState(page, '#connect', 'error', 10_000);
    assert.match(await page.$eval('.log', (el) => el.textContent), /"code":"timeout"/);
    assert.equal(
      await shownText(page, '#connect'),
      'Connecting is taking too long Check your internet connection and try again. Try again',
    );
    await assertMarkupIsLive(page);
    await shots(page, 'timeout');
    await click(page, '#connect >>> [part="retry-button"]');
    const {frame} = await connectFrame(page, '#connect');
    assert.equal(new URL(frame.url()).origin, demo.laneOrigin);
    await waitForState(page, '#connect', 'ready');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("csp.html: the page's own CSP blocks the frame → csp-blocked, naming the source to add", async () => {
    const {page, errors} = await openPage('csp.html');
    await waitForState(page, '#connect', 'error');
    await waitForLog(page, 'csp-blocked');
    const log = await page.$eval('.log', (el) => el.textContent);
    assert.ok(log.includes(`add ${demo.mockOrigin} to its frame-src`), log);
    assert.equal(
      await shownText(page, '#connect'),
      'The connection cannot be shown here This page cannot show the WhatsApp connection right now. Please try again later.',
    );
    await assertMarkupIsLive(page);
    await shots(page, 'csp');
    // Chromium's own report of the violation is the only console error.
    assert.deepEqual(withoutExpected(errors, [/violates the following Content Security Policy directive/]), []);
    assert.equal(errors.length, 1);
    await page.close();
  });

  it('debug.html: the origin mismatch and a message from the page itself are explained in the console', async () => {
    const {page, errors, debug} = await openPage('debug.html');
    await connectFrame(page, '#connect');
    await poll(page, () => document.querySelector('.console').textContent.includes('not the Connect origin'));
    assert.ok(
      debug.some((line) =>
        line.includes(`its origin is ${demo.mockOrigin}, not the Connect origin ${demo.laneOrigin}`),
      ),
      debug.join('\n'),
    );
    await click(page, '#post-from-page');
    await poll(page, () => document.querySelector('.console').textContent.includes('current frame'));
    assert.ok(debug.some((line) => line.includes('does not come from this element’s current frame')));
    assert.equal(await page.$eval('#connect', (el) => el.state), 'ready', 'nothing was taken for a pairing');
    await assertMarkupIsLive(page);
    await shots(page, 'debug');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('drop-in.html: mount() inline, and open() a modal in pt-BR that pairs and closes with "Done"', async () => {
    const {page, errors} = await openPage('drop-in.html');
    await connectFrame(page, '#inline');
    await waitForState(page, '#inline pilotstatus-connect', 'ready');
    await assertMarkupIsLive(page);
    await page.select('select[name="lang"]', 'pt-BR');
    await click(page, '#open-modal');
    const {frame} = await connectFrame(page, '.pilotstatus-modal');
    assert.equal(new URL(frame.url()).searchParams.get('lang'), 'pt-BR');
    assert.equal(await frame.$eval('h1', (el) => el.textContent), 'Conecte o seu número de WhatsApp');
    const modal = () =>
      page.evaluate(() => {
        const root = document.querySelector('.pilotstatus-modal')?.shadowRoot;
        const dialog = root?.querySelector('dialog');
        return {
          open: !!dialog?.open,
          label: dialog?.getAttribute('aria-label'),
          close: root?.querySelector('[part~="close-button"]').getAttribute('aria-label'),
          done: root?.querySelector('[part~="done-button"]').checkVisibility(),
          overflow: document.documentElement.style.overflow,
        };
      });
    assert.deepEqual(await modal(), {
      open: true,
      label: 'Conectar um número de WhatsApp',
      close: 'Fechar',
      done: false,
      overflow: 'hidden',
    });
    await framesSettled(page);
    await page.screenshot({path: new URL('features-drop-in-modal-desktop.png', artifacts).pathname});
    await page.setViewport(PHONE);
    await framesSettled(page);
    await page.screenshot({path: new URL('features-drop-in-modal-phone.png', artifacts).pathname});
    // A locator click waits for the button to stand still in view: the sheet was just laid out for a phone.
    await click(frame, '#scan');
    await waitForLog(page, 'modal onPaired');
    assert.equal((await modal()).done, true);
    await page.screenshot({path: new URL('features-drop-in-modal-paired-phone.png', artifacts).pathname});
    await click(page, '.pilotstatus-modal >>> [part~="done-button"]');
    await waitForLog(page, 'modal onClose');
    assert.equal(await page.$('.pilotstatus-modal'), null);
    assert.equal(await page.evaluate(() => document.documentElement.style.overflow), '');
    await page.setViewport(DESKTOP);
    await shots(page, 'drop-in');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('theming.html: a dark page gets a dark Connect card, dark panels and a dark modal', async () => {
    const {page, errors} = await openPage('theming.html');
    const {frame} = await connectFrame(page, '#inline');
    assert.equal(new URL(frame.url()).searchParams.get('colorScheme'), 'dark');
    assert.equal(await frame.$eval('body', (el) => getComputedStyle(el).backgroundColor), 'rgb(13, 17, 23)');
    await waitForState(page, '#expired', 'expired');
    const panel = await page.$eval('#expired', (el) => {
      const style = getComputedStyle(el.shadowRoot.querySelector('[part~="panel"]'));
      return [style.backgroundColor, style.color];
    });
    assert.deepEqual(panel, ['rgb(22, 27, 34)', 'rgb(230, 237, 243)']);
    await assertMarkupIsLive(page);
    await shots(page, 'theming');
    await click(page, '#open-modal');
    await connectFrame(page, '.pilotstatus-modal');
    const dialog = await page.$eval('.pilotstatus-modal', (host) => {
      const style = getComputedStyle(host.shadowRoot.querySelector('dialog'));
      return [style.backgroundColor, style.color, style.borderTopLeftRadius];
    });
    assert.deepEqual(dialog, ['rgb(22, 27, 34)', 'rgb(230, 237, 243)', '16px']);
    // Forced colours, for real, through the DevTools protocol (the browser runner's emulateMedia() and
    // puppeteer's emulateMediaFeatures() both leave this feature out): the dialog and its buttons keep edges.
    const cdp = await page.createCDPSession();
    const forced = (value) => cdp.send('Emulation.setEmulatedMedia', {features: [{name: 'forced-colors', value}]});
    await forced('active');
    const edges = await page.$eval('.pilotstatus-modal', (host) => {
      const edge = (selector) => {
        const style = getComputedStyle(host.shadowRoot.querySelector(selector));
        return `${style.borderTopStyle} ${style.borderTopWidth}`;
      };
      return [
        matchMedia('(forced-colors: active)').matches,
        edge('dialog'),
        edge('[part~="close-button"]'),
        edge('[part~="done-button"]'),
      ];
    });
    assert.deepEqual(edges, [true, 'solid 1px', 'solid 1px', 'solid 1px']);
    await page.screenshot({path: new URL('features-theming-modal-forced-colors.png', artifacts).pathname});
    await forced('none');
    await cdp.detach();
    await framesSettled(page);
    await page.screenshot({path: new URL('features-theming-modal-desktop.png', artifacts).pathname});
    await page.setViewport(PHONE);
    await framesSettled(page);
    await page.screenshot({path: new URL('features-theming-modal-phone.png', artifacts).pathname});
    await page.keyboard.press('Escape');
    await poll(page, () => !document.querySelector('.pilotstatus-modal'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
