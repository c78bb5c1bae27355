// Where the three browser engines are on this machine, for the browser tests (and Chromium alone for the
// end-to-end tests and the benchmark). Each finder returns the paths it found, or `{missing}`: why the
// engine cannot run here and what to install. CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH and
// WEBKIT_BROWSER_PATH win when set.
import {spawnSync} from 'node:child_process';
import {closeSync, existsSync, openSync, readSync, readdirSync, realpathSync} from 'node:fs';

const first = (candidates) => candidates.find((path) => path && existsSync(path));

export function findChrome() {
  return first([
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ]);
}

/** Launch arguments that work here: no sandbox as root, and no traffic beyond loopback. */
export function chromeArgs() {
  return [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

/** A shell script that starts the browser some other way (Debian's /usr/bin/firefox, Ubuntu's snap one). */
function isScript(path) {
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
    return head.toString() === '#!';
  } catch {
    return true;
  }
}

export function findFirefox() {
  if (process.env.FIREFOX_PATH) return first([process.env.FIREFOX_PATH]);
  return [
    '/usr/bin/firefox-esr',
    '/usr/lib/firefox-esr/firefox-esr',
    '/usr/bin/firefox',
    '/usr/lib/firefox/firefox',
    '/Applications/Firefox.app/Contents/MacOS/firefox',
  ].find((path) => existsSync(path) && !isScript(realpathSync(path)));
}

/** A program on the PATH, or undefined. */
function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'});
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** WebKitGTK's MiniBrowser, wherever the distribution put it (…/webkit2gtk-4.1/MiniBrowser on Debian 12). */
function findMiniBrowser() {
  const dirs = ['/usr/lib', '/usr/libexec', '/usr/lib64'];
  const found = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      // Debian keeps it under the multiarch directory, others directly under lib/libexec.
      found.push(`${dir}/${entry}/webkit2gtk-4.1/MiniBrowser`, `${dir}/${entry}/webkit2gtk-4.0/MiniBrowser`);
    }
    found.push(`${dir}/webkit2gtk-4.1/MiniBrowser`, `${dir}/webkit2gtk-4.0/MiniBrowser`);
  }
  return first([process.env.WEBKIT_BROWSER_PATH, ...found]);
}

/**
 * WebKitGTK: WebKitWebDriver, the MiniBrowser it drives, and a display for it (`xvfb-run`, or the desktop's
 * own when there is no xvfb-run).
 */
export function findWebKit() {
  if (process.platform !== 'linux') return {missing: 'WebKitGTK runs on Linux only'};
  const driver = first([process.env.WEBKIT_DRIVER_PATH, '/usr/bin/WebKitWebDriver']) ?? onPath('WebKitWebDriver');
  if (!driver) return {missing: 'no WebKitWebDriver (Debian/Ubuntu: apt-get install webkit2gtk-driver xvfb)'};
  const browser = findMiniBrowser();
  if (!browser) return {missing: 'no WebKitGTK MiniBrowser (Debian/Ubuntu: apt-get install webkit2gtk-driver)'};
  const xvfbRun = onPath('xvfb-run');
  if (!xvfbRun && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return {missing: 'no display and no xvfb-run (Debian/Ubuntu: apt-get install xvfb)'};
  }
  return {driver, browser, xvfbRun};
}
