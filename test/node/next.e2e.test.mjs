// Next.js (App Router, server rendering) in real Chromium against the mock PilotStatus: the fixture in
// test/frameworks/next-app/ with this package installed from `npm pack`, as an app installs it, and the
// README's Next.js snippets written into it as they stand there. Built once with `next build`, served with
// `next start`; then, once, `next dev`. Every request of every page is recorded (and any request beyond
// loopback refused), so a frame that goes to the production Connect origin cannot pass unseen.
import assert from 'node:assert/strict';
import {spawn, execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseAst} from 'rollup/parseAst';
import puppeteer from 'puppeteer-core';
import {freePort, listen} from '../../demo/mock/http.mjs';
import {DEFAULT_API_KEY, createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {chromeArgs, findChrome} from '../../scripts/find-chrome.mjs';
import {NO_SITE_ISOLATION, click, poll, waitFor} from './helpers/chromium.mjs';
import {readmeSnippet} from '../plugins/framework-harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = join(root, 'test/frameworks/next-app');
const nextBin = join(root, 'node_modules/next/dist/bin/next');
const env = {...process.env, NEXT_TELEMETRY_DISABLED: '1'};

describe('dist/react.js for React Server Components', () => {
  it("starts with the 'use client' directive", () => {
    const {body} = parseAst(readFileSync(join(root, 'dist/react.js'), 'utf8'));
    assert.equal(body[0].type, 'ExpressionStatement');
    assert.equal(body[0].directive, 'use client');
  });
});

/**
 * `npm pack`, unpacked into the fixture's node_modules: the files a user's install gets (package.json's
 * `files`, reached through its `exports`), nothing else. Lit resolves from the repository's node_modules
 * above, as from a hoisted install. A `file:` link or a bundler alias would resolve the repository itself,
 * src/ and all, and Turbopack would need its root moved.
 */
function installPackage() {
  const packed = mkdtempSync(join(tmpdir(), 'pilotstatus-pack-'));
  try {
    const [{filename}] = JSON.parse(
      execFileSync('npm', ['pack', '--silent', '--json', '--ignore-scripts', '--pack-destination', packed], {
        cwd: root,
        encoding: 'utf8',
      }),
    );
    const target = join(app, 'node_modules/@pilotstatus/connect-element');
    rmSync(target, {recursive: true, force: true});
    mkdirSync(target, {recursive: true});
    execFileSync('tar', ['-xzf', join(packed, filename), '-C', target, '--strip-components=1']);
  } finally {
    rmSync(packed, {recursive: true, force: true});
  }
}

/** The README's Next.js snippets, as files of the fixture (app/_readme/ is ignored by git). */
async function writeSnippets() {
  const dir = join(app, 'app/_readme');
  mkdirSync(dir, {recursive: true});
  for (const name of ['next-wrapper', 'next-bare']) {
    const {lang, code} = await readmeSnippet(name);
    assert.equal(lang, 'tsx', `snippet:${name} is a tsx block`);
    writeFileSync(join(dir, `${name}.tsx`), code);
  }
}

/** Runs `next <command>` in the fixture and resolves once it serves; `stop()` ends it (and its workers). */
async function serve(command) {
  const port = await freePort(0);
  const child = spawn(process.execPath, [nextBin, command, '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((resolve, reject) => {
    const check = () => /Ready in/.test(output) && resolve();
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`next ${command} exited (${code}):\n${output}`)));
  });
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      const started = Date.now();
      // The process group this test started (`next dev` forks its server): nothing else.
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      const late = setTimeout(() => child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await stopped;
      clearTimeout(late);
      timings[`next ${command} stop`] = Date.now() - started;
    },
  };
}

let browser;
let mock;
let mockServer;
let mockOrigin;
const timings = {};

before(async () => {
  const executablePath = findChrome();
  assert.ok(executablePath, 'No Chromium found: install Debian chromium, or set CHROME_PATH.');
  let started = Date.now();
  installPackage();
  await writeSnippets();
  timings['npm pack + install'] = Date.now() - started;
  mock = createMockPilotStatus();
  mockServer = await listen(mock.handler);
  mockOrigin = `http://127.0.0.1:${mockServer.port}`;
  started = Date.now();
  browser = await puppeteer.launch({executablePath, headless: true, args: [...chromeArgs(), ...NO_SITE_ISOLATION]});
  timings['browser launch'] = Date.now() - started;
});
after(async () => {
  await browser?.close();
  await mockServer?.close();
  process.stdout.write(`next.e2e timings (ms): ${JSON.stringify(timings)}\n`);
});

// The element's default base-url (CONTRACT.md): where a token must never go while a test sets base-url.
const PRODUCTION = 'https://connect.pilotstatus.com.br';

