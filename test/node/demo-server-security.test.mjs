// `npm start` as an attacker sees it, over real HTTP on 127.0.0.1: what it listens on, the files it refuses,
// a forged Host (DNS rebinding) and /api requests from other sites' pages (CSRF). The browser e2e suites
// (demo.e2e, demo-features.e2e) prove that the demo itself still works behind these checks.
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {startDemo} from '../../demo/server.mjs';
import {send} from './helpers/raw-http.mjs';

let demo;
let port;
before(async () => {
  demo = await startDemo({port: 0, mockPort: 0});
  port = new URL(demo.url).port;
});
after(() => demo?.stop());

const get = (path, headers = {}) => send(port, {path, headers: {host: `localhost:${port}`, ...headers}});
const post = (path, headers = {}, body = 'name=x') =>
  send(port, {method: 'POST', path, headers: {host: `localhost:${port}`, ...headers}, body});

describe('the demo server: where it listens', () => {
  it('listens on loopback addresses only (the site, the mock and the lane)', () => {
    assert.ok(demo.listening?.length >= 3, 'startDemo() does not say where its servers listen');
    for (const {name, address} of demo.listening) {
      assert.ok(['127.0.0.1', '::1'].includes(address), `the ${name} listens on ${address}`);
    }
  });
});

describe('the demo server: what it serves', () => {
  const refused = [
    // In a git worktree /.git is a file naming the repository; in a clone, the directory.
    '/.git',
    '/.git/config',
    '/.git/HEAD',
    '/test/fixtures/tls/key.pem',
    '/.ci/run',
    '/package.json',
    '/package-lock.json',
    '/README.md',
    '/rollup.config.mjs',
    '/scripts/find-browsers.mjs',
    '/test/helpers.ts',
    '/node_modules/puppeteer-core/package.json',
    '/node_modules/lit/package.json',
    '/node_modules/.package-lock.json',
    '/demo/server.mjs',
    '/demo/guard.mjs',
    '/demo/mock/pilotstatus.mjs',
    '/demo/mock/connect-page.ts',
    '/demo/../package.json',
    '/demo/%2e%2e/package.json',
    '/demo/%2E%2E/test/fixtures/tls/key.pem',
    '/src/..%2fpackage.json',
    '/demo/features/..%5c..%5cpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api/../package.json',
    '/api/unknown',
    '/src/%00.ts',
    `http://localhost:${'PORT'}/package.json`,
  ];
  for (const path of refused) {
    it(`answers 404 for ${path}`, async () => {
      const response = await get(path.replace('PORT', port));
      assert.equal(response.status, 404);
      assert.doesNotMatch(response.body, /BEGIN (?:RSA )?PRIVATE KEY|"devDependencies"|repositoryformatversion/);
    });
  }

  const pages = [
    '/demo/',
    ...readdirSync(new URL('../../demo/features/', import.meta.url))
      .filter((name) => /\.(?:html|js|css|svg)$/.test(name))
      .map((name) => `/demo/features/${name}`),
    '/demo/features/',
    '/demo/demo.js',
    '/demo/demo.css',
    '/src/index.ts',
    '/src/pilotstatus-connect.ts',
    '/node_modules/lit/index.js',
    '/node_modules/lit/directives/keyed.js',
    '/node_modules/lit-html/development/lit-html.js',
    '/node_modules/lit-element/development/lit-element.js',
    '/node_modules/@lit/reactive-element/development/reactive-element.js',
    '/dist/pilotstatus-connect.bundled.js',
  ];
  for (const path of pages) {
    it(`serves ${path}`, async () => {
      assert.equal((await get(path)).status, 200);
    });
  }

  it('redirects / to the demo', async () => {
    const response = await get('/');
    assert.equal(response.status, 302);
    assert.equal(response.headers.location, '/demo/');
  });
});

describe('the demo server: the Host header (DNS rebinding)', () => {
  const foreign = [
    'evil.example',
    `evil.example:${'PORT'}`,
    `127.0.0.1.evil.example:${'PORT'}`,
    `localhost.evil.example:${'PORT'}`,
    `localhost.:${'PORT'}`,
    '192.168.1.10:PORT',
    '',
  ];
  for (const host of foreign) {
    it(`refuses Host: ${JSON.stringify(host)}, for a page and for /api`, async () => {
      const value = host.replace('PORT', port);
      const page = await send(port, {path: '/demo/', headers: {host: value}});
      assert.ok([421, 403].includes(page.status), `answered ${page.status}`);
      assert.doesNotMatch(page.body, /<html/i);
      const before = demo.mock.links.size;
      const api = await send(port, {method: 'POST', path: '/api/connect-token', headers: {host: value}});
      assert.ok([421, 403].includes(api.status), `answered ${api.status}`);
      assert.equal(demo.mock.links.size, before, 'a pairing link was minted');
    });
  }

  for (const name of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) {
    it(`serves Host: ${name}:<port>`, async () => {
      assert.equal((await send(port, {path: '/demo/', headers: {host: `${name}:${port}`}})).status, 200);
    });
  }
});

