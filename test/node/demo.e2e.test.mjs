// The whole demo in real Chromium: the form, the demo backend minting a token against the mock API, the
// element showing the cross-origin Connect page, and each outcome driven from inside that frame as a
// person would (a scan, a failure, an expiry, Meta's popup). Screenshots go to test-artifacts/ (ignored).
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import puppeteer from 'puppeteer-core';
import {startDemo} from '../../demo/server.mjs';
import {chromeArgs, findChrome} from '../../scripts/find-chrome.mjs';
import {NO_SITE_ISOLATION, click, poll, waitFor} from './helpers/chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
mkdirSync(artifacts, {recursive: true});

let browser;
let demo;
let shortLived;
// How far the short-lived mock's clock is ahead of real time: a test moves it past a link's lifetime.
let skew = 0;
before(async () => {
  const executablePath = findChrome();
  assert.ok(
    executablePath,
    'No Chromium found: run `npm run test:browser` once (it installs one on Debian), or set CHROME_PATH.',
  );
  browser = await puppeteer.launch({executablePath, headless: true, args: [...chromeArgs(), ...NO_SITE_ISOLATION]});
  // Port 0: free ports, so the suite never collides with a running `npm start`.
  demo = await startDemo({port: 0, mockPort: 0});
  shortLived = await startDemo({port: 0, mockPort: 0, ttlMs: 3000, now: () => Date.now() + skew});
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  await shortLived?.stop();
});

async function openDemo(site, {provider = 'QR', ready = provider === 'META' ? '#facebook' : '.qr svg'} = {}) {
  const page = await browser.newPage();
  await page.setViewport({width: 1100, height: 900});
  await page.goto(site.url);
  if (provider === 'META') await click(page, 'input[name="provider"][value="META"]');
  await click(page, '#pairing-form button[type="submit"]');
  return {page, ...(await connectFrame(page, ready))};
}

/**
 * The Connect frame inside the element once it shows `ready`. The iframe starts on about:blank and moves to
 * the Connect origin, so an early handle may go stale: look again until it holds.
 */
