import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {defaultReporter} from '@web/test-runner';
import {chromeLauncher} from '@web/test-runner-chrome';
import {chromeArgs} from './scripts/find-chrome.mjs';
import {summaryReporter} from './scripts/summary-reporter.mjs';
import {mockConnectPlugin} from './test/plugins/mock-connect.mjs';
import {frameworkHarnessPlugin} from './test/plugins/framework-harness.mjs';

// scripts/test-browser.mjs finds the browser and passes it here.
const executablePath = process.env.CHROME_PATH;

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter()],
  testFramework: {config: {timeout: 20000}},
  testsFinishTimeout: 20 * 60 * 1000,
  plugins: [
    esbuildPlugin({ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url))}),
    mockConnectPlugin(),
    frameworkHarnessPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        // The mock's https: origin uses a self-signed certificate for 127.0.0.1.
        args: [...chromeArgs(), '--ignore-certificate-errors'],
      },
    }),
  ],
};
