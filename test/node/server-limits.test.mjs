// Every server in demo/ (the mock PilotStatus, the network lane, the demo site, and the mock on the browser
// tests' TLS-sniffing port) drops clients that never finish a request, and caps its connections. Each runs
// with small bounds here, so a test waits well under a second for the drop; the defaults are the same code.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {listen} from '../../demo/mock/http.mjs';
import {createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {startDemo} from '../../demo/server.mjs';
import {openConnection, slowClient} from './helpers/raw-http.mjs';

const LIMITS = {headersTimeout: 400, requestTimeout: 800, keepAliveTimeout: 400, maxConnections: 4};
// How long past its bound a client may stay: the server checks a few times per bound, plus a loaded machine.
const SLACK = 1_500;
const tls = {
  key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/cert.pem', import.meta.url)),
};

/** Asserts a slow client was dropped by the server's timer: not before `bound` ms, and not long after. */
function assertDropped({closed, ms, answer}, bound, {answered = true} = {}) {
  assert.equal(closed, true, `still connected after ${Math.round(ms)} ms (bound: ${bound} ms)`);
  assert.ok(ms >= bound - 50, `dropped after ${Math.round(ms)} ms, before its bound of ${bound} ms`);
  assert.ok(ms < bound + SLACK, `dropped only after ${Math.round(ms)} ms (bound: ${bound} ms)`);
  if (answered) assert.match(answer, /^HTTP\/1\.1 408 /);
}

const slow = (port, options) => slowClient(port, {cap: LIMITS.requestTimeout + SLACK + 500, ...options});

describe('listen() (demo/mock/http.mjs)', () => {
  let plain;
  let sniffing;
  before(async () => {
    const {handler} = createMockPilotStatus();
    plain = await listen(handler, {limits: LIMITS});
    sniffing = await listen(handler, {tls, limits: LIMITS});
  });
  after(async () => {
    await plain?.close();
    await sniffing?.close();
  });

  it('drops a client that trickles header lines, within headersTimeout', async () => {
    assertDropped(await slow(plain.port), LIMITS.headersTimeout);
  });

  it('drops a client that connects and sends nothing, within headersTimeout', async () => {
    assertDropped(await slow(plain.port, {what: 'nothing'}), LIMITS.headersTimeout, {answered: false});
  });

  it('drops a client that trickles its body, within requestTimeout', async () => {
    const result = await slow(plain.port, {what: 'body', path: '/v1/numbers/remote-pairing'});
    assertDropped(result, LIMITS.requestTimeout);
  });

  it('on the port that answers http: and https:, drops slow plain, silent and slow TLS clients', async () => {
    assertDropped(await slow(sniffing.port), LIMITS.headersTimeout);
    assertDropped(await slow(sniffing.port, {what: 'nothing'}), LIMITS.headersTimeout, {answered: false});
    const viaTls = await slow(sniffing.port, {tls: true});
    // The TLS handshake itself takes part of the bound, so only the upper limit holds here.
    assert.equal(viaTls.closed, true, `a TLS client still connected after ${Math.round(viaTls.ms)} ms`);
    assert.ok(viaTls.ms < LIMITS.headersTimeout + SLACK, `a TLS client stayed ${Math.round(viaTls.ms)} ms`);
    assert.match(viaTls.answer, /^HTTP\/1\.1 408 /);
  });

  it('closes connections beyond maxConnections as they arrive, and serves again once some close', async () => {
    // Long header bounds here: the connections held open below send nothing, and must not time out first.
    const limits = {...LIMITS, headersTimeout: 10_000, requestTimeout: 10_000};
    const {handler} = createMockPilotStatus();
    for (const server of [await listen(handler, {limits}), await listen(handler, {tls, limits})]) {
      const held = [];
      try {
        for (let i = 0; i < LIMITS.maxConnections; i++) held.push(await openConnection(server.port));
        assert.equal(held.filter(Boolean).length, LIMITS.maxConnections);
        const extra = await openConnection(server.port);
        held.push(extra);
        assert.equal(extra, null, 'a connection beyond the limit was kept');
        for (const socket of held) socket?.destroy();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const response = await fetch(`http://127.0.0.1:${server.port}/v1/branding`);
        assert.equal(response.status, 401);
      } finally {
        for (const socket of held) socket?.destroy();
        await server.close();
      }
    }
  });

  it('has finite defaults: headers within 10 s, a bounded number of connections', async () => {
    const {DEFAULT_LIMITS} = await import('../../demo/mock/http.mjs');
    assert.ok(DEFAULT_LIMITS, 'demo/mock/http.mjs exports no DEFAULT_LIMITS');
    assert.ok(DEFAULT_LIMITS.headersTimeout > 0 && DEFAULT_LIMITS.headersTimeout <= 10_000);
    assert.ok(DEFAULT_LIMITS.requestTimeout > 0 && DEFAULT_LIMITS.requestTimeout <= 60_000);
    assert.ok(DEFAULT_LIMITS.maxConnections > 0 && DEFAULT_LIMITS.maxConnections <= 1_024);
  });
});

describe('startDemo(): the site, the mock and the network lane', () => {
  let demo;
  const portOf = (name) => demo.listening.find((entry) => entry.name === name).port;
  before(async () => {
    demo = await startDemo({port: 0, mockPort: 0, limits: LIMITS});
  });
  after(() => demo?.stop());

  for (const name of ['site', 'mock', 'lane']) {
    it(`the ${name} drops a client that trickles header lines, within headersTimeout`, async () => {
      assert.ok(demo.listening, 'startDemo() does not say where its servers listen');
      assertDropped(await slow(portOf(name)), LIMITS.headersTimeout);
    });
  }

  it('the lane still holds a slow Connect page back past those bounds (they time the request, not the answer)', async () => {
    const started = performance.now();
    const response = await fetch(`${demo.laneOrigin}/slow/${LIMITS.requestTimeout + 400}/connect/unknown`);
    assert.ok(performance.now() - started >= LIMITS.requestTimeout + 400);
    // The mock's refusal (this request names no embedding page): the lane answered, late, and did not drop it.
    assert.equal(response.status, 403);
  });
});