async function mintToken() {
  const response = await fetch(`${mockOrigin}/v1/numbers/remote-pairing`, {
    method: 'POST',
    headers: {'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json'},
    body: JSON.stringify({name: 'Next.js', number: '5511999999999'}),
  });
  return (await response.json()).remotePairingUrl.split('/').pop();
}

const loopback = (url) =>
  url.startsWith('data:') || ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * Opens `path` of the app with `token` and the mock as Connect, recording every request (one beyond
 * loopback is refused, after it is recorded), every console message and every page error.
 */
async function visit(server, path, token, {timeout = 30_000} = {}) {
  const page = await browser.newPage();
  const requests = [];
  const messages = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    if (loopback(request.url())) request.continue();
    else request.abort('blockedbyclient');
  });
  page.on('console', (message) =>
    messages.push({type: message.type(), text: message.text(), url: message.location()?.url}),
  );
  page.on('pageerror', (error) => messages.push({type: 'pageerror', text: String(error)}));
  const query = new URLSearchParams({token, base: mockOrigin});
  const response = await page.goto(`${server.origin}${path}?${query}`, {timeout});
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  return {page, requests, messages, html: await response.text()};
}

/** The element's Connect frame, once its page (on the mock's origin) shows `selector`. */
async function connectFrame(page, selector, timeout = 30_000) {
  const handle = await poll(
    page,
    (origin) => {
      const frame = document.querySelector('pilotstatus-connect')?.shadowRoot?.querySelector('iframe');
      return frame?.src.startsWith(origin) ? frame : null;
    },
    {timeout},
    mockOrigin,
  );
  for (;;) {
    const frame = await handle.contentFrame();
    try {
      await waitFor(frame, selector, {timeout: 2_000});
      return frame;
    } catch (error) {
      // The frame starts on about:blank and navigates to the Connect origin.
      if (!/detached|Timeout|Target closed/i.test(error.message)) throw error;
    }
  }
}

// Set by the fixture's client components in an effect: React has hydrated them.
const hydrated = (page, timeout = 30_000) => waitFor(page, 'html[data-hydrated]', {timeout});
const calls = (page) => page.evaluate(() => window.__calls ?? []);
const waitForCalls = (page, n) => poll(page, (count) => (window.__calls ?? []).length >= count, {timeout: 15_000}, n);
const state = (page) => page.$eval('pilotstatus-connect', (el) => el.state);

/** Every request of the page went to the app or to the configured base-url (the mock), the frame's among them. */
function assertOrigins(server, requests) {
  const elsewhere = requests.filter(
    (url) => !url.startsWith('data:') && ![server.origin, mockOrigin].includes(new URL(url).origin),
  );
  assert.deepEqual(elsewhere, [], 'requests beyond the app and the configured base-url');
  assert.ok(
    requests.some((url) => url.startsWith(`${mockOrigin}/connect/`)),
    'the Connect page was requested from base-url',
  );
}

/** No console error or warning (React reports hydration mismatches with console.error). */
function assertQuiet(messages, allowed = []) {
  const noise = messages.filter(
    ({type, text}) => ['error', 'warn', 'pageerror'].includes(type) && !allowed.some((re) => re.test(text)),
  );
  assert.deepEqual(noise, [], 'console errors or warnings');
}

/** Fails then pairs a link through the page at `path`; returns what its handlers received. */
async function failThenPair(server, path, options) {
  const token = await mintToken();
  const visited = await visit(server, path, token, options);
  const {page} = visited;
  await hydrated(page, options?.timeout);
  const frame = await connectFrame(page, '#scan', options?.timeout);
  await click(frame, '#fail');
  await waitForCalls(page, 1);
  await click(frame, '#scan');
  await waitForCalls(page, 2);
  const [[errorCall, errorDetail], [pairedCall, pairedDetail]] = await calls(page);
  assert.deepEqual([errorCall, errorDetail.code], ['error', 'connect-error']);
  assert.equal(pairedCall, 'paired');
  assert.match(pairedDetail.numberId, /^num_/);
  assert.equal(await state(page), 'paired');
  return visited;
}

const RECIPES = [
  ['/wrapper', 'the wrapper (README snippet:next-wrapper, baseUrl as a prop)'],
  ['/bare', 'the bare tag (README snippet:next-bare, base-url as an attribute)'],
];

