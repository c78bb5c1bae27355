// Runs the browser tests in every engine it finds: Chromium, Firefox and WebKit (WebKitGTK), one after the
// other, one web-test-runner process per engine (several tests count animation frames and time bursts of
// messages: three browsers at once on a small machine would make them flaky). Prints a table at the end.
//
//   node scripts/test-browser.mjs [--engine chromium|firefox|webkit]… [web-test-runner arguments…]
//
// --engine (repeatable, or comma-separated; or TEST_ENGINES=firefox,webkit) runs only those engines.
// --parallel (or TEST_PARALLEL=1) runs the engines at the same time, each one's output printed when it is done:
// quicker on a machine with cores to spare, and measured too tight on a busy 2-core one (see CONTRIBUTING.md).
// REQUIRE_ENGINES=chromium,firefox,webkit (or "all") makes a missing engine a failure instead of a skip:
// .ci/run sets it. Exit code: non-zero when an engine failed, a required one is missing, or none ran. An
// engine whose run skipped a test failed too: a `.skip` (or `this.skip()`) left behind hides a test.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {findChrome, findFirefox, findWebKit} from './find-browsers.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];

function parseEngines(value, from) {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const all = names.includes('all') ? ENGINES : names;
  const unknown = all.filter((name) => !ENGINES.includes(name));
  if (unknown.length) {
    console.error(`${from}: unknown engine ${unknown.join(', ')} (expected ${ENGINES.join(', ')} or all)`);
    process.exit(2);
  }
  return all;
}

// Our own option out; everything else goes to web-test-runner as it is (--files, --watch, …).
const runnerArgs = [];
const picked = [];
let parallel = process.env.TEST_PARALLEL === '1';
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--engine') picked.push(...parseEngines(argv[++i] ?? '', '--engine'));
  else if (arg.startsWith('--engine=')) picked.push(...parseEngines(arg.slice('--engine='.length), '--engine'));
  else if (arg === '--parallel') parallel = true;
  else runnerArgs.push(arg);
}
if (!picked.length && process.env.TEST_ENGINES) picked.push(...parseEngines(process.env.TEST_ENGINES, 'TEST_ENGINES'));
const selected = picked.length ? ENGINES.filter((name) => picked.includes(name)) : ENGINES;
const required = parseEngines(process.env.REQUIRE_ENGINES ?? '', 'REQUIRE_ENGINES');

// --- Finding the engines ----------------------------------------------------------------------------------

function detectChromium() {
  let chrome = findChrome();
  // As before: on Debian, as root, Chromium is installed when missing (it is also what test:node needs).
  if (!chrome && process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
    console.log('No Chromium found: installing Debian\'s "chromium" package (running as root)…');
    const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
    spawnSync('apt-get', ['update', '-qq'], {stdio: 'inherit', env});
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {stdio: 'inherit', env});
    chrome = findChrome();
  }
  if (!chrome) {
    return {missing: 'no Chromium or Chrome (Debian/Ubuntu: apt-get install chromium; or set CHROME_PATH)'};
  }
  return {label: chrome, env: {CHROME_PATH: chrome}};
}

function detectFirefox() {
  const firefox = findFirefox();
  if (!firefox) return {missing: 'no Firefox (Debian: apt-get install firefox-esr; or set FIREFOX_PATH)'};
  return {label: firefox, env: {FIREFOX_PATH: firefox}};
}

function detectWebKit() {
  const webkit = findWebKit();
  if (webkit.missing) return webkit;
  return {
    label: `${webkit.browser} via ${webkit.driver}${webkit.xvfbRun ? ' under xvfb-run' : ''}`,
    env: {WEBKIT_BROWSER_PATH: webkit.browser},
    webkit,
  };
}

const detect = {chromium: detectChromium, firefox: detectFirefox, webkit: detectWebKit};

// --- WebKitWebDriver --------------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver (under xvfb-run when there is one: MiniBrowser needs an X display, and inherits the
 * driver's), in its own process group so that stopping it also stops Xvfb and the browsers it started.
 */
