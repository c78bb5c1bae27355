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
import terser from '@rollup/plugin-terser';
import puppeteer from 'puppeteer-core';
import {rollup} from 'rollup';
import {listen} from '../demo/mock/http.mjs';
import {createMockPilotStatus} from '../demo/mock/pilotstatus.mjs';
import {chromeArgs, findChrome} from '../scripts/find-chrome.mjs';
import {serveFiles} from './server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => readFileSync(join(root, path));

// How often each figure is taken. Every runtime sample is already an average over a batch (browsers round
// performance.now() to 100 µs), so a few samples give a stable median; creating a frame costs several ms
// on 2 cores, so the 500-element and 1,000-cycle steps set the run's length.
const PLAN = {
  evaluation: {pages: 5, copies: 50},
  mount: {pages: 2, batch: 10, samples: 8},
  messages: {pages: 2, count: 10_000, bursts: 5},
  routing: {levels: [1, 10, 100, 500], count: 2_000, bursts: 5},
  memory: {cycles: 1_000, warmup: 20},
};

const FIREFOX_PATH = '/usr/bin/firefox-esr';

const VARIANTS = {
  ours: {tag: 'pilotstatus-connect', url: '/ours.js'},
  ref: {tag: 'ref-connect', url: '/ref.js'},
};

const log = (line) => process.stderr.write(`${line}\n`);

// --- Build and sizes -----------------------------------------------------------------------------------

log('Building…');
execFileSync(process.execPath, ['scripts/build.mjs'], {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});

// Through rollup and terser with the shipped builds' options (rollup.config.mjs), so the reference is
// minified as hard as ours.
const referenceBundle = await rollup({input: join(root, 'bench/reference-element.js')});
const minify = terser({ecma: 2021, module: true, format: {comments: false}});
const {output} = await referenceBundle.generate({format: 'es', plugins: [minify]});
await referenceBundle.close();
const reference = output[0].code;

function sizes(text) {
  const buffer = Buffer.from(text);
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
  ['dist/pilotstatus-connect.bundled.js', 'bundled.js (Lit inside), first load'],
  ['dist/embed.js', 'embed.js'],
];
// The bundled build's lazy chunks (token-url's request code, debug's sentences): loaded only by a page that
// uses the feature, so each is a row of its own, apart from the first load.
const bundledPath = 'dist/pilotstatus-connect.bundled.js';
const lazyChunks = existsSync(join(root, bundledPath))
  ? [
      ...read(bundledPath)
        .toString()
        .matchAll(/import\(\s*["']\.\/(chunks\/[^"']+)["']\s*\)/g),
    ].map(([, path]) => `dist/${path}`)
  : [];
for (const path of lazyChunks) SHIPPED.push([path, `lazy chunk ${path.replace(/^.*\/|-[\w-]{8}\.js$/g, '')}`]);
const sizeResults = {reference: sizes(reference)};
for (const [path] of SHIPPED) sizeResults[path] = existsSync(join(root, path)) ? sizes(read(path)) : null;

// --- Servers -------------------------------------------------------------------------------------------

// Bystander elements of the routing test point under /idle/ (see mountElements() in bench/page.js).
const {handler: connect} = createMockPilotStatus({driver: true});
const mockHandler = (req, res) => (req.url.startsWith('/idle/') ? res.writeHead(204).end() : connect(req, res));
const mock = await listen(mockHandler, {host: '127.0.0.1', port: 0});
const baseUrl = `http://127.0.0.1:${mock.port}`;
const idleBaseUrl = `${baseUrl}/idle`;
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
// localhost and 127.0.0.1 are different sites: the Connect frame is cross-origin and, in Chromium, out of
// process, as it is in production.
const pageUrl = `http://localhost:${site.port}/`;

// --- Runtime -------------------------------------------------------------------------------------------

