import {readFileSync} from 'node:fs';
import {listen} from '../../demo/mock/http.mjs';
import {createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';

const tls = {
  key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/cert.pem', import.meta.url)),
};

/**
 * Starts the mock Connect service on origins other than the runner's `http://localhost:<port>`, and
 * tells the tests where they are through `/__connect-fixture.json`:
 * - `http` / `https`: the Connect origin the elements point at (one port answers both schemes);
 * - `otherPort`, `otherHost`, `suffixHost`: the same pages on look-alike origins a frame can be navigated
 *   to, to prove that only the exact origin is heard (`*.localhost` resolves to loopback in browsers).
 */
export function mockConnectPlugin() {
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
