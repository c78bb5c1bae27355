import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {defaultReporter} from '@web/test-runner';
import {chromeLauncher} from '@web/test-runner-chrome';
import {puppeteerLauncher} from '@web/test-runner-puppeteer';
import {webdriverLauncher} from '@web/test-runner-webdriver';
import {chromeArgs, findChrome, findFirefox, findWebKit} from './scripts/find-browsers.mjs';
import {summaryReporter} from './scripts/summary-reporter.mjs';
import {mockConnectPlugin, tokenUrlMiddleware} from './test/plugins/mock-connect.mjs';
import {frameworkHarnessPlugin} from './test/plugins/framework-harness.mjs';
import {fakeTimersPlugin} from './test/plugins/fake-timers.mjs';

// One engine per runner process: scripts/test-browser.mjs finds the browsers, then runs this config once per
// engine with TEST_ENGINE (chromium, firefox or webkit) and the engine's paths in the environment. Run by hand
// (`npx wtr`), it finds the browser itself; for webkit, WebKitWebDriver must already listen on
// WEBKIT_DRIVER_PORT (4444 by default) with a display.
const engine = process.env.TEST_ENGINE ?? 'chromium';

function launcher() {
  switch (engine) {
    case 'chromium':
      return chromeLauncher({
        launchOptions: {
          executablePath: process.env.CHROME_PATH ?? findChrome(),
          // The mock's https: origin uses a self-signed certificate for 127.0.0.1.
          args: [...chromeArgs(), '--ignore-certificate-errors'],
        },
      });
    case 'firefox':
      // Firefox ESR through puppeteer over WebDriver BiDi (no geckodriver).
      return puppeteerLauncher({
        launchOptions: {
          browser: 'firefox',
          executablePath: process.env.FIREFOX_PATH ?? findFirefox(),
          headless: true,
          // The mock's self-signed https: origin.
          acceptInsecureCerts: true,
          extraPrefsFirefox: {
            // No traffic beyond loopback: no updates, telemetry, safe-browsing lists or captive-portal checks.
            'app.update.enabled': false,
            'browser.safebrowsing.downloads.remote.enabled': false,
            'network.captive-portal-service.enabled': false,
            'network.connectivity-service.enabled': false,
            'datareporting.policy.dataSubmissionEnabled': false,
          },
        },
      });
    case 'webkit':
      // WebKitGTK's MiniBrowser through WebKitWebDriver, which scripts/test-browser.mjs starts (under Xvfb).
      return webdriverLauncher({
        hostname: '127.0.0.1',
        port: Number(process.env.WEBKIT_DRIVER_PORT ?? 4444),
        logLevel: 'error',
        capabilities: {
          browserName: 'MiniBrowser',
          acceptInsecureCerts: true,
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': {
            binary: process.env.WEBKIT_BROWSER_PATH ?? findWebKit().browser,
            args: ['--automation'],
          },
        },
      });
    default:
      throw new Error(`TEST_ENGINE=${engine}: expected chromium, firefox or webkit`);
  }
}

export default {
  // test/unit/ holds the pure modules' tests, which run under node --test (npm run test:unit).
  files: ['test/**/*.test.ts', '!test/unit/**'],
  nodeResolve: true,
  // One test file at a time: several tests are timing-sensitive (animation frames, bursts of messages).
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter()],
  // forbidOnly: a stray .only would otherwise hide every other test without a failure.
  testFramework: {config: {timeout: 20000, forbidOnly: true}},
  testsFinishTimeout: 20 * 60 * 1000,
  // The page's own backend for `token-url` tests (it answers with statuses other than 200).
  middleware: [tokenUrlMiddleware()],
  plugins: [
    esbuildPlugin({ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url))}),
    mockConnectPlugin(),
    frameworkHarnessPlugin(),
    fakeTimersPlugin(),
  ],
  browsers: [launcher()],
};
