// `@pilotstatus/connect-element/server` as built (dist/server.js), over real HTTP on 127.0.0.1 against the
// mock PilotStatus and a few deliberately broken servers: the client's every success and failure, the
// token-url handler's checks, toNodeListener(), and that the browser builds carry none of it.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {inspect} from 'node:util';
import {listen} from '../../demo/mock/http.mjs';
import {createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {
  PilotStatusError,
  createClient,
  isSameOriginRequest,
  toNodeListener,
  tokenUrlHandler,
} from '../../dist/server.js';

const KEY = `ps_test_${randomUUID()}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUPPORT = {name: 'Support', number: '5511999999999'};

// Every error any test saw: none may carry the key, in its message, its stack or anything it holds.
const seenErrors = [];
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    return error;
  }
  assert.fail('expected a rejection');
}
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    seenErrors.push(error);
    return error;
  }
  assert.fail('expected a throw');
}

/** A server on 127.0.0.1 with `handler` (a node:http listener); closed after the suite. */
const servers = [];
async function serve(handler) {
  const server = await listen(handler);
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

/** A fetch that counts the requests the client makes. */
function countingFetch() {
  const wrapped = (...args) => {
    wrapped.calls++;
    return fetch(...args);
  };
  wrapped.calls = 0;
  return wrapped;
}

/** Answers `answers` in turn (each `[status, body]` or a function of the request), then the last one again. */
async function scripted(answers) {
  const seen = [];
  const origin = await serve((req, res) => {
    seen.push({method: req.method, url: req.url, headers: req.headers});
    const item = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (item === 'hang') return; // accepted, never answered
    const [status, body, type = 'application/json'] = typeof item === 'function' ? item(req) : item;
    res.writeHead(status, {'content-type': type});
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  return {origin, seen};
}

let mock;
let api;
before(async () => {
  mock = createMockPilotStatus({apiKey: KEY});
  api = await serve(mock.handler);
});
after(async () => {
  for (const error of seenErrors) {
    for (const text of [String(error.message), String(error.stack), inspect(error, {depth: 5})]) {
      assert.ok(!text.includes(KEY), `an error carries the key: ${text}`);
    }
  }
  assert.ok(seenErrors.length > 20, 'the key check saw the errors');
  await Promise.all(servers.map((server) => server.close()));
});

const client = (options = {}) => createClient({apiKey: KEY, apiBase: api, retryDelayMs: () => 0, ...options});

describe('createClient()', () => {
  it('refuses options it cannot work with, naming them', () => {
    assert.match(thrown(() => createClient({apiBase: api})).message, /apiKey/);
    assert.match(thrown(() => createClient({apiKey: ''})).message, /apiKey/);
    // The key would cross the network in clear.
    assert.match(thrown(() => createClient({apiKey: KEY, apiBase: 'http://api.example'})).message, /apiBase/);
    assert.match(thrown(() => createClient({apiKey: KEY, apiBase: 'ftp://127.0.0.1'})).message, /apiBase/);
    assert.match(thrown(() => createClient({apiKey: KEY, apiBase: '/v1'})).message, /apiBase/);
    assert.match(thrown(() => createClient({apiKey: KEY, timeoutMs: 0})).message, /timeoutMs/);
    assert.match(thrown(() => createClient({apiKey: KEY, fetch: 'no'})).message, /fetch/);
  });

  it('does not show the key when the client is logged', () => {
    assert.ok(!inspect(client(), {depth: 5}).includes(KEY));
    assert.ok(!JSON.stringify(client()).includes(KEY));
  });
});

describe('createRemotePairing()', () => {
  it('mints a link and parses its token out of remotePairingUrl', async () => {
    const link = await client().createRemotePairing(SUPPORT);
    assert.deepEqual(Object.keys(link).sort(), ['maskedNumber', 'messageSent', 'remotePairingUrl', 'token']);
    assert.match(link.token, UUID);
    assert.equal(link.remotePairingUrl, `${api}/connect/${link.token}`);
    assert.equal(link.maskedNumber, '+55 •••••••9999');
    assert.equal(link.messageSent, false);
    assert.equal(mock.links.get(link.token).name, 'Support');
  });

  it('passes sendViaWhatsApp, provider, brandingOverride and fields it does not know', async () => {
    const link = await client().createRemotePairing({
      ...SUPPORT,
      sendViaWhatsApp: true,
      provider: 'META',
      brandingOverride: {name: 'Acme', primaryColor: '#6d28d9'},
      redirectUrl: 'https://app.example/done',
    });
    assert.equal(link.messageSent, true);
    const stored = mock.links.get(link.token);
    assert.equal(stored.provider, 'META');
    assert.deepEqual(stored.brandingOverride, {name: 'Acme', primaryColor: '#6d28d9'});
    assert.equal(stored.redirectUrl, 'https://app.example/done');
  });

  it('accepts an apiBase with a trailing slash', async () => {
    assert.match((await client({apiBase: `${api}/`}).createRemotePairing(SUPPORT)).token, UUID);
  });

  it('checks its input before any request, naming the field', async () => {
    const cases = [
      [undefined, /the argument/],
      ['5511999999999', /the argument/],
      [{number: SUPPORT.number}, /\bname\b/],
      [{...SUPPORT, name: '  '}, /\bname\b/],
      [{...SUPPORT, number: 5511999999999}, /\bnumber\b/],
      [{...SUPPORT, number: '123456789'}, /\bnumber\b.*10 to 15 digits/],
      [{...SUPPORT, number: '5511999999999123'}, /\bnumber\b/],
      [{...SUPPORT, number: '+55 11 99999-9999'}, /\bnumber\b/],
      [{...SUPPORT, sendViaWhatsApp: 'yes'}, /\bsendViaWhatsApp\b/],
      [{...SUPPORT, provider: 'meta'}, /\bprovider\b/],
      [{...SUPPORT, provider: 'QR'}, /\bprovider\b/],
      [{...SUPPORT, brandingOverride: 'Acme'}, /\bbrandingOverride\b/],
      [{...SUPPORT, brandingOverride: []}, /\bbrandingOverride\b/],
    ];
    const counted = countingFetch();
    for (const [input, field] of cases) {
      const error = await rejection(client({fetch: counted}).createRemotePairing(input));
      assert.ok(error instanceof TypeError, `${inspect(input)}: ${error}`);
      assert.match(error.message, field);
      // A phone number is personal data: the refusal names the field, not its value.
      assert.ok(!error.message.includes('99999-9999'));
    }
    assert.equal(counted.calls, 0);
  });

  it('reports the API refusing a wrong key as a PilotStatusError 401, without the key', async () => {
    const wrong = `ps_wrong_${randomUUID()}`;
    const error = await rejection(client({apiKey: wrong}).createRemotePairing(SUPPORT));
    assert.ok(error instanceof PilotStatusError);
    assert.equal(error.name, 'PilotStatusError');
    assert.equal(error.status, 401);
    assert.equal(error.error, 'unauthorized');
    assert.equal(error.apiMessage, 'a valid x-api-key header is required');
    assert.equal(error.field, undefined);
    assert.match(error.message, /HTTP 401 unauthorized/);
    assert.ok(!error.message.includes(wrong) && !error.stack.includes(wrong));
  });

  it("reports each field the API refuses (what the client leaves to the API's own rules)", async () => {
    const cases = [
      [{...SUPPORT, name: 'x'.repeat(81)}, 'name'],
      [{...SUPPORT, brandingOverride: {name: ''}}, 'brandingOverride.name'],
      [{...SUPPORT, brandingOverride: {primaryColor: 'purple'}}, 'brandingOverride.primaryColor'],
      [{...SUPPORT, brandingOverride: {logoUrl: 'http://logo.example/a.png'}}, 'brandingOverride.logoUrl'],
      [{...SUPPORT, redirectUrl: 'javascript:alert(1)'}, 'redirectUrl'],
      [{...SUPPORT, note: 'x'.repeat(17_000)}, 'body'],
    ];
    for (const [input, field] of cases) {
      const error = await rejection(client().createRemotePairing(input));
      assert.ok(error instanceof PilotStatusError, String(error));
      assert.equal(error.status, 400);
      assert.equal(error.error, 'invalid_request');
      assert.equal(error.field, field);
      assert.match(error.apiMessage, new RegExp(field.replace('.', '\\.')));
      assert.ok(error.message.includes(`(field ${field})`), error.message);
    }
  });

  it('is never retried, whatever the failure (a retry could mint a second link)', async () => {
    const {origin, seen} = await scripted([[503, {error: 'unavailable', message: 'try later'}]]);
    const error = await rejection(client({apiBase: origin}).createRemotePairing(SUPPORT));
    assert.equal(error.status, 503);
    assert.equal(seen.length, 1);

    const hanging = await scripted(['hang']);
    const late = await rejection(client({apiBase: hanging.origin, timeoutMs: 50}).createRemotePairing(SUPPORT));
    assert.equal(late.error, 'timeout');
    assert.equal(hanging.seen.length, 1);
  });

  it('gives up on an API that does not answer within timeoutMs', async () => {
    const {origin} = await scripted(['hang']);
    const started = performance.now();
    const error = await rejection(client({apiBase: origin, timeoutMs: 100}).createRemotePairing(SUPPORT));
    assert.ok(error instanceof PilotStatusError);
    assert.equal(error.status, 0);
    assert.equal(error.error, 'timeout');
    assert.match(error.message, /did not answer within 100 ms/);
    assert.ok(performance.now() - started < 5_000);
  });

  it('gives up on an API that sends its headers and then stalls', async () => {
    const origin = await serve((req, res) => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.write('{"remotePairingUrl": ');
    });
    const error = await rejection(client({apiBase: origin, timeoutMs: 100}).createRemotePairing(SUPPORT));
    assert.equal(error.error, 'timeout');
  });

  it('reports an API it cannot reach as network_error', async () => {
    const closed = await listen(() => {});
    await closed.close();
    const error = await rejection(client({apiBase: `http://127.0.0.1:${closed.port}`}).createRemotePairing(SUPPORT));
    assert.equal(error.status, 0);
    assert.equal(error.error, 'network_error');
  });

  it('refuses a malformed answer as invalid_response', async () => {
    const token = randomUUID();
    const answers = [
      [200, 'not json', 'text/plain'],
      [200, ''],
      [200, []],
      [200, {maskedNumber: '+55 •••9999', messageSent: false}],
      [200, {remotePairingUrl: `https://connect.example/connect/not-a-uuid`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `https://connect.example/connect/${token}/`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `http://connect.example/connect/${token}`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `javascript:alert(1)//${token}`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `https://connect.example/connect/${token}?x`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `https://u:p@connect.example/connect/${token}`, maskedNumber: 'x', messageSent: false}],
      [200, {remotePairingUrl: `https://connect.example/connect/${token}`, messageSent: false}],
      [200, {remotePairingUrl: `https://connect.example/connect/${token}`, maskedNumber: 'x', messageSent: 'no'}],
    ];
    for (const answer of answers) {
      const {origin} = await scripted([answer]);
      const error = await rejection(client({apiBase: origin}).createRemotePairing(SUPPORT));
      assert.ok(error instanceof PilotStatusError, `${inspect(answer)}: ${error}`);
      assert.equal(error.error, 'invalid_response', inspect(answer));
      assert.equal(error.status, 200);
    }
    // The same answer with a usable link passes, so the cases above fail for the one reason each shows.
    const {origin} = await scripted([
      [200, {remotePairingUrl: `https://connect.example/connect/${token}`, maskedNumber: 'x', messageSent: false}],
    ]);
    assert.equal((await client({apiBase: origin}).createRemotePairing(SUPPORT)).token, token);
  });

  it('lets an input JSON cannot encode throw as itself, before any request', async () => {
    const counted = countingFetch();
    const error = await rejection(client({fetch: counted}).createRemotePairing({...SUPPORT, extra: 1n}));
    assert.ok(error instanceof TypeError && !(error instanceof PilotStatusError));
    assert.equal(counted.calls, 0);
  });

  it('reports an error answer that is not JSON by its status', async () => {
    const {origin} = await scripted([[500, '<h1>Internal error</h1>', 'text/html']]);
    const error = await rejection(client({apiBase: origin}).createRemotePairing(SUPPORT));
    assert.equal(error.status, 500);
    assert.equal(error.error, 'http_500');
    assert.equal(error.apiMessage, undefined);
  });

  it('scrubs the key from an API message that echoes it', async () => {
    const {origin, seen} = await scripted([
      (req) => [401, {error: 'unauthorized', message: `key ${req.headers['x-api-key']} is revoked`}],
    ]);
    const error = await rejection(client({apiBase: origin}).createRemotePairing(SUPPORT));
    assert.equal(seen[0].headers['x-api-key'], KEY);
    assert.equal(error.apiMessage, 'key [api key] is revoked');
    assert.ok(!error.message.includes(KEY));
  });

  it('does not follow a redirect, which would carry the key elsewhere', async () => {
    const target = await scripted([[200, {}]]);
    const redirecting = await serve((req, res) => {
      res.writeHead(307, {location: `${target.origin}/v1/numbers/remote-pairing`});
      res.end();
    });
    const error = await rejection(client({apiBase: redirecting}).createRemotePairing(SUPPORT));
    assert.equal(error.status, 307);
    assert.equal(target.seen.length, 0);
  });
});

