// Where Chromium (or Chrome) is on this machine, for the browser tests, the end-to-end tests and the
// benchmark. CHROME_PATH wins when set.
import {existsSync} from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export function findChrome() {
  return [process.env.CHROME_PATH, ...CANDIDATES].find((path) => path && existsSync(path));
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
