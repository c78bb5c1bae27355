// Renders the built-in panels (the expired one with its "Get a new link" button and the timeout error with
// "Try again") on a light page and on a dark one, side by side, and writes docs/panels.png for the README.
//
//   npm run build && node scripts/screenshot-panels.mjs [out.png]
//
// The panels are the real ones: dist/pilotstatus-connect.bundled.js in Chromium (puppeteer-core, the system
// browser as the end-to-end tests find it), the expired state reached through the mock Connect page (which
// posts connect:expired when driven), the timeout through a 1 ms timeout. PORT picks the mock's port
// (default: any free one).
/* global document, requestAnimationFrame -- inside page.evaluate(), which runs in the page */
import {randomUUID} from 'node:crypto';
import {existsSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';
import {listen} from '../demo/mock/http.mjs';
import {createMockPilotStatus} from '../demo/mock/pilotstatus.mjs';
import {chromeArgs, findChrome} from './find-chrome.mjs';

const bundled = fileURLToPath(new URL('../dist/pilotstatus-connect.bundled.js', import.meta.url));
const out = process.argv[2] ?? fileURLToPath(new URL('../docs/panels.png', import.meta.url));
// The README shows it at about half this width; twice the pixels keep it sharp on high-density screens.
const [width, scale] = [880, 2];

if (!existsSync(bundled)) {
  console.error('screenshot-panels: dist/pilotstatus-connect.bundled.js is missing; run `npm run build` first.');
  process.exit(1);
}
const executablePath = findChrome();
if (!executablePath) {
  console.error(
    'screenshot-panels: no Chromium or Chrome found (Debian: apt-get install chromium; or set CHROME_PATH).',
  );
  process.exit(1);
}

// One column per colour scheme: light-dark() follows the nearest `color-scheme`, so a section that declares
// dark is a dark page as far as the element's colours go.
const column = (scheme, caption) => `<section class="${scheme}">
  <h2>${caption}</h2>
  <pilotstatus-connect class="expired" renewable timeout="0"></pilotstatus-connect>
  <pilotstatus-connect class="timeout" timeout="1"></pilotstatus-connect>
</section>`;
const html = `<!doctype html><html lang="en"><head><title>panels</title><style>
  body { margin: 0; font: 14px/1.45 system-ui, 'DejaVu Sans', sans-serif; }
  main { display: grid; grid-template-columns: 1fr 1fr; width: ${width}px; }
  section { display: grid; gap: 16px; align-content: start; padding: 20px 24px 24px; }
  .light { color-scheme: light; background: #ffffff; color: #1f2328; }
  .dark { color-scheme: dark; background: #0d1117; color: #e6edf3; }
  h2 { margin: 0; font-size: 13px; font-weight: 600; letter-spacing: 0.02em; opacity: 0.75; }
</style></head><body><main>${column('light', 'A light page')}${column('dark', 'A page that declares color-scheme: dark')}</main></body></html>`;

const mock = await listen(createMockPilotStatus({driver: true}).handler, {port: Number(process.env.PORT ?? 0)});
const browser = await puppeteer.launch({executablePath, headless: true, args: chromeArgs()});
try {
  const page = await browser.newPage();
  await page.setViewport({width, height: 600, deviceScaleFactor: scale});
  await page.setContent(html);
  await page.addScriptTag({path: bundled, type: 'module'});
  // Tokens from here: a page set with setContent() is not a secure context, where crypto.randomUUID() is.
  const tokens = Array.from({length: 4}, () => randomUUID());
  await page.evaluate(
    async (baseUrl, tokens) => {
      const until = async (predicate) => {
        while (!predicate()) await new Promise((resolve) => requestAnimationFrame(resolve));
      };
      const elements = [...document.querySelectorAll('pilotstatus-connect')];
      elements.forEach((el, i) => {
        el.setAttribute('base-url', baseUrl);
        el.setAttribute('token', tokens[i]);
      });
      for (const el of document.querySelectorAll('.expired')) {
        await until(() => el.state === 'ready');
        // The mock Connect page in driver mode posts what it is told to, as the real one does on expiry.
        const drive = {drive: 'post', messages: [{data: {type: 'connect:expired'}}], targetOrigin: '*'};
        el.shadowRoot.querySelector('iframe').contentWindow.postMessage(drive, '*');
      }
      await until(() => elements.every((el) => el.shadowRoot?.querySelector('[part="retry-button"]')));
      await document.fonts.ready;
    },
    `http://127.0.0.1:${mock.port}`,
    tokens,
  );
  const main = await page.$('main');
  await main.screenshot({path: out});
  console.log(`screenshot-panels: wrote ${out} (${statSync(out).size.toLocaleString('en')} bytes)`);
} finally {
  await browser.close();
  await mock.close();
}