describe('getBranding() / putBranding()', () => {
  it('reads and replaces the tenant branding', async () => {
    const own = createMockPilotStatus({apiKey: KEY});
    const base = await serve(own.handler);
    const c = client({apiBase: base});
    assert.deepEqual(await c.getBranding(), {name: 'PilotStatus', primaryColor: '#0b7a75', logoUrl: null});
    const stored = await c.putBranding({name: 'Acme', primaryColor: '#6d28d9', logoUrl: 'https://acme.example/l.svg'});
    assert.deepEqual(stored, {name: 'Acme', primaryColor: '#6d28d9', logoUrl: 'https://acme.example/l.svg'});
    assert.deepEqual(await c.getBranding(), stored);
  });

  it('reports each field PUT /v1/branding refuses', async () => {
    for (const [branding, field] of [
      [{name: ''}, 'body.name'],
      [{primaryColor: 'red'}, 'body.primaryColor'],
      [{logoUrl: 'ftp://logo.example/a.png'}, 'body.logoUrl'],
    ]) {
      const error = await rejection(client().putBranding(branding));
      assert.equal(error.status, 400);
      assert.equal(error.field, field);
    }
    assert.match((await rejection(client().putBranding('Acme'))).message, /putBranding\(\): branding/);
  });

  it('reports a wrong key as 401 and does not retry it', async () => {
    const counted = countingFetch();
    const error = await rejection(client({apiKey: 'ps_wrong', fetch: counted}).getBranding());
    assert.equal(error.status, 401);
    assert.equal(counted.calls, 1);
  });

  it('retries GET on 5xx, 429 and network errors, with the injected backoff, then succeeds', async () => {
    const branding = {name: 'Acme', primaryColor: '#6d28d9', logoUrl: null};
    const {origin, seen} = await scripted([
      [503, {}],
      [429, {}],
      [200, branding],
    ]);
    const delays = [];
    const c = client({apiBase: origin, retryDelayMs: (attempt) => (delays.push(attempt), 0)});
    assert.deepEqual(await c.getBranding(), branding);
    assert.equal(seen.length, 3);
    assert.deepEqual(delays, [1, 2]);
  });

  it('stops after 3 attempts', async () => {
    const {origin, seen} = await scripted([[502, {error: 'bad_gateway'}]]);
    const error = await rejection(client({apiBase: origin}).getBranding());
    assert.equal(error.status, 502);
    assert.equal(seen.length, 3);
    const hanging = await scripted(['hang']);
    assert.equal((await rejection(client({apiBase: hanging.origin, timeoutMs: 30}).getBranding())).error, 'timeout');
    assert.equal(hanging.seen.length, 3);
  });

  it('does not retry PUT', async () => {
    const {origin, seen} = await scripted([[503, {}]]);
    assert.equal((await rejection(client({apiBase: origin}).putBranding({name: 'Acme'}))).status, 503);
    assert.equal(seen.length, 1);
  });

  it('refuses a branding answer that is not an object', async () => {
    const {origin} = await scripted([[200, ['Acme']]]);
    assert.equal((await rejection(client({apiBase: origin}).getBranding())).error, 'invalid_response');
  });
});

