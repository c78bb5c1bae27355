// The no-code path end to end in Chromium, once per README backend recipe (one browser for all): a page with
// nothing but the bundled build and `<pilotstatus-connect token-url="/api/pairing-token">`, served by the
// recipe's server, gets a link, renews it when Connect reports it expired, pairs, and never sees the tenant
// key: not in its HTML, its frames, nor any request or answer (URL, headers, body).
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import puppeteer from 'puppeteer-core';
import {chromeArgs, findChrome} from '../../scripts/find-chrome.mjs';
import {NO_SITE_ISOLATION, click, poll, waitFor} from './helpers/chromium.mjs';
import {RECIPES, SESSION_COOKIE, cleanUp, startRecipe} from './server-recipes.mjs';

let browser;
before(async () => {
  const executablePath = findChrome();
  assert.ok(executablePath, 'No Chromium found: set CHROME_PATH.');
  browser = await puppeteer.launch({executablePath, headless: true, args: [...chromeArgs(), ...NO_SITE_ISOLATION]});
});
after(async () => {
  await browser?.close();
  cleanUp();
});

/** Everything the page exchanged, as text, for the key search; and the token-url answers. */
function record(page) {
  const seen = [];
  const tokenAnswers = [];
  page.on('request', (request) => {
    seen.push(request.url(), JSON.stringify(request.headers()), request.postData() ?? '');
  });
  page.on('response', async (response) => {
    seen.push(JSON.stringify(response.headers()));
    if (response.url().endsWith('/api/pairing-token')) tokenAnswers.push(response);
    try {
      seen.push(await response.text());
    } catch {
      // A redirect or a preflight has no body to read.
    }
  });
  return {seen, tokenAnswers};
}

/** The element's Connect frame once it shows `ready` for `token` (its handle can go stale while it loads). */
async function connectFrame(page, token, ready) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = await (await waitFor(page, 'pilotstatus-connect >>> iframe')).contentFrame();
    try {
      if (frame?.url().includes(`/connect/${token}`)) {
        await waitFor(frame, ready, {timeout: 2_000});
        return frame;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`the frame for ${token} never showed ${ready}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the no-code page behind each README backend recipe, in Chromium', () => {
  for (const name of RECIPES) {
    it(`${name}: pairs, renews an expired link, never sees the key`, async () => {
      // The first link expires 1.5 s after its Connect page is asked for; the renewed one lives a day.
      const recipe = await startRecipe(name, {expireFirstLinkAfterMs: 1_500});
      const page = await browser.newPage();
      try {
        const {seen, tokenAnswers} = record(page);
        await page.setCookie({...SESSION_COOKIE, url: recipe.origin});
        await page.evaluateOnNewDocument(() => {
          window.__events = [];
          for (const type of ['pilotstatus-paired', 'pilotstatus-expired', 'pilotstatus-error']) {
            document.addEventListener(type, (event) => window.__events.push({type, detail: event.detail}));
          }
        });
        await page.goto(`${recipe.origin}/`);

        await poll(page, () => window.__events.some((e) => e.type === 'pilotstatus-expired'), {
          timeout: 15_000,
        });
        const expired = await page.evaluate(() => window.__events.find((e) => e.type === 'pilotstatus-expired'));
        assert.equal(expired.detail.renewing, true);
        // The renewal asked the recipe again, which minted a second link, and the element shows it.
        const deadline = Date.now() + 10_000;
        while (recipe.mock.links.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const [first, second] = [...recipe.mock.links.keys()];
        assert.ok(second, 'no second link was minted');
        const frame = await connectFrame(page, second, '.qr svg');
        await click(frame, '#scan');
        await poll(page, () => window.__events.some((e) => e.type === 'pilotstatus-paired'), {
          timeout: 15_000,
        });
        assert.equal(await page.$eval('pilotstatus-connect', (el) => el.state), 'paired');
        assert.ok(recipe.mock.links.get(second).numberId);
        assert.equal(recipe.mock.links.get(first).numberId, null);
        // Two links, two answers: nothing retried, nothing minted twice.
        assert.equal(recipe.mock.links.size, 2);
        assert.equal(tokenAnswers.length, 2);
        for (const response of tokenAnswers) {
          assert.equal(response.status(), 200);
          assert.equal(response.headers()['cache-control'], 'no-store');
        }
        assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.type === 'pilotstatus-error')), []);

        const texts = [...seen, await page.content()];
        for (const f of page.frames()) texts.push(await f.content().catch(() => ''));
        assert.ok(texts.length > 10);
        assert.ok(
          texts.some((text) => text.includes(second)),
          'the search saw the token answers',
        );
        for (const text of texts) assert.ok(!text.includes(recipe.apiKey), `the key reached the browser: ${text}`);
      } finally {
        await page.close();
        await recipe.close();
      }
    });
  }
});