const median = (values) => {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medians = (samples, key) => ({
  ours: median(samples.ours.map((sample) => (key ? sample[key] : sample))),
  ref: median(samples.ref.map((sample) => (key ? sample[key] : sample))),
});

// Calls bench[method] of bench/page.js. The function is sent as source, so it reaches the page's global
// through globalThis.
const call = (page, method, argument) => page.evaluate((m, a) => globalThis.bench[m](a), method, argument);

async function withPage(browser, variant, {load}, body) {
  const page = await browser.newPage();
  try {
    page.on('pageerror', (error) => log(`  page error (${variant}): ${error.message}`));
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'bench' in globalThis);
    await call(page, 'setup', {tag: VARIANTS[variant].tag, baseUrl, idleBaseUrl});
    if (load) await call(page, 'load', VARIANTS[variant].url);
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

async function measure(browser, name) {
  const chromium = name === 'chromium';
  const figures = {version: await browser.version()};
  let started = Date.now();
  const phase = (label) => {
    log(`${name}: ${label}`);
    started = Date.now();
  };
  const phaseDone = () => log(`  ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The main thread's busy time (CDP), which counts neither the frame's pace nor idle waits; the rendering
  // of the animation frames a burst needs is in it, since a burst of resizes causes them.
  const taskSeconds = async (page) => (chromium ? (await page.metrics()).TaskDuration : null);
  async function bursts(page, {count, bursts: repeat}, options) {
    await call(page, 'send', {...options, count: Math.min(count, 1000)});
    const results = [];
    for (let i = 0; i < repeat; i++) {
      const before = await taskSeconds(page);
      const result = await call(page, 'send', {...options, count});
      if (chromium) result.taskUs = (((await taskSeconds(page)) - before) / count) * 1e6;
      results.push(result);
    }
    return results;
  }

  phase('script evaluation');
  const {pages, copies} = PLAN.evaluation;
  figures.evaluationMs = medians(
    await alternate(browser, pages, {}, async (page, variant) => [
      await call(page, 'evaluate', {url: VARIANTS[variant].url, copies}),
    ]),
  );
  phaseDone();

  phase('mount');
  figures.mountMs = medians(
    await alternate(browser, PLAN.mount.pages, {load: true}, (page) => call(page, 'mount', PLAN.mount)),
  );
  phaseDone();

  phase(`${PLAN.messages.count.toLocaleString('en-US')} resize messages`);
  const messages = await alternate(browser, PLAN.messages.pages, {load: true}, async (page) => {
    await call(page, 'mountElements', 1);
    return bursts(page, PLAN.messages, {observe: true});
  });
  figures.messages = {
    dispatchUs: medians(messages, 'dispatchUs'),
    taskUs: medians(messages, 'taskUs'),
    heightWrites: medians(messages, 'writes'),
    animationFrames: medians(messages, 'frames'),
  };
  phaseDone();

  // One height for the whole burst: after the first write, no layout follows, so only the cost of finding
  // the message's element can grow with the number of elements.
  phase(`routing with ${PLAN.routing.levels.join(', ')} elements`);
  const routing = {};
  for (const variant of ['ours', 'ref']) {
    routing[variant] = await withPage(browser, variant, {load: true}, async (page) => {
      const perLevel = {};
      for (const level of PLAN.routing.levels) {
        await call(page, 'mountElements', level);
        const results = await bursts(page, PLAN.routing, {data: {type: 'resize', height: 480}});
        perLevel[level] = {
          dispatchUs: median(results.map((r) => r.dispatchUs)),
          taskUs: median(results.map((r) => r.taskUs)),
          listeners: await call(page, 'listeners'),
        };
      }
      await call(page, 'unmountAll');
      return perLevel;
    });
  }
  figures.routing = Object.fromEntries(
    PLAN.routing.levels.map((level) => [
      level,
      {
        dispatchUs: {ours: routing.ours[level].dispatchUs, ref: routing.ref[level].dispatchUs},
        taskUs: {ours: routing.ours[level].taskUs, ref: routing.ref[level].taskUs},
        listeners: {ours: routing.ours[level].listeners, ref: routing.ref[level].listeners},
      },
    ]),
  );
  phaseDone();

  phase(`memory: ${PLAN.memory.cycles.toLocaleString('en-US')} mount/unmount cycles`);
  const memory = {};
  for (const variant of ['ours', 'ref']) {
    memory[variant] = await withPage(browser, variant, {load: true}, async (page) => {
      // gc() is there only in Chromium launched with --expose-gc; without it a heap figure means nothing.
      const heap = async () =>
        (await call(page, 'collect')) && chromium ? (await page.metrics()).JSHeapUsedSize : null;
      // Warm-up cycles first: Lit's template cache and the engines' inline caches are paid once, however
      // many elements come and go.
      await call(page, 'cycles', PLAN.memory.warmup);
      const before = {heap: await heap(), listeners: await call(page, 'listeners')};
      await call(page, 'cycles', PLAN.memory.cycles);
      const after = {heap: await heap(), listeners: await call(page, 'listeners')};
      return {
        heapKB: before.heap === null ? null : (after.heap - before.heap) / 1024,
        listenersBefore: before.listeners,
        listenersLeft: after.listeners - before.listeners,
      };
    });
  }
  figures.memory = {
    heapKB: {ours: memory.ours.heapKB, ref: memory.ref.heapKB},
    listenersLeft: {ours: memory.ours.listenersLeft, ref: memory.ref.listenersLeft},
    listenersBefore: {ours: memory.ours.listenersBefore, ref: memory.ref.listenersBefore},
  };
  phaseDone();
  return figures;
}

async function chromiumRun() {
  const executablePath = findChrome();
  if (!executablePath) return {skipped: 'no Chromium found (set CHROME_PATH)'};
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      // No sandbox as root, no traffic beyond loopback.
      ...chromeArgs(),
      // gc() for the memory figures.
      '--js-flags=--expose-gc',
      // Each page must run at full speed even while Chromium thinks nobody is looking at it.
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
    // Firefox rounds performance.now() to whole milliseconds by default, with no random threshold, so a
    // burst of 2 µs dispatches would sum to nothing; without the rounding its steps are 20 µs.
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

const count = (n) => n.toLocaleString('en-US');
function number(n) {
  if (typeof n !== 'number' || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  const digits = Number.isInteger(n) || abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}
// Only two positive figures have a ratio (a heap that shrank, or no listener left, has none).
const ratio = (ours, ref) => {
  if (!(ours > 0 && ref > 0)) return '—';
  const value = ours / ref;
  return `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;
};

const rows = [];
const notes = ['reference: bench/reference-element.js, minified like the builds; sizes compare each build with it.'];
const row = (metric, unit, {ours, ref}, format = number) =>
  rows.push([metric, unit, format(ours), format(ref), ratio(ours, ref)]);

for (const [path, label] of SHIPPED) {
  const size = sizeResults[path];
  if (!size) {
    notes.push(`${path}: not built, no size`);
    continue;
  }
  for (const [key, compression] of [
    ['raw', 'raw'],
    ['gzip', 'gzip -9'],
    ['brotli', 'brotli'],
  ]) {
    row(`${label} · ${compression}`, 'B', {ours: size[key], ref: sizeResults.reference[key]}, count);
  }
}

for (const [name, figures] of Object.entries(runtime)) {
  if (figures.skipped) {
    notes.push(`${name}: skipped, ${figures.skipped}`);
    continue;
  }
  const {messages, routing, memory} = figures;
  const burst = `${count(PLAN.messages.count)} resizes`;
  row(`${name} · script evaluation, bundled.js`, 'ms', figures.evaluationMs);
  row(`${name} · mount: append() → iframe[src]`, 'ms', figures.mountMs);
  row(`${name} · ${burst}: listener time`, 'µs/msg', messages.dispatchUs);
  if (messages.taskUs.ours !== null) row(`${name} · ${burst}: main-thread time`, 'µs/msg', messages.taskUs);
  row(`${name} · ${burst}: height writes`, 'count', messages.heightWrites);
  row(`${name} · ${burst}: animation frames`, 'count', messages.animationFrames);
  for (const [level, value] of Object.entries(routing)) {
    row(`${name} · routing, ${level} element${level === '1' ? '' : 's'}: listener time`, 'µs/msg', value.dispatchUs);
  }
  const most = Math.max(...PLAN.routing.levels);
  row(`${name} · window message listeners, ${most} elements`, 'count', routing[most].listeners);
  row(`${name} · JS heap growth, ${count(PLAN.memory.cycles)} cycles`, 'KB', memory.heapKB);
  row(`${name} · message listeners left, ${count(PLAN.memory.cycles)} cycles`, 'count', memory.listenersLeft);
}

const header = ['metric', 'unit', 'ours', 'reference', 'ours/ref'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((cells) => cells[i].length)));
const line = (cells) =>
  cells
    .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
    .join('  ')
    .trimEnd();
console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ...notes].join('\n'));

writeFileSync(
  join(root, 'bench/results.json'),
  `${JSON.stringify({date: new Date().toISOString(), machine: {node: process.version, cpus: cpus().length}, plan: PLAN, sizes: sizeResults, runtime}, null, 2)}\n`,
);
log('Figures written to bench/results.json');