describe('Next.js App Router: next build, next start', () => {
  let server;
  before(async () => {
    // The route types a previous `next dev` wrote (it writes them afresh) are type-checked by `next build`
    // too, and name pages that may be gone since.
    rmSync(join(app, '.next/dev/types'), {recursive: true, force: true});
    let started = Date.now();
    execFileSync(process.execPath, [nextBin, 'build'], {cwd: app, env, stdio: ['ignore', 'ignore', 'inherit']});
    timings['next build'] = Date.now() - started;
    started = Date.now();
    server = await serve('start');
    timings['next start'] = Date.now() - started;
  });
  after(() => server?.stop());

  for (const [path, what] of RECIPES) {
    it(`${what}: onError and onPaired run after hydration; every request goes to the app or base-url`, async () => {
      const {page, requests, messages} = await failThenPair(server, path);
      assertOrigins(server, requests);
      assertQuiet(messages);
      await page.close();
    });

    it(`${what}: onExpired runs for an expired link`, async () => {
      const token = await mintToken();
      mock.links.get(token).expiresAt = 0;
      const {page, requests, messages} = await visit(server, path, token);
      await hydrated(page);
      await waitForCalls(page, 1);
      assert.deepEqual(await calls(page), [['expired', null]]);
      assertOrigins(server, requests);
      assertQuiet(messages);
      await page.close();
    });
  }

  it('the wrapper rendered by a server component (dist/react.js is a client reference) pairs', async () => {
    const {page, requests, messages} = await visit(server, '/server-wrapper', await mintToken());
    const frame = await connectFrame(page, '#scan');
    await click(frame, '#scan');
    await poll(page, () => document.querySelector('pilotstatus-connect').state === 'paired');
    assertOrigins(server, requests);
    assertQuiet(messages);
    await page.close();
  });

  it('the bare tag in a server component is in the HTML but never defined: no frame, no request', async () => {
    const token = await mintToken();
    // page.goto() resolves on `load`, which waits for every script of the page, async chunks included.
    const {page, requests, html} = await visit(server, '/server-tag', token);
    assert.match(html, new RegExp(`<pilotstatus-connect token="${token}" base-url="${mockOrigin}">`));
    assert.equal(await page.evaluate(() => customElements.get('pilotstatus-connect')), undefined);
    assert.equal(await page.$eval('pilotstatus-connect', (el) => el.shadowRoot), null);
    assert.deepEqual(
      requests.filter((url) => url.includes('/connect/')),
      [],
    );
    await page.close();
  });

  it('onpilotstatus-* props on the hydrated bare tag: the number pairs and no handler runs (README)', async () => {
    const {page} = await visit(server, '/on-props', await mintToken());
    await hydrated(page);
    const frame = await connectFrame(page, '#scan');
    await click(frame, '#scan');
    // `state` changes in the same task that dispatches pilotstatus-paired: a listener would have run by now.
    await poll(page, () => document.querySelector('pilotstatus-connect').state === 'paired');
    assert.deepEqual(await calls(page), [], 'React now listens after hydration: update the README');
    await page.close();
  });

  it('baseUrl as a property of the hydrated bare tag: the token goes to the default origin (README)', async () => {
    const token = await mintToken();
    const {page, requests} = await visit(server, '/baseurl-prop', token);
    await hydrated(page);
    const src = await poll(
      page,
      () => document.querySelector('pilotstatus-connect').shadowRoot?.querySelector('iframe')?.src,
    );
    // With the language and colour scheme the element forwards.
    const frameUrl = `${PRODUCTION}/connect/${token}?lang=en&colorScheme=light`;
    assert.equal(await src.jsonValue(), frameUrl);
    // Refused by the test before it left the machine.
    assert.ok(requests.includes(frameUrl));
    assert.notEqual(await page.$eval('pilotstatus-connect', (el) => el.baseUrl), mockOrigin, 'hydration set it');
    await page.close();
  });
});

describe('Next.js App Router: next dev, once', () => {
  let server;
  before(async () => {
    const started = Date.now();
    server = await serve('dev');
    timings['next dev ready'] = Date.now() - started;
  });
  after(() => server?.stop());

  // Lit's development build (the "development" export condition) says so once; React's hydration
  // warnings are console errors, and nothing else may be logged as an error or warning.
  const litDevMode = /^Lit is in dev mode/;
  // The first request of each route compiles it.
  const compiling = {timeout: 120_000};

  for (const [path, what] of RECIPES) {
    it(`${what}: handlers run, no hydration warning, every request goes to the app or base-url`, async () => {
      const started = Date.now();
      const {page, requests, messages} = await failThenPair(server, path, compiling);
      timings[`next dev ${path}`] = Date.now() - started;
      assertOrigins(server, requests);
      assertQuiet(messages, [litDevMode]);
      await page.close();
    });
  }

  it('the check sees a hydration warning: the bare tag without suppressHydrationWarning (README)', async () => {
    const {page, messages} = await visit(server, '/on-props', await mintToken(), compiling);
    await hydrated(page, compiling.timeout);
    await poll(page, () => document.querySelector('pilotstatus-connect').state === 'ready');
    const warnings = messages.filter(({type, text}) => type === 'error' && /didn't match/.test(text));
    assert.equal(warnings.length, 1, JSON.stringify(messages));
    assert.match(warnings[0].text, /^-\s+state="(loading|idle)"$/m);
    await page.close();
  });
});
