// Runs the browser tests in Chromium. Finds a Chromium (or Chrome) binary; on Debian as root it installs
// Debian's `chromium` package when none is there; anywhere else it says how to get one, instead of
// letting the runner fail with a stack trace.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {findChrome} from './find-chrome.mjs';

let chrome = findChrome();
if (!chrome && process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
  console.log('No Chromium found: installing Debian\'s "chromium" package (running as root)…');
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
  spawnSync('apt-get', ['update', '-qq'], {stdio: 'inherit', env});
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {stdio: 'inherit', env});
  chrome = findChrome();
}
if (!chrome) {
  console.error(`No Chromium or Chrome found for the browser tests.
  Debian/Ubuntu:  sudo apt-get install chromium
  Elsewhere:      install Chrome or Chromium, then set CHROME_PATH=/path/to/the/binary
Then run npm test again.`);
  process.exit(1);
}

console.log(`Browser tests in ${chrome}`);
// The package's exports hide its bin file from require.resolve; its place in node_modules is stable.
const runner = fileURLToPath(new URL('../node_modules/@web/test-runner/dist/bin.js', import.meta.url));
const result = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {...process.env, CHROME_PATH: chrome},
});
process.exit(result.status ?? 1);
