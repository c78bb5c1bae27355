// `npm run bench`: builds, then measures <pilotstatus-connect> against bench/reference-element.js (the
// hand-written floor) in the same run: sizes, then script evaluation, mount, message handling, routing and
// memory in headless Chromium (and Firefox when installed). Prints one table; writes bench/results.json.
// Progress goes to stderr, so stdout carries the table alone.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import puppeteer from 'puppeteer-core';
import {minify} from 'terser';
import {createMockHandler, listen} from '../demo/mock-pilotstatus.mjs';
import {serveFiles} from './server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => readFileSync(join(root, path));

// How many times each figure is taken. The totals keep the whole run near 2 minutes on 2 cores; every
// runtime sample is itself an average over a batch, because browsers round performance.now() to 100 µs.
const PLAN = {
  evaluation: {pages: 7, copies: 20},
  mount: {pages: 3, batch: 20, samples: 10},
  messages: {pages: 3, count: 10_000, bursts: 3},
  routing: {levels: [1, 10, 100, 500], count: 2_000, bursts: 5},
  memory: {cycles: 1_000, warmup: 20},
  // How long the page holds its main thread at a burst's first message while the frame, in another
  // process, queues the rest (see bench/page.js). Scaled to the burst; far above what a burst needs here.
  holdMsPerMessage: 0.03,
};

const CHROMIUM_PATHS = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
];
const FIREFOX_PATH = '/usr/bin/firefox-esr';

const VARIANTS = {
  ours: {tag: 'pilotstatus-connect', url: '/ours.js'},
  ref: {tag: 'ref-connect', url: '/ref.js'},
};

const log = (line) => process.stderr.write(`${line}\n`);

// --- Build and sizes -----------------------------------------------------------------------------------

log('Building…');
execFileSync(process.execPath, ['scripts/build.mjs'], {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});

// The options of the shipped builds (rollup.config.mjs), so the reference is minified as hard as ours.
const reference = (
  await minify(read('bench/reference-element.js').toString(), {ecma: 2021, module: true, format: {comments: false}})
).code;

function sizes(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, {level: 9}).length,
    brotli: brotliCompressSync(buffer, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

const SHIPPED = [
  ['dist/index.js', 'index.js (Lit external)'],
  ['dist/pilotstatus-connect.bundled.js', 'bundled.js (Lit inside)'],
  ['dist/embed.js', 'embed.js'],
];
const sizeResults = {reference: sizes(reference)};
for (const [path] of SHIPPED) sizeResults[path] = existsSync(join(root, path)) ? sizes(read(path)) : null;

// --- Servers -------------------------------------------------------------------------------------------

const mock = await listen(createMockHandler({driver: true}), {host: '127.0.0.1', port: 0});
const baseUrl = `http://127.0.0.1:${mock.port}`;
const site = await serveFiles(
  new Map([
    [
      '/',
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>',
    ],
    ['/page.js', read('bench/page.js')],
    ['/ours.js', read('dist/pilotstatus-connect.bundled.js')],
    ['/ref.js', reference],
  ]),
);
// localhost and 127.0.0.1 are different sites: the Connect frame is cross-origin and, in Chromium,
// out of process, as in production.
const pageUrl = `http://localhost:${site.port}/`;

// --- Runtime -------------------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Calls window.bench[method] in the page (bench/page.js); the function is sent as source, so it names the
// page's global through globalThis.
const call = (page, method, argument) => page.evaluate((m, a) => globalThis.bench[m](a), method, argument);

async function withPage(browser, variant, options, body) {
  const page = await browser.newPage();
  try {
    page.on('pageerror', (error) => log(`  page error (${variant}): ${error.message}`));
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'bench' in globalThis);
    const {tag, url} = VARIANTS[variant];
    await call(page, 'setup', {tag, baseUrl, timeHandlers: options.timeHandlers});
    if (options.load) await call(page, 'load', url);
    return await body(page, variant);
  } finally {
    await page.close();
  }
}