async function connectFrame(page, ready, token) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frameHandle = await waitFor(page, '#connect >>> iframe');
    const frame = await frameHandle.contentFrame();
    try {
      if (frame?.url().includes(`/connect/${token ?? ''}`)) {
        await waitFor(frame, ready, {timeout: 2_000});
        return {frame, frameHandle};
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`the Connect frame never showed ${ready}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function waitForLog(page, text) {
  return poll(page, (t) => document.getElementById('log').textContent.includes(t), {timeout: 15_000}, text);
}

const shot = (page, name) => page.screenshot({path: new URL(`${name}.png`, artifacts).pathname, fullPage: true});

describe('the demo, end to end', () => {
  it('mints a token on its backend and shows the QR code in the cross-origin frame, resized to fit', async () => {
    const {page, frame, frameHandle} = await openDemo(demo);
    assert.equal(new URL(frame.url()).origin, demo.mockOrigin);
    const token = await page.$eval('#connect', (el) => el.token);
    assert.match(frame.url(), new RegExp(`/connect/${token}\\?lang=en&colorScheme=light$`));
    assert.equal(await frame.$eval('#masked-number', (el) => el.textContent), '+55 •••••••9999');
    await poll(page, () => document.getElementById('connect').state === 'ready');
    // The Connect page posts its content height; the frame follows it instead of the 480 px default.
    const contentHeight = await frame.evaluate(() =>
      Math.ceil(document.documentElement.getBoundingClientRect().height),
    );
    assert.notEqual(contentHeight, 480);
    await poll(page, (handle, h) => handle.style.height === `${h}px`, {}, frameHandle, contentHeight);
    // The height is animated: wait for where it settles.
    await poll(page, (handle, h) => handle.getBoundingClientRect().height === h, {}, frameHandle, contentHeight);
    assert.equal((await frameHandle.boundingBox()).height, contentHeight);
    await shot(page, '1-qr-ready');
    await page.close();
  });

  it('"Simulate scan" in the frame → pilotstatus-paired in the log, with the number and the redirect', async () => {
    const {page, frame} = await openDemo(demo);
    await click(frame, '#scan');
    await waitForLog(page, 'pilotstatus-paired');
    await waitFor(page, '#paired:not([hidden])');
    const numberId = await page.$eval('#number-id', (el) => el.textContent);
    assert.match(numberId, /^num_/);
    assert.equal(await page.$eval('#redirect-url', (el) => el.href), `${demo.mockOrigin}/numbers/${numberId}`);
    assert.equal(await page.$eval('#connect', (el) => el.getAttribute('state')), 'paired');
    await waitFor(frame, '#paired:not([hidden])');
    await shot(page, '2-paired');
    await page.close();
  });

  it('"Simulate failure" → pilotstatus-error with code connect-error, and the flow can still pair', async () => {
    const {page, frame} = await openDemo(demo);
    await click(frame, '#fail');
    await waitForLog(page, '"code":"connect-error"');
    assert.equal(await page.$eval('#connect', (el) => el.state), 'error');
    await shot(page, '3-failure');
    await click(frame, '#scan');
    await waitForLog(page, 'pilotstatus-paired');
    await page.close();
  });

  it('an expired link → pilotstatus-expired, and "Mint a new link" shows a fresh one', async () => {
    // Whether the page loads before or after the short lifetime runs out (a slow machine), Connect reports it.
    const {page} = await openDemo(shortLived, {ready: 'body'});
    const first = await page.$eval('#connect', (el) => el.token);
    await waitForLog(page, 'pilotstatus-expired');
    await waitFor(page, '#expired:not([hidden])');
    await connectFrame(page, '#expired:not([hidden])');
    await shot(page, '4-expired');
    await click(page, '#new-link');
    await poll(page, (old) => document.getElementById('connect').token !== old, {}, first);
    const token = await page.$eval('#connect', (el) => el.token);
    await connectFrame(page, '.qr svg', token);
    assert.equal(await page.$eval('#expired', (el) => el.hidden), true);
    await page.close();
  });

  it('a Meta link: "Continue with Facebook" opens the signup popup, which completes the pairing', async () => {
    const {page, frame} = await openDemo(demo, {provider: 'META'});
    await shot(page, '5-meta');
    const popupTarget = browser.waitForTarget((target) => target.url().includes('/embedded-signup'));
    await click(frame, '#facebook');
    const popup = await (await popupTarget).page();
    await waitFor(popup, '#complete');
    // The popup closes itself as soon as it has reported (window.close() in the click handler), which can
    // end the target before puppeteer hears back about its mouse-up: only that error is expected. The
    // pairing below is what proves the click worked.
    await click(popup, '#complete').catch((error) => {
      if (!/Target closed|Session closed/.test(error.message)) throw error;
    });
    await waitForLog(page, 'pilotstatus-paired');
    await waitFor(page, '#paired:not([hidden])');
    await shot(page, '6-meta-paired');
    await page.close();
  });

  it('an unknown pairing link → the Connect page says so and posts connect:error', async () => {
    const page = await browser.newPage();
    await page.goto(demo.url);
    await page.evaluate((baseUrl) => {
      document.getElementById('pairing').hidden = false;
      const connect = document.getElementById('connect');
      connect.setAttribute('base-url', baseUrl);
      connect.setAttribute('token', crypto.randomUUID());
    }, demo.mockOrigin);
    await waitForLog(page, 'This pairing link does not exist.');
    await connectFrame(page, 'h1');
    assert.equal(await page.$eval('#connect', (el) => el.state), 'error');
    await page.close();
  });

  it('a link that expired before the page opened → connect:expired at load', async () => {
    const response = await fetch(`${shortLived.mockOrigin}/v1/numbers/remote-pairing`, {
      method: 'POST',
      headers: {'x-api-key': 'ps_demo_tenant_key', 'content-type': 'application/json'},
      body: JSON.stringify({name: 'Late', number: '5511999999999'}),
    });
    const token = (await response.json()).remotePairingUrl.split('/').pop();
    // The link's 3 s lifetime passes on the mock's clock, not in real time: the mock already refuses to pair it
    // (410) before the page opens.
    skew += 3_200;
    assert.equal((await fetch(`${shortLived.mockOrigin}/connect/${token}/pair`, {method: 'POST'})).status, 410);
    const page = await browser.newPage();
    await page.goto(shortLived.url);
    await page.evaluate(
      (baseUrl, token) => {
        const connect = document.getElementById('connect');
        connect.setAttribute('base-url', baseUrl);
        connect.setAttribute('token', token);
      },
      shortLived.mockOrigin,
      token,
    );
    await waitForLog(page, 'pilotstatus-expired');
    assert.equal(await page.$eval('#connect', (el) => el.state), 'expired');
    await page.close();
  });

  it('shows the backend refusal for a malformed number, naming what to fix', async () => {
    const page = await browser.newPage();
    await page.goto(demo.url);
    await page.$eval('input[name="number"]', (el) => (el.value = '123'));
    await click(page, '#pairing-form button[type="submit"]');
    await waitFor(page, '#form-error:not([hidden])');
    assert.match(await page.$eval('#form-error', (el) => el.textContent), /10 to 15 digits/);
    assert.equal(await page.$eval('#pairing', (el) => el.hidden), true);
    await page.close();
  });
});
