// The mock PilotStatus service over real HTTP on loopback: what the demo, the tests and outside checks
// rely on it to do, as the Embed Connect documentation describes the real service.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {listen} from '../../demo/mock/http.mjs';
import {DEFAULT_API_KEY, createMockPilotStatus, isAllowedOrigin, parseDuration} from '../../demo/mock/pilotstatus.mjs';

const KEY = DEFAULT_API_KEY;
const EMBEDDER = 'http://localhost:8000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function start(options = {}) {
  const mock = createMockPilotStatus(options);
  const server = await listen(mock.handler);
  return {origin: `http://127.0.0.1:${server.port}`, close: () => server.close()};
}

let api;
before(async () => {
  api = await start({ttlMs: 60_000});
});
after(() => api.close());

function createLink(body, {key = KEY, origin = api.origin, raw} = {}) {
  return fetch(`${origin}/v1/numbers/remote-pairing`, {
    method: 'POST',
    headers: {...(key === null ? {} : {'x-api-key': key}), 'content-type': 'application/json'},
    body: raw ?? JSON.stringify(body),
  });
}

async function newToken(body = {}, options = {}) {
  const response = await createLink({name: 'Support', number: '5511999999999', ...body}, options);
  assert.equal(response.status, 200);
  return new URL((await response.json()).remotePairingUrl).pathname.split('/').pop();
}

function connectPage(token, {origin = api.origin, referer = `${EMBEDDER}/settings`, query = ''} = {}) {
  return fetch(`${origin}/connect/${token}${query}`, {headers: referer ? {referer} : {}});
}

/** The JSON config the Connect page's script starts from. */
function pageConfig(html) {
  const json = /<script type="application\/json" id="connect-config">(.*?)<\/script>/s.exec(html)?.[1];
  return json ? JSON.parse(json) : null;
}

describe('POST /v1/numbers/remote-pairing', () => {
  it('answers remotePairingUrl, maskedNumber and messageSent', async () => {
    const response = await createLink({name: 'Support', number: '5511999999999', sendViaWhatsApp: true});
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['maskedNumber', 'messageSent', 'remotePairingUrl']);
    const url = new URL(body.remotePairingUrl);
    assert.equal(url.origin, api.origin);
    const [, connect, token] = url.pathname.split('/');
    assert.equal(connect, 'connect');
    assert.match(token, UUID);
    assert.equal(body.maskedNumber, '+55 •••••••9999');
    assert.equal(body.messageSent, true);
  });

  it('does not claim a WhatsApp message was sent unless asked to', async () => {
    const body = await (await createLink({name: 'Support', number: '5511999999999'})).json();
    assert.equal(body.messageSent, false);
  });

  it('accepts provider META and a brandingOverride', async () => {
    const response = await createLink({
      name: 'Sales',
      number: '5521988887777',
      provider: 'META',
      brandingOverride: {name: 'Acme', primaryColor: '#112233', logoUrl: 'https://acme.example/logo.png'},
    });
    assert.equal(response.status, 200);
  });

  it('answers 401 without an x-api-key', async () => {
    const response = await createLink({name: 'Support', number: '5511999999999'}, {key: null});
    assert.equal(response.status, 401);
    assert.equal((await response.json()).error, 'unauthorized');
  });

  it('answers 401 with a wrong x-api-key', async () => {
    const response = await createLink({name: 'Support', number: '5511999999999'}, {key: 'ps_wrong'});
    assert.equal(response.status, 401);
  });

  const malformed = [
    ['a number of 9 digits', {name: 'S', number: '551199999'}, 'number'],
    ['a number of 16 digits', {name: 'S', number: '5511999999999999'}, 'number'],
    ['a number with a plus sign', {name: 'S', number: '+5511999999999'}, 'number'],
    ['a number given as a JSON number', {name: 'S', number: 5511999999999}, 'number'],
    ['no number', {name: 'S'}, 'number'],
    ['no name', {number: '5511999999999'}, 'name'],
    ['an empty name', {name: '  ', number: '5511999999999'}, 'name'],
    ['an unknown provider', {name: 'S', number: '5511999999999', provider: 'TWILIO'}, 'provider'],
    ['a lowercase provider', {name: 'S', number: '5511999999999', provider: 'meta'}, 'provider'],
    ['a string sendViaWhatsApp', {name: 'S', number: '5511999999999', sendViaWhatsApp: 'yes'}, 'sendViaWhatsApp'],
    ['a brandingOverride array', {name: 'S', number: '5511999999999', brandingOverride: []}, 'brandingOverride'],
    [
      'a brandingOverride colour that is not hex',
      {name: 'S', number: '5511999999999', brandingOverride: {primaryColor: 'red;}'}},
      'brandingOverride.primaryColor',
    ],
    [
      'a javascript: logo',
      {name: 'S', number: '5511999999999', brandingOverride: {logoUrl: 'javascript:alert(1)'}},
      'brandingOverride.logoUrl',
    ],
    ['a JSON array body', ['5511999999999'], 'body'],
  ];
  for (const [what, body, field] of malformed) {
    it(`answers 400 naming "${field}" for ${what}`, async () => {
      const response = await createLink(body);
      assert.equal(response.status, 400);
      const error = await response.json();
      assert.equal(error.field, field);
      assert.equal(typeof error.message, 'string');
    });
  }

  it('answers 400 naming "body" for a body that is not JSON', async () => {
    const response = await createLink(null, {raw: 'name=Support&number=5511999999999'});
    assert.equal(response.status, 400);
    assert.equal((await response.json()).field, 'body');
  });

  it('answers 400 naming "body" for a body over 16 KB', async () => {
    const response = await createLink({name: 'S', number: '5511999999999', pad: 'x'.repeat(20_000)});
    assert.equal(response.status, 400);
    assert.equal((await response.json()).field, 'body');
  });
});