const SITE = 'http://127.0.0.1:4000';
const post = (headers = {'sec-fetch-site': 'same-origin'}, init = {}) =>
  new Request(`${SITE}/api/pairing-token`, {method: 'POST', headers, ...init});

describe('tokenUrlHandler()', () => {
  const quiet = {onError: (error) => seenErrors.push(error)};
  const handler = (options = {}) =>
    tokenUrlHandler({apiKey: KEY, apiBase: api, link: () => SUPPORT, ...quiet, ...options});

  async function expectJson(response, status) {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type'), /^application\/json/);
    const text = await response.text();
    assert.ok(!text.includes(KEY));
    return JSON.parse(text);
  }

  it('answers {token} for a same-origin POST, never cached', async () => {
    const body = await expectJson(await handler()(post()), 200);
    assert.deepEqual(Object.keys(body), ['token']);
    assert.match(body.token, UUID);
    assert.ok(mock.links.has(body.token));
  });

  it('accepts only POST, with Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await handler()(new Request(`${SITE}/api/pairing-token`, {method}));
      await expectJson(response, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });

  it('accepts only requests from a page on its own origin', async () => {
    const refused = [
      {'sec-fetch-site': 'cross-site'},
      {'sec-fetch-site': 'same-site'},
      {'sec-fetch-site': 'none'},
      // Sec-Fetch-Site decides when present: a matching Origin does not override it.
      {'sec-fetch-site': 'cross-site', origin: SITE},
      {origin: 'http://127.0.0.1:4001'},
      {origin: 'https://127.0.0.1:4000'},
      {origin: 'http://127.0.0.1:4000.evil.example'},
      {origin: 'null'},
      {},
    ];
    let linked = 0;
    const h = handler({link: () => (linked++, SUPPORT)});
    for (const headers of refused) await expectJson(await h(post(headers)), 403);
    assert.equal(linked, 0);
    assert.equal(isSameOriginRequest(post({origin: SITE})), true);
    await expectJson(await h(post({origin: SITE})), 200);
  });

  it('answers 401 when link() finds nobody signed in, and lets link() answer itself', async () => {
    await expectJson(await handler({link: () => null})(post()), 401);
    const own = await handler({link: async () => new Response('no', {status: 403})})(post());
    assert.equal(own.status, 403);
    assert.equal(await own.text(), 'no');
  });

  it('gives link() the request: its cookies and its body', async () => {
    let seen;
    const h = handler({
      link: async (request) => {
        seen = {cookie: request.headers.get('cookie'), body: await request.json()};
        return SUPPORT;
      },
    });
    await expectJson(await h(post({'sec-fetch-site': 'same-origin', cookie: 'session=s1'}, {body: '{"a":1}'})), 200);
    assert.deepEqual(seen, {cookie: 'session=s1', body: {a: 1}});
  });

  it('answers 500 when link() throws or returns what the client refuses, and reports why', async () => {
    const reported = [];
    const onError = (error) => reported.push(error);
    const boom = new Error('database down');
    await expectJson(await handler({onError, link: () => Promise.reject(boom)})(post()), 500);
    await expectJson(await handler({onError, link: () => ({name: 'Support', number: '12'})})(post()), 500);
    assert.equal(reported[0], boom);
    assert.match(reported[1].message, /number/);
  });

  it('answers 500 until the key is set, without failing at creation', async () => {
    const reported = [];
    const h = tokenUrlHandler({apiKey: undefined, apiBase: api, link: () => SUPPORT, onError: (e) => reported.push(e)});
    await expectJson(await h(post()), 500);
    assert.match(reported[0].message, /apiKey/);
    assert.match(thrown(() => tokenUrlHandler({apiKey: KEY})).message, /link/);
  });

  it('answers 502 when the API refuses, with a body that says only that', async () => {
    const reported = [];
    const h = handler({apiKey: 'ps_wrong', onError: (e) => reported.push(e)});
    const body = await expectJson(await h(post()), 502);
    assert.deepEqual(body, {message: 'PilotStatus could not create the pairing link.'});
    assert.equal(reported[0].status, 401);
    const malformed = await scripted([[200, {remotePairingUrl: 'https://x.example/connect/nope'}]]);
    await expectJson(await handler({apiBase: malformed.origin})(post()), 502);
  });

  it('answers 504 when the API does not answer or cannot be reached, and mints at most once', async () => {
    const hanging = await scripted(['hang']);
    await expectJson(await handler({apiBase: hanging.origin, timeoutMs: 50})(post()), 504);
    assert.equal(hanging.seen.length, 1);
    const closed = await listen(() => {});
    await closed.close();
    await expectJson(await handler({apiBase: `http://127.0.0.1:${closed.port}`})(post()), 504);
  });
});

