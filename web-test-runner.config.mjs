import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {defaultReporter} from '@web/test-runner';
import {chromeLauncher} from '@web/test-runner-chrome';
import {chromeArgs} from './scripts/find-chrome.mjs';
import {summaryReporter} from './scripts/summary-reporter.mjs';
import {listen} from './demo/mock/http.mjs';
import {createMockPilotStatus} from './demo/mock/pilotstatus.mjs';

const tls = {
  key: readFileSync(new URL('./test/fixtures/tls/key.pem', import.meta.url)),
  cert: readFileSync(new URL('./test/fixtures/tls/cert.pem', import.meta.url)),
};

/**
 * Starts the mock Connect service on origins other than the runner's `http://localhost:<port>`, and
 * tells the tests where they are through `/__connect-fixture.json`:
 * - `http` / `https`: the Connect origin the elements point at (one port answers both schemes);
 * - `otherPort`, `otherHost`, `suffixHost`: the same pages on look-alike origins a frame can be navigated
 *   to, to prove that only the exact origin is heard (`*.localhost` resolves to loopback in browsers).
 */
function mockConnectPlugin() {
  const servers = [];
  let origins;
  return {
    name: 'mock-connect',
    async serverStart() {
      const {handler} = createMockPilotStatus({driver: true});
      const main = await listen(handler, {tls});
      const other = await listen(handler);
      servers.push(main, other);
      origins = {
        http: `http://127.0.0.1:${main.port}`,
        https: `https://127.0.0.1:${main.port}`,
        otherPort: `http://127.0.0.1:${other.port}`,
        otherHost: `http://localhost:${main.port}`,
        suffixHost: `http://127.0.0.1.evil.localhost:${main.port}`,
      };
    },
    async serverStop() {
      await Promise.all(servers.map((server) => server.close()));
    },
    serve(context) {
      if (context.path === '/__connect-fixture.json') return {body: JSON.stringify(origins), type: 'json'};
      if (context.path === '/__strict-csp.html') {
        // A page as strict as a careful bank's: nothing inline, no eval, Trusted Types for every DOM sink
        // (Lit creates one policy, "lit-html"), frames only from the Connect origin.
        const policy = [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          `frame-src ${origins.http}`,
          "require-trusted-types-for 'script'",
          'trusted-types lit-html',
        ].join('; ');
        return {
          body: `<!doctype html><html lang="en"><head><title>strict CSP</title>
<script src="/test/fixtures/csp-probe.js"></script>
<script type="module" src="/dist/pilotstatus-connect.bundled.js"></script></head><body></body></html>`,
          type: 'html',
          headers: {'content-security-policy': policy},
        };
      }
      return undefined;
    },
  };
}

/**
 * Serves `/__harness/<name>.js`: test/frameworks/<name>.harness.js bundled with esbuild on request. React
 * ships CommonJS only, which the dev server's node-resolve cannot hand to a browser; a bundle is what an
 * app's own bundler would build. The harness imports the built dist/ files, so the shipped code is tested.
 */
function frameworkHarnessPlugin() {
  return {
    name: 'framework-harness',
    async serve(context) {
      const match = /^\/__harness\/([a-z-]+)\.js$/.exec(context.path);
      if (!match) return undefined;
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`./test/frameworks/${match[1]}.harness.js`, import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        // Development builds: their warnings (unknown props, hydration, Vue's) show up in the test output.
        define: {
          'process.env.NODE_ENV': '"development"',
          __VUE_OPTIONS_API__: 'true',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
      });
      return {body: result.outputFiles[0].text, type: 'js'};
    },
  };
}

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