// Ours and the reference take turns, page by page, so a slow spell of the machine hits both alike.
async function alternate(browser, pages, options, body) {
  const samples = {ours: [], ref: []};
  for (let i = 0; i < pages; i++) {
    for (const variant of ['ours', 'ref']) samples[variant].push(...(await withPage(browser, variant, options, body)));
  }
  return samples;
}

async function heapBytes(page, chromium) {
  const collected = await call(page, 'collect');
  return chromium && collected ? (await page.metrics()).JSHeapUsedSize : null;
}

async function measure(browser, name) {
  const chromium = name === 'chromium';
  const figures = {version: await browser.version()};
  const pick = (samples, key) => ({ours: samples.ours.map((s) => s[key]), ref: samples.ref.map((s) => s[key])});
  const medians = (samples) => ({ours: median(samples.ours), ref: median(samples.ref)});

  log(`${name}: script evaluation`);
  const {pages, copies} = PLAN.evaluation;
  figures.evaluationMs = medians(
    await alternate(browser, pages, {}, async (page, variant) => [
      await call(page, 'evaluate', {url: VARIANTS[variant].url, copies}),
    ]),
  );

  log(`${name}: mount`);
  const mountPlan = PLAN.mount;
  figures.mountMs = medians(
    await alternate(browser, mountPlan.pages, {load: true}, (page) => call(page, 'mount', mountPlan)),
  );

  log(`${name}: messages`);
  const messagePlan = {...PLAN.messages, hold: PLAN.messages.count * PLAN.holdMsPerMessage};
  const bursts = await alternate(browser, messagePlan.pages, {load: true, timeHandlers: true}, (page) =>
    call(page, 'messages', messagePlan),
  );
  figures.handlerUs = medians(pick(bursts, 'handlerUs'));
  figures.messageUs = medians(pick(bursts, 'totalUs'));
  figures.heightWrites = medians(pick(bursts, 'writes'));
  figures.animationFrames = medians(pick(bursts, 'frames'));

  log(`${name}: routing (up to ${Math.max(...PLAN.routing.levels)} elements)`);
  const routingPlan = {...PLAN.routing, hold: PLAN.routing.count * PLAN.holdMsPerMessage};
  const routing = {ours: {}, ref: {}};
  for (const variant of ['ours', 'ref']) {
    const perLevel = await withPage(browser, variant, {load: true}, (page) => call(page, 'routing', routingPlan));
    for (const level of PLAN.routing.levels) routing[variant][level] = median(perLevel[level]);
  }
  figures.routingUs = Object.fromEntries(
    PLAN.routing.levels.map((level) => [level, {ours: routing.ours[level], ref: routing.ref[level]}]),
  );

  log(`${name}: memory (${PLAN.memory.cycles.toLocaleString('en-US')} mount/unmount cycles)`);
  const memory = {};
  for (const variant of ['ours', 'ref']) {
    memory[variant] = await withPage(browser, variant, {load: true}, async (page) => {
      const cycles = (count) => call(page, 'cycles', count);
      const listeners = () => call(page, 'listeners');
      // Warm-up cycles first: Lit's template cache and the engines' inline caches are a one-time cost, not
      // something that grows with each element.
      await cycles(PLAN.memory.warmup);
      const before = {heap: await heapBytes(page, chromium), listeners: await listeners()};
      await cycles(PLAN.memory.cycles);
      const after = {heap: await heapBytes(page, chromium), listeners: await listeners()};
      return {
        heapKB: before.heap === null ? null : (after.heap - before.heap) / 1024,
        listenersLeft: after.listeners - before.listeners,
      };
    });
  }
  figures.heapKB = {ours: memory.ours.heapKB, ref: memory.ref.heapKB};
  figures.listenersLeft = {ours: memory.ours.listenersLeft, ref: memory.ref.listenersLeft};
  return figures;
}

