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
// The origins of the running mock, for the middleware below (which the runner config lists on its own:
// plugins cannot add middleware, and a plugin's serve() always answers 200).
let current;

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
      current = origins = {
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
      if (context.path === '/__page.html') {
        // An empty page of the runner's origin that loads the element from source, optionally under a
        // Content-Security-Policy: a test puts it in an iframe and drives it from outside.
        const csp = context.query.csp;
        return {
          body: `<!doctype html><html lang="en"><head><title>page</title>
<script type="module" src="/src/index.ts"></script></head><body></body></html>`,
          type: 'html',
          headers: typeof csp === 'string' ? {'content-security-policy': csp} : {},
        };
      }
      if (context.path === '/__blank.html') {
        // An empty page of the runner's origin under a Content-Security-Policy, with nothing loaded: a test
        // adds the builds itself, in the order it needs (test/trusted-types.test.ts).
        const csp = context.query.csp;
        return {
          body: '<!doctype html><html lang="en"><head><title>blank</title></head><body></body></html>',
          type: 'html',
          headers: typeof csp === 'string' ? {'content-security-policy': csp} : {},
        };
      }
      if (context.path === '/__no-chunks/pilotstatus-connect.bundled.js') {
        // The bundled build served from a folder without its chunks: its lazy import() fails as it would on
        // a CDN that lost them, or offline (test/lazy-chunks.test.ts).
        return {
          body: readFileSync(new URL('../../dist/pilotstatus-connect.bundled.js', import.meta.url), 'utf8'),
          type: 'js',
        };
      }
      if (context.path === '/__landed.html') {
        return {body: '<!doctype html><html lang="en"><title>landed</title><p>landed</p></html>', type: 'html'};
      }
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
 * A page's own backend for `token-url`, at `/__token-url/<key>/<behaviour>` (POST). `<key>` separates
 * tests; `GET /__token-url/<key>/log` returns the requests it got (method, cookie, accept header).
 * Behaviours: `token` ({token}), `url` ({remotePairingUrl} on the Connect origin), `foreign-url` (on
 * another origin), `status-<code>` (that status, no body), `flaky-<n>` (503 n times, then a token),
 * `not-json`, `same` (the same token every time), `hang` (a token, two seconds late).
 */
export function tokenUrlMiddleware() {
  const logs = new Map();
  const same = crypto.randomUUID();
  return async (ctx, next) => {
    const match = /^\/__token-url\/([\w-]+)\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    const [, key, behaviour] = match;
    const log = logs.get(key) ?? [];
    logs.set(key, log);
    if (behaviour === 'log') {
      ctx.body = log;
      return undefined;
    }
    const origins = current;
    const token = crypto.randomUUID();
    log.push({method: ctx.method, cookie: ctx.get('cookie'), accept: ctx.get('accept'), token});
    const status = /^status-(\d+)$/.exec(behaviour);
    const flaky = /^flaky-(\d+)$/.exec(behaviour);
    if (behaviour === 'hang') {
      // Answers only after two seconds: longer than the deadline a test gives one attempt.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    if (status) {
      ctx.status = Number(status[1]);
      ctx.body = '';
    } else if (flaky && log.length <= Number(flaky[1])) {
      ctx.status = 503;
      ctx.body = '';
    } else if (behaviour === 'url') {
      ctx.body = {remotePairingUrl: `${origins.http}/connect/${token}`};
    } else if (behaviour === 'foreign-url') {
      ctx.body = {remotePairingUrl: `${origins.otherPort}/connect/${token}`};
    } else if (behaviour === 'not-json') {
      ctx.type = 'html';
      ctx.body = '<p>not json</p>';
    } else {
      ctx.body = {token: behaviour === 'same' ? same : token};
      if (behaviour === 'same') log[log.length - 1].token = same;
    }
    ctx.set('cache-control', 'no-store');
    return undefined;
  };
}