describe('GET and PUT /v1/branding', () => {
  it('needs the key', async () => {
    assert.equal((await fetch(`${api.origin}/v1/branding`)).status, 401);
    const put = await fetch(`${api.origin}/v1/branding`, {method: 'PUT', body: '{}'});
    assert.equal(put.status, 401);
  });

  it('stores the tenant branding and answers it back', async () => {
    const mock = await start();
    try {
      const branding = {name: 'Tenant Co', primaryColor: '#aa0000', logoUrl: 'https://tenant.example/logo.svg'};
      const put = await fetch(`${mock.origin}/v1/branding`, {
        method: 'PUT',
        headers: {'x-api-key': KEY},
        body: JSON.stringify(branding),
      });
      assert.equal(put.status, 200);
      const got = await (await fetch(`${mock.origin}/v1/branding`, {headers: {'x-api-key': KEY}})).json();
      assert.deepEqual(got, branding);
    } finally {
      await mock.close();
    }
  });

  it('answers 400 naming the field for an invalid colour', async () => {
    const put = await fetch(`${api.origin}/v1/branding`, {
      method: 'PUT',
      headers: {'x-api-key': KEY},
      body: JSON.stringify({primaryColor: 'blue'}),
    });
    assert.equal(put.status, 400);
    assert.equal((await put.json()).field, 'body.primaryColor');
  });
});

describe('GET /connect/<token>', () => {
  it('shows a QR code (SVG), the masked number and the pending state for a valid token', async () => {
    const token = await newToken();
    const response = await connectPage(token);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<div class="qr"[^>]*><svg[^>]*viewBox/);
    assert.match(html, /\+55 •••••••9999/);
    assert.equal(pageConfig(html).state, 'pending');
    assert.equal(pageConfig(html).parentOrigin, EMBEDDER);
  });

  it('lets only the embedding origin frame it (frame-ancestors)', async () => {
    const response = await connectPage(await newToken());
    assert.equal(response.headers.get('content-security-policy'), `frame-ancestors ${EMBEDDER}`);
  });

  it('shows "Continue with Facebook" and no QR code for a META link', async () => {
    const html = await (await connectPage(await newToken({provider: 'META'}))).text();
    assert.match(html, /Continue with Facebook/);
    assert.doesNotMatch(html, /<svg/);
    assert.equal(pageConfig(html).provider, 'META');
  });

  it('answers an unknown token with the failure, for the page to post connect:error', async () => {
    const response = await connectPage('123e4567-e89b-42d3-a456-426614174000');
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /Pairing link not found/);
    assert.equal(pageConfig(html).state, 'unknown');
  });

  it('refuses an embedding origin that is not on the allow-list, and posts nothing', async () => {
    const response = await connectPage(await newToken(), {referer: 'https://evil.example/page'});
    assert.equal(response.status, 403);
    const html = await response.text();
    assert.match(html, /https:\/\/evil\.example is not on this PilotStatus account/);
    assert.doesNotMatch(html, /<script/);
  });

  it('refuses a request that does not say who embeds it', async () => {
    const response = await connectPage(await newToken(), {referer: null});
    assert.equal(response.status, 403);
  });

  it('honours a configured allow-list', async () => {
    const mock = await start({allowedOrigins: ['https://app.acme.example']});
    try {
      const token = await newToken({}, {origin: mock.origin});
      assert.equal((await connectPage(token, {origin: mock.origin})).status, 403);
      const allowed = await connectPage(token, {origin: mock.origin, referer: 'https://app.acme.example/'});
      assert.equal(allowed.status, 200);
    } finally {
      await mock.close();
    }
  });
});