describe('toNodeListener()', () => {
  async function site(handler, options) {
    return serve(toNodeListener(handler, options));
  }

  it('serves tokenUrlHandler() on node:http: a same-origin POST gets a token', async () => {
    const origin = await site(tokenUrlHandler({apiKey: KEY, apiBase: api, link: () => SUPPORT}));
    // Node's fetch sends no Sec-Fetch-Site, so Origin decides, against the Host the request came to.
    const ok = await fetch(`${origin}/api/pairing-token`, {method: 'POST', headers: {origin}});
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    assert.match((await ok.json()).token, UUID);
    const other = await fetch(`${origin}/api/pairing-token`, {method: 'POST', headers: {origin: 'http://127.0.0.1:1'}});
    assert.equal(other.status, 403);
    const get = await fetch(`${origin}/api/pairing-token`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('builds the Request from the method, path, headers and body', async () => {
    let seen;
    const origin = await site(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        cookie: request.headers.get('cookie'),
        multi: request.headers.get('x-multi'),
        body: await request.text(),
      };
      return new Response('ok', {
        headers: [
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ],
      });
    });
    const response = await fetch(`${origin}/some/path?q=1`, {
      method: 'PATCH',
      headers: {cookie: 'session=s1', 'x-multi': 'one'},
      body: 'héllo',
    });
    assert.equal(await response.text(), 'ok');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(seen, {
      method: 'PATCH',
      url: `${origin}/some/path?q=1`,
      cookie: 'session=s1',
      multi: 'one',
      body: 'héllo',
    });
  });

  it('uses X-Forwarded-Proto/-Host only with trustProxy', async () => {
    const urls = [];
    const echo = (request) => (urls.push(request.url), new Response('ok'));
    const headers = {'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example'};
    const plain = await site(echo);
    await fetch(`${plain}/p`, {headers});
    await fetch(`${await site(echo, {trustProxy: true})}/p`, {headers});
    assert.equal(urls[0], `${plain}/p`);
    assert.equal(urls[1], 'https://app.example/p');
  });

  it('answers 413 to a body over maxBodyBytes without calling the handler, and 500 when it throws', async () => {
    let called = false;
    const small = await site(() => ((called = true), new Response('ok')), {maxBodyBytes: 10});
    assert.equal((await fetch(small, {method: 'POST', body: 'x'.repeat(11)})).status, 413);
    assert.equal(called, false);
    const original = console.error;
    console.error = () => {};
    try {
      const broken = await site(() => {
        throw new Error('handler bug');
      });
      assert.equal((await fetch(broken, {method: 'POST'})).status, 500);
    } finally {
      console.error = original;
    }
  });
});

describe('the builds', () => {
  const root = new URL('../../', import.meta.url);
  const read = (file) => readFileSync(new URL(file, root), 'utf8');
  // Strings only the server module holds (not the element's own texts, which also name the endpoint).
  const SERVER_ONLY = ['PilotStatusError', 'x-api-key', 'sec-fetch-site', 'Only pages on this site may ask'];

  it('dist/server.js holds the server code and imports nothing', () => {
    const server = read('dist/server.js');
    for (const needle of SERVER_ONLY) assert.ok(server.includes(needle), needle);
    assert.doesNotMatch(server, /^\s*(import|export \* from)\b/m);
    assert.doesNotMatch(server, /\bfrom\s+['"]/);
  });

  it('no browser build contains it', () => {
    for (const file of ['dist/index.js', 'dist/pilotstatus-connect.bundled.js', 'dist/embed.js']) {
      const code = read(file);
      for (const needle of SERVER_ONLY) assert.ok(!code.includes(needle), `${file} contains ${needle}`);
    }
  });

  it('resolves as @pilotstatus/connect-element/server, in Node, touching no DOM', () => {
    const script = `
      const m = await import('@pilotstatus/connect-element/server');
      console.log(JSON.stringify(Object.keys(m).sort()));`;
    const keys = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'}),
    );
    for (const name of ['PilotStatusError', 'createClient', 'toNodeListener', 'tokenUrlHandler']) {
      assert.ok(keys.includes(name), name);
    }
  });
});