describe('the demo server: /api requests from other pages (CSRF)', () => {
  const foreign = [
    ['a cross-site text/plain POST', {origin: 'https://evil.example', 'content-type': 'text/plain'}],
    ['a cross-site form POST', {origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded'}],
    ['another port of localhost', {origin: 'http://localhost:1', 'sec-fetch-site': 'same-site'}],
    ['a sandboxed frame or a data: page (Origin: null)', {origin: 'null'}],
    ['Sec-Fetch-Site: cross-site without Origin', {'sec-fetch-site': 'cross-site'}],
    ['Sec-Fetch-Site: same-site without Origin', {'sec-fetch-site': 'same-site'}],
    ['its own Origin but Sec-Fetch-Site: cross-site', {origin: 'ORIGIN', 'sec-fetch-site': 'cross-site'}],
    ['a look-alike origin', {origin: `http://localhost:${'PORT'}.evil.example`}],
    ['https: on its host and port', {origin: `https://localhost:${'PORT'}`}],
  ];
  for (const [what, headers] of foreign) {
    it(`refuses ${what} with 403, minting nothing`, async () => {
      const own = `http://localhost:${port}`;
      const sent = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, v.replace('ORIGIN', own).replace('PORT', port)]),
      );
      for (const path of ['/api/connect-token', '/api/connect-link', '/api/pairing-token']) {
        const before = demo.mock.links.size;
        const response = await post(path, sent, JSON.stringify({name: 'X', number: '5511999999999'}));
        assert.equal(response.status, 403, `${path} answered ${response.status}`);
        assert.equal(demo.mock.links.size, before, `${path} minted a pairing link`);
      }
    });
  }

  it('answers its own pages (Origin and Sec-Fetch-Site: same-origin), on each loopback name', async () => {
    for (const name of ['localhost', '127.0.0.1', '[::1]']) {
      const origin = `http://${name}:${port}`;
      const response = await send(port, {
        method: 'POST',
        path: '/api/connect-token',
        headers: {host: `${name}:${port}`, origin, 'sec-fetch-site': 'same-origin'},
      });
      assert.equal(response.status, 200);
      assert.match(JSON.parse(response.body).token, /^[0-9a-f-]{36}$/);
    }
  });

  it('answers a client that is no browser page (no Origin, no Sec-Fetch-Site), such as curl', async () => {
    assert.equal((await post('/api/connect-token')).status, 200);
  });
});

describe('the demo server: --host, the opt-in to another address', () => {
  // The guard alone, with requests made up in memory: the tests never listen beyond loopback.
  const PORT = 8000;
  async function guardFor(host) {
    const {createGuard, siteHostNames} = await import('../../demo/guard.mjs');
    const guard = createGuard({
      port: PORT,
      hostNames: siteHostNames(host),
      apiRoutes: new Set(['/api/connect-token']),
      packages: new Set(['lit']),
    });
    return (url, headers, method = 'GET') => {
      const res = {status: 0, writeHead: (status) => (res.status = status), end: () => {}};
      return guard({url, method, headers}, res) ? res.status : 'passed';
    };
  }

  it('by default refuses the Host and Origin of a LAN address', async () => {
    const check = await guardFor(undefined);
    assert.equal(check('/demo/', {host: `192.0.2.10:${PORT}`}), 421);
    assert.equal(check('/demo/', {host: `localhost:${PORT}`}), 'passed');
  });

  it('with --host 192.0.2.10, accepts that host and its origin too, and still refuses others', async () => {
    const check = await guardFor('192.0.2.10');
    assert.equal(check('/demo/', {host: `192.0.2.10:${PORT}`}), 'passed');
    const own = {host: `192.0.2.10:${PORT}`, origin: `http://192.0.2.10:${PORT}`};
    assert.equal(check('/api/connect-token', own, 'POST'), 'passed');
    assert.equal(check('/api/connect-token', {...own, origin: 'https://evil.example'}, 'POST'), 403);
    assert.equal(check('/demo/', {host: 'evil.example'}), 421);
    assert.equal(check('/package.json', {host: `192.0.2.10:${PORT}`}), 404);
  });

  it('with a wildcard (--host 0.0.0.0), accepts every address of this machine and the loopback names', async () => {
    const {siteHostNames} = await import('../../demo/guard.mjs');
    const names = siteHostNames('0.0.0.0');
    for (const name of ['localhost', '127.0.0.1', '[::1]']) assert.ok(names.has(name));
    assert.ok(!names.has('0.0.0.0'));
    assert.ok(!names.has('evil.example'));
  });
});
