// The mock PilotStatus against requests a browser would never send: a forged Host header, and API keys
// that are almost right. Loopback (127.0.0.1) only.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {syncBuiltinESMExports} from 'node:module';
import {after, before, describe, it, mock as spies} from 'node:test';
import {listen} from '../../demo/mock/http.mjs';
import {DEFAULT_API_KEY, createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {send} from './helpers/raw-http.mjs';

const BODY = JSON.stringify({name: 'Support', number: '5511999999999'});

function mintWith(port, headers) {
  return send(port, {
    method: 'POST',
    path: '/v1/numbers/remote-pairing',
    headers: {'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json', ...headers},
    body: BODY,
  });
}

describe('the mock: links name its own origin, whatever Host a request sends', () => {
  // The origin a deployment configures (a proxy or a tunnel in front of the mock would be another one).
  const CONFIGURED = 'https://connect.mock.example';
  let configured;
  let unconfigured;
  before(async () => {
    configured = await listen(createMockPilotStatus({origin: CONFIGURED}).handler);
    unconfigured = await listen(createMockPilotStatus().handler);
  });
  after(async () => {
    await configured?.close();
    await unconfigured?.close();
  });

  for (const host of ['evil.example', 'evil.example:443', `127.0.0.1:1`, 'localhost']) {
    it(`remotePairingUrl and the default redirectUrl ignore Host: ${host}`, async () => {
      const minted = await mintWith(configured.port, {host});
      assert.equal(minted.status, 200);
      const link = new URL(JSON.parse(minted.body).remotePairingUrl);
      assert.equal(link.origin, CONFIGURED);
      const token = link.pathname.split('/').pop();
      const paired = await send(configured.port, {method: 'POST', path: `/connect/${token}/pair`, headers: {host}});
      assert.equal(new URL(JSON.parse(paired.body).redirectUrl).origin, CONFIGURED);
    });
  }

  it('without a configured origin, names the address the request arrived at, not its Host', async () => {
    const minted = await mintWith(unconfigured.port, {host: 'evil.example'});
    assert.equal(new URL(JSON.parse(minted.body).remotePairingUrl).origin, `http://127.0.0.1:${unconfigured.port}`);
  });
});

describe('the mock: the x-api-key check', () => {
  let server;
  before(async () => {
    server = await listen(createMockPilotStatus({apiKey: DEFAULT_API_KEY}).handler);
  });
  after(() => server?.close());
  const host = () => `127.0.0.1:${server.port}`;

  const wrong = [
    ['a prefix of the key', DEFAULT_API_KEY.slice(0, -1)],
    ['the key and one more character', `${DEFAULT_API_KEY}x`],
    ['the key with its last character changed', `${DEFAULT_API_KEY.slice(0, -1)}X`],
    ['the key in capitals', DEFAULT_API_KEY.toUpperCase()],
    ['an empty key', ''],
    ['a much longer key', DEFAULT_API_KEY.repeat(50)],
  ];
  for (const [what, key] of wrong) {
    it(`answers 401 (not 500) for ${what}`, async () => {
      const response = await mintWith(server.port, {host: host(), 'x-api-key': key});
      assert.equal(response.status, 401);
    });
  }

  it('answers 401 for the key sent twice, and 200 for the key', async () => {
    const twice = await send(server.port, {
      method: 'POST',
      path: '/v1/numbers/remote-pairing',
      headers: [
        ['host', host()],
        ['x-api-key', DEFAULT_API_KEY],
        ['x-api-key', DEFAULT_API_KEY],
        ['content-type', 'application/json'],
      ].flat(),
      body: BODY,
    });
    assert.equal(twice.status, 401);
    assert.equal((await mintWith(server.port, {host: host()})).status, 200);
  });

  it('compares in constant time: crypto.timingSafeEqual on two digests of one length, right or wrong', async () => {
    const spy = spies.method(crypto, 'timingSafeEqual');
    // The mock imports timingSafeEqual by name: make that binding see the spy too.
    syncBuiltinESMExports();
    try {
      for (const key of [DEFAULT_API_KEY, 'ps', DEFAULT_API_KEY.repeat(3)]) {
        await mintWith(server.port, {host: host(), 'x-api-key': key});
      }
      await send(server.port, {path: '/v1/branding', headers: {host: host()}});
      assert.equal(spy.mock.callCount(), 4);
      for (const {
        arguments: [a, b],
      } of spy.mock.calls) {
        assert.equal(a.length, 32);
        assert.equal(b.length, 32);
      }
    } finally {
      spy.mock.restore();
      syncBuiltinESMExports();
    }
  });
});