async function startWebKitDriver({driver, xvfbRun}) {
  const port = await freePort();
  const command = xvfbRun ? [xvfbRun, '-a', '-s', '-screen 0 1920x1080x24', driver] : [driver];
  const child = spawn(command[0], [...command.slice(1), `--port=${port}`, '--host=127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const started = Date.now();
  while (Date.now() - started < 20000) {
    if (exited) throw new Error(`WebKitWebDriver exited at start: ${stderr.trim() || 'no output'}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return {port, stop};
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 20 s: ${stderr.trim() || 'no output'}`);
}

// --- Running ----------------------------------------------------------------------------------------------

// The package's exports hide its bin file from require.resolve; its place in node_modules is stable.
const runner = fileURLToPath(new URL('../node_modules/@web/test-runner/dist/bin.js', import.meta.url));
const summaryDir = mkdtempSync(join(tmpdir(), 'pilotstatus-browser-tests-'));
const cleanups = new Set();
const cleanUp = () => {
  for (const cleanup of cleanups) cleanup();
  cleanups.clear();
  rmSync(summaryDir, {recursive: true, force: true});
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

function runRunner(engine, env, extraArgs = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, ...runnerArgs, ...extraArgs], {
      // In parallel, each engine's report is held back and printed whole, not interleaved with the others'.
      stdio: parallel ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: {...process.env, ...env, TEST_ENGINE: engine},
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => {
      if (parallel) console.log(`\n=== ${engine}: its report ===\n${output}`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function runEngine(engine, found) {
  const summaryFile = join(summaryDir, `${engine}.json`);
  const env = {...found.env, TEST_SUMMARY_FILE: summaryFile};
  const started = performance.now();
  let code;
  let note = '';
  let driver;
  try {
    if (found.webkit) {
      driver = await startWebKitDriver(found.webkit);
      cleanups.add(driver.stop);
      env.WEBKIT_DRIVER_PORT = String(driver.port);
    }
    // web-test-runner's port is 8000 unless told otherwise: runners side by side need one each.
    const port =
      parallel && !runnerArgs.some((arg) => arg.startsWith('--port')) ? ['--port', String(await freePort())] : [];
    code = await runRunner(engine, env, port);
  } catch (error) {
    code = 1;
    note = error.message;
  } finally {
    if (driver) {
      driver.stop();
      cleanups.delete(driver.stop);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
  if (!note && code !== 0 && !counts?.failed) note = `the runner exited with code ${code}`;
  if (counts?.skipped) {
    code ||= 1;
    note ||= `${counts.skipped} skipped: remove the .skip (or this.skip()) that hides them`;
  }
  return {engine, code, seconds, counts, note};
}

const results = [];
const runs = [];
for (const engine of selected) {
  const found = detect[engine]();
  if (found.missing) {
    results.push({engine, skipped: found.missing, required: required.includes(engine)});
    continue;
  }
  console.log(`\n=== ${engine}: ${found.label}${parallel ? ' (in parallel)' : ''} ===\n`);
  const run = runEngine(engine, found);
  if (parallel) runs.push(run);
  else results.push(await run);
}
results.push(...(await Promise.all(runs)));
results.sort((a, b) => selected.indexOf(a.engine) - selected.indexOf(b.engine));
for (const engine of required) {
  if (!selected.includes(engine)) results.push({engine, skipped: 'not selected', required: true});
}

// --- The table --------------------------------------------------------------------------------------------

const rows = [['Engine', 'Passed', 'Failed', 'Skipped', 'Time (s)', '']];
for (const result of results) {
  if (result.skipped) {
    rows.push([result.engine, '', '', '', '', `skipped: ${result.skipped}${result.required ? ' (REQUIRED)' : ''}`]);
  } else {
    rows.push([
      result.engine,
      String(result.counts?.passed ?? '?'),
      String(result.counts?.failed ?? '?'),
      String(result.counts?.skipped ?? '?'),
      result.seconds.toFixed(1),
      result.code === 0 ? 'ok' : `FAILED${result.note ? `: ${result.note}` : ''}`,
    ]);
  }
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
console.log('\nBrowser tests by engine:');
for (const row of rows) {
  console.log(
    `  ${row
      .map((cell, column) =>
        column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd()}`,
  );
}

const ran = results.filter((result) => !result.skipped);
const failed = ran.filter((result) => result.code !== 0);
const missingRequired = results.filter((result) => result.skipped && result.required);
if (!ran.length) {
  console.error(`\nNo browser engine ran. Install one of them, then run the tests again:
  Debian/Ubuntu:  apt-get install chromium firefox-esr webkit2gtk-driver xvfb
  Elsewhere:      install Chrome, Chromium or Firefox and set CHROME_PATH or FIREFOX_PATH`);
}
if (missingRequired.length) {
  console.error(
    `\nREQUIRE_ENGINES=${process.env.REQUIRE_ENGINES}: ${missingRequired.map((r) => r.engine).join(', ')} did not run.`,
  );
}
process.exit(!ran.length || failed.length || missingRequired.length ? 1 : 0);