const NETWORK_QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function chromiumRun() {
  const executablePath = CHROMIUM_PATHS.find((path) => path && existsSync(path));
  if (!executablePath) return {skipped: 'no Chromium found (set CHROME_PATH)'};
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      // Chromium refuses to start as root with its own sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...NETWORK_QUIET,
      // gc() for the memory figures.
      '--js-flags=--expose-gc',
      // The bench pages must run at full speed even when the browser thinks nobody is watching.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  try {
    return await measure(browser, 'chromium');
  } finally {
    await browser.close();
  }
}

async function firefoxRun() {
  if (!existsSync(FIREFOX_PATH)) return {skipped: `${FIREFOX_PATH} not found`};
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Firefox rounds performance.now() to 1 ms by default, too coarse even for the batched samples.
    extraPrefsFirefox: {'privacy.reduceTimerPrecision': false},
  });
  try {
    return await measure(browser, 'firefox');
  } finally {
    await browser.close();
  }
}

let runtime;
try {
  runtime = {chromium: await chromiumRun(), firefox: await firefoxRun()};
} finally {
  await Promise.all([mock.close(), site.close()]);
}

// --- Report --------------------------------------------------------------------------------------------

const bytes = (n) => n.toLocaleString('en-US');
function number(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}
// A ratio only means something between two positive figures (a heap that shrank, or zero listeners, has none).
const ratio = (ours, ref) => (ours > 0 && ref > 0 ? `${(ours / ref).toFixed(2)}×` : '—');

const rows = [];
const row = (metric, unit, ours, ref, format = number) =>
  rows.push([metric, unit, format(ours), format(ref), typeof ours === 'number' ? ratio(ours, ref) : '']);

for (const [path, label] of SHIPPED) {
  const size = sizeResults[path];
  if (!size) {
    rows.push([`size · ${label}`, '', 'not built', '', '']);
    continue;
  }
  for (const [key, name] of [
    ['raw', 'raw'],
    ['gzip', 'gzip -9'],
    ['brotli', 'brotli'],
  ]) {
    row(`size · ${label} · ${name}`, 'B', size[key], sizeResults.reference[key], bytes);
  }
}

for (const [name, figures] of Object.entries(runtime)) {
  if (figures.skipped) {
    rows.push([`${name} · runtime`, '', `skipped: ${figures.skipped}`, '', '']);
    continue;
  }
  const pair = (metric, unit, value) => row(`${name} · ${metric}`, unit, value.ours, value.ref);
  pair('script evaluation (bundled.js)', 'ms', figures.evaluationMs);
  pair('mount: append() → iframe[src]', 'ms', figures.mountMs);
  pair(`${bytes(PLAN.messages.count)} resizes · handler CPU`, 'µs/msg', figures.handlerUs);
  pair(`${bytes(PLAN.messages.count)} resizes · main thread`, 'µs/msg', figures.messageUs);
  pair(`${bytes(PLAN.messages.count)} resizes · height writes`, 'count', figures.heightWrites);
  pair(`${bytes(PLAN.messages.count)} resizes · animation frames`, 'count', figures.animationFrames);
  for (const [level, value] of Object.entries(figures.routingUs)) {
    pair(`routing · ${level} element${level === '1' ? '' : 's'} on the page`, 'µs/msg', value);
  }
  pair(`memory · JS heap after ${bytes(PLAN.memory.cycles)} cycles`, 'KB', figures.heapKB);
  pair('memory · message listeners left', 'count', figures.listenersLeft);
}

const header = ['metric', 'unit', 'ours', 'reference', 'ours/ref'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  cells
    .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
    .join('  ')
    .trimEnd();
console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));

writeFileSync(
  join(root, 'bench/results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {node: process.version, cpus: cpus().length},
      plan: PLAN,
      sizes: sizeResults,
      runtime,
    },
    null,
    2,
  )}\n`,
);
log('Figures written to bench/results.json');