describe('branding precedence: URL query > brandingOverride > tenant > default', () => {
  let mock;
  before(async () => {
    mock = await start();
  });
  after(() => mock.close());

  const brandOf = async (token, query = '') => {
    const html = await (await connectPage(token, {origin: mock.origin, query})).text();
    return {
      name: /<strong id="brand-name">(.*?)<\/strong>/.exec(html)[1],
      colour: /--brand: (#[0-9a-f]+);/i.exec(html)[1],
    };
  };

  it('uses the default with nothing configured', async () => {
    assert.deepEqual(await brandOf(await newToken({}, {origin: mock.origin})), {
      name: 'PilotStatus',
      colour: '#0b7a75',
    });
  });

  it('applies each layer over the one below', async () => {
    await fetch(`${mock.origin}/v1/branding`, {
      method: 'PUT',
      headers: {'x-api-key': KEY},
      body: JSON.stringify({name: 'Tenant', primaryColor: '#111111'}),
    });
    const plain = await newToken({}, {origin: mock.origin});
    assert.deepEqual(await brandOf(plain), {name: 'Tenant', colour: '#111111'});

    const overridden = await newToken({brandingOverride: {name: 'Link'}}, {origin: mock.origin});
    assert.deepEqual(await brandOf(overridden), {name: 'Link', colour: '#111111'});

    const query = `?name=${encodeURIComponent('From <URL>')}&primaryColor=${encodeURIComponent('#222222')}`;
    assert.deepEqual(await brandOf(overridden, query), {name: 'From &#60;URL&#62;', colour: '#222222'});
  });

  it('ignores an invalid URL parameter instead of injecting it', async () => {
    const token = await newToken({}, {origin: mock.origin});
    const brand = await brandOf(token, `?primaryColor=${encodeURIComponent('red;}body{display:none')}`);
    assert.match(brand.colour, /^#[0-9a-f]{6}$/i);
  });
});

describe('pairing and expiry', () => {
  it('pairs a valid link once, with a numberId and a redirectUrl on the mock', async () => {
    const token = await newToken();
    const first = await (await fetch(`${api.origin}/connect/${token}/pair`, {method: 'POST'})).json();
    assert.match(first.numberId, /^num_/);
    assert.equal(first.redirectUrl, `${api.origin}/numbers/${first.numberId}`);
    const again = await (await fetch(`${api.origin}/connect/${token}/pair`, {method: 'POST'})).json();
    assert.equal(again.numberId, first.numberId);
    assert.equal(pageConfig(await (await connectPage(token)).text()).state, 'paired');
  });

  it('expires a link after its TTL: the page says so and pairing answers 410', async () => {
    const mock = await start({ttlMs: 200});
    try {
      const token = await newToken({}, {origin: mock.origin});
      const fresh = pageConfig(await (await connectPage(token, {origin: mock.origin})).text());
      assert.equal(fresh.state, 'pending');
      assert.ok(fresh.expiresIn > 0 && fresh.expiresIn <= 200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stale = pageConfig(await (await connectPage(token, {origin: mock.origin})).text());
      assert.equal(stale.state, 'expired');
      assert.equal((await fetch(`${mock.origin}/connect/${token}/pair`, {method: 'POST'})).status, 410);
    } finally {
      await mock.close();
    }
  });
});

describe('helpers', () => {
  it('parseDuration() reads 24h, 30s, 1500ms and 2m', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1500ms'), 1500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('250'), 250);
    assert.throws(() => parseDuration('soon'), /not a duration/);
  });

  it('isAllowedOrigin() matches exactly, or any port with :*', () => {
    const list = ['http://localhost:*', 'https://app.acme.example'];
    assert.equal(isAllowedOrigin('http://localhost:8000', list), true);
    assert.equal(isAllowedOrigin('https://app.acme.example', list), true);
    assert.equal(isAllowedOrigin('https://app.acme.example.evil.com', list), false);
    assert.equal(isAllowedOrigin('http://localhost.evil.com:80', list), false);
    assert.equal(isAllowedOrigin('http://localhost:80x', list), false);
    assert.equal(isAllowedOrigin('https://localhost:8000', list), false);
  });
});
