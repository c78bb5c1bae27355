// fetchToken()'s retry policy on a fake clock: which answers it retries, how long it waits between attempts,
// the per-attempt deadline and abort. No network and no real waits (the browser suite asks a real backend).
import assert from 'node:assert/strict';
import {afterEach, beforeEach, describe, it} from 'node:test';
import FakeTimers from '@sinonjs/fake-timers';
import {TOKEN_FETCH_ATTEMPTS, TOKEN_FETCH_BACKOFF_MS, fetchToken} from '../../src/fetch-token.js';

const BASE = new URL('https://connect.example');
const URL_ = 'https://app.example/api/pairing-token';
const TOKEN = '3f0c1d5e-8a9b-4c2d-9e7f-1a2b3c4d5e6f';

type Clock = ReturnType<typeof FakeTimers.install>;
type Answer = number | 'network' | 'hang' | {json: unknown} | {text: string};

/** A fetch that gives `answers` in order (the last one again once they run out), recording when it was called. */
function backend(clock: Clock, ...answers: Answer[]) {
  const calls: {at: number; init: RequestInit}[] = [];
  const request = (async (_url: string, init: RequestInit) => {
    calls.push({at: clock.now, init});
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (answer === 'hang') {
      return new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    if (typeof answer === 'number') return new Response(null, {status: answer});
    if ('json' in answer) return Response.json(answer.json);
    return new Response(answer.text, {status: 200});
  }) as typeof fetch;
  return {calls, request};
}

describe('fetchToken()', () => {
  let clock: Clock;
  beforeEach(() => {
    clock = FakeTimers.install({toFake: ['setTimeout', 'clearTimeout', 'Date']});
  });
  afterEach(() => clock.uninstall());

  const ask = (request: typeof fetch, signal = new AbortController().signal, deadlineMs?: number) =>
    fetchToken(URL_, BASE, signal, {fetch: request, ...(deadlineMs && {deadlineMs})});

  it('POSTs same-origin with the page’s cookies, nothing cached, and reads {token}', async () => {
    const {calls, request} = backend(clock, {json: {token: TOKEN}});
    assert.deepEqual(await ask(request), {ok: true, token: TOKEN});
    const {method, mode, credentials, cache} = calls[0].init;
    assert.deepEqual(
      {method, mode, credentials, cache},
      {method: 'POST', mode: 'same-origin', credentials: 'same-origin', cache: 'no-store'},
    );
  });

  const retried: {name: string; answer: Answer}[] = [
    {name: 'a network error', answer: 'network'},
    {name: '408', answer: 408},
    {name: '429', answer: 429},
    {name: '500', answer: 500},
    {name: '503', answer: 503},
  ];
  for (const {name, answer} of retried) {
    it(`retries ${name}, waiting ${TOKEN_FETCH_BACKOFF_MS} ms then twice that`, async () => {
      const {calls, request} = backend(clock, answer);
      const result = ask(request);
      await clock.runAllAsync();
      const outcome = await result;
      assert.equal(outcome.ok, false);
      assert.match(!outcome.ok ? outcome.message : '', new RegExp(`Gave up after ${TOKEN_FETCH_ATTEMPTS} attempts`));
      assert.deepEqual(
        calls.map((call) => call.at),
        [0, TOKEN_FETCH_BACKOFF_MS, TOKEN_FETCH_BACKOFF_MS * 3],
      );
    });
  }

  for (const status of [400, 401, 403, 404]) {
    it(`fails at once on ${status}, with the status`, async () => {
      const {calls, request} = backend(clock, status);
      const outcome = await ask(request);
      assert.equal(calls.length, 1);
      assert.match(
        !outcome.ok ? outcome.message : '',
        new RegExp(`answered HTTP ${status}\\. Gave up after 1 attempt\\.`),
      );
    });
  }

  it('recovers when a retry succeeds', async () => {
    const {calls, request} = backend(clock, 503, 503, {json: {token: TOKEN}});
    const result = ask(request);
    await clock.runAllAsync();
    assert.deepEqual(await result, {ok: true, token: TOKEN});
    assert.equal(calls.length, 3);
  });

  it('gives up on an attempt that outlasts its deadline, and retries it', async () => {
    const {calls, request} = backend(clock, 'hang');
    const result = ask(request, undefined, 100);
    await clock.runAllAsync();
    const outcome = await result;
    assert.match(!outcome.ok ? outcome.message : '', /did not answer within 100 ms\. Gave up after 3 attempts/);
    assert.deepEqual(
      calls.map((call) => call.at),
      [0, 100 + TOKEN_FETCH_BACKOFF_MS, 200 + TOKEN_FETCH_BACKOFF_MS * 3],
    );
  });

  it('reads {remotePairingUrl} on the Connect origin, and refuses an answer of the wrong shape', async () => {
    const url = backend(clock, {json: {remotePairingUrl: `${BASE.origin}/connect/${TOKEN}`}});
    assert.deepEqual(await ask(url.request), {ok: true, token: TOKEN});
    const html = backend(clock, {text: '<p>not json</p>'});
    const outcome = await ask(html.request);
    assert.match(!outcome.ok ? outcome.message : '', /answered HTTP 200, but token-url must answer JSON/);
  });

  it('stops asking once aborted', async () => {
    const {calls, request} = backend(clock, 503);
    const abort = new AbortController();
    const result = ask(request, abort.signal);
    await clock.tickAsync(10);
    abort.abort();
    await clock.runAllAsync();
    await result;
    assert.equal(calls.length, 1);
  });
});
