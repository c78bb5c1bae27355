// fetchToken()'s retry policy on a fake clock: which answers it retries, how long it waits between attempts,
// the per-attempt deadline and abort. No network and no real waits (the browser suite asks a real backend).
import assert from 'node:assert/strict';
import {afterEach, beforeEach, describe, it} from 'node:test';
import FakeTimers from '@sinonjs/fake-timers';
import {
  MAX_TOKEN_RESPONSE_BYTES,
  TOKEN_FETCH_ATTEMPTS,
  TOKEN_FETCH_BACKOFF_MS,
  fetchToken,
} from '../../src/fetch-token.js';
import {tokenFromResponse} from '../../src/urls.js';

const BASE = new URL('https://connect.example');
const URL_ = 'https://app.example/api/pairing-token';
const TOKEN = '3f0c1d5e-8a9b-4c2d-9e7f-1a2b3c4d5e6f';

type Clock = ReturnType<typeof FakeTimers.install>;
type Answer =
  number | 'network' | 'hang' | {json: unknown} | {text: string} | {response: (init: RequestInit) => Response};

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
    if ('response' in answer) return answer.response(init);
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
    fetchToken(URL_, (body) => tokenFromResponse(body, BASE), signal, {
      fetch: request,
      ...(deadlineMs && {deadlineMs}),
    });

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

  describe('reading the body', () => {
    const encoder = new TextEncoder();

    /**
     * A 200 answer whose body is `chunks`, one per pull, counted in `pulled`. `wait` ms (on the fake clock)
     * before each chunk, and then, with `stall`, a body that never ends (unless `signal` is honoured and aborts).
     */
    function streamed(chunks: Uint8Array[], {wait = 0, stall = false, signal = false, headers = {}} = {}) {
      const pulled = {count: 0, cancelled: 0};
      const answer: Answer = {
        response: (init) =>
          new Response(
            new ReadableStream<Uint8Array>(
              {
                async pull(controller) {
                  if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
                  if (pulled.count < chunks.length) {
                    controller.enqueue(chunks[pulled.count++]);
                  } else if (stall) {
                    await new Promise<void>((_resolve, reject) => {
                      // As a real fetch() does: the request's signal errors its body.
                      if (signal)
                        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
                    });
                  } else {
                    controller.close();
                  }
                },
                cancel() {
                  pulled.cancelled++;
                },
              },
              {highWaterMark: 0},
            ),
            {status: 200, headers},
          ),
      };
      return {pulled, answer};
    }

    /** `text` as UTF-8, cut into chunks of `size` bytes (so a multi-byte character may be split). */
    const chunked = (text: string, size: number): Uint8Array[] => {
      const bytes = encoder.encode(text);
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      return chunks;
    };

    /** `{"token": TOKEN, "note": "é…"}` padded with spaces to exactly `bytes` bytes of UTF-8. */
    const padded = (bytes: number): string => {
      const json = JSON.stringify({token: TOKEN, note: 'é😀'});
      return json + ' '.repeat(bytes - encoder.encode(json).length);
    };

    it(`reads an answer of exactly 64 KiB in chunks, but refuses one byte more, without retrying`, async () => {
      assert.equal(MAX_TOKEN_RESPONSE_BYTES, 65_536);
      // 7-byte chunks split the two- and four-byte characters of the note.
      const exact = streamed(chunked(padded(65_536), 7));
      assert.deepEqual(await ask(backend(clock, exact.answer).request), {ok: true, token: TOKEN});

      const over = streamed(chunked(padded(65_537), 7));
      const {calls, request} = backend(clock, over.answer);
      const outcome = await ask(request);
      assert.equal(outcome.ok, false);
      const message = !outcome.ok ? outcome.message : '';
      assert.match(message, /answered HTTP 200, but its answer was over 64 KiB \(65536 bytes\)/);
      assert.doesNotMatch(message, /must answer JSON/);
      assert.equal(calls.length, 1);
    });

    it('stops reading a huge answer just past 64 KiB, and cancels the rest', async () => {
      // 16 MiB on offer, in 16 KiB chunks: at most five chunks are ever asked for.
      const chunk = encoder.encode(' '.repeat(16_384));
      const huge = streamed(Array.from({length: 1024}, () => chunk));
      const outcome = await ask(backend(clock, huge.answer).request);
      assert.match(!outcome.ok ? outcome.message : '', /over 64 KiB/);
      assert.equal(huge.pulled.count, 5);
      assert.equal(huge.pulled.cancelled, 1);
    });

    it('refuses an answer whose Content-Length says it is over 64 KiB, before reading it', async () => {
      const declared = streamed(chunked(padded(1_000), 100), {headers: {'content-length': '1000000'}});
      const outcome = await ask(backend(clock, declared.answer).request);
      assert.match(!outcome.ok ? outcome.message : '', /over 64 KiB/);
      assert.equal(declared.pulled.count, 0);
    });

    it('names a body that the deadline cut off as slow, not as the wrong shape, and retries it', async () => {
      // Headers at once, then the first bytes, then nothing: the request's signal ends the body, as in a browser.
      const slow = streamed([encoder.encode('{"token":')], {stall: true, signal: true});
      const {calls, request} = backend(clock, slow.answer);
      const result = ask(request, undefined, 100);
      await clock.runAllAsync();
      const outcome = await result;
      const message = !outcome.ok ? outcome.message : '';
      assert.match(message, /answered HTTP 200, but did not finish answering within 100 ms\. Gave up after 3 attempts/);
      assert.doesNotMatch(message, /must answer JSON/);
      assert.deepEqual(
        calls.map((call) => call.at),
        [0, 100 + TOKEN_FETCH_BACKOFF_MS, 200 + TOKEN_FETCH_BACKOFF_MS * 3],
      );
    });

    it('holds a body that ignores the signal to the same deadline', async () => {
      // A good answer, but one byte every 40 ms: the whole of it would take over a second.
      const trickle = streamed(chunked(JSON.stringify({token: TOKEN}), 1), {wait: 40});
      const {calls, request} = backend(clock, trickle.answer);
      const result = ask(request, undefined, 100);
      await clock.runAllAsync();
      const outcome = await result;
      assert.match(
        !outcome.ok ? outcome.message : '',
        /did not finish answering within 100 ms\. Gave up after 3 attempts/,
      );
      assert.equal(calls.length, 3);
      assert.ok(trickle.pulled.cancelled >= 1);
    });

    it('names a body that broke off as broken, and retries it', async () => {
      let sent = 0;
      const broken: Answer = {
        response: () =>
          new Response(
            new ReadableStream<Uint8Array>({
              pull(controller) {
                if (sent++ % 2 === 0) controller.enqueue(encoder.encode('{"token":'));
                else controller.error(new TypeError('network error'));
              },
            }),
          ),
      };
      const {calls, request} = backend(clock, broken, {json: {token: TOKEN}});
      const result = ask(request);
      await clock.runAllAsync();
      assert.deepEqual(await result, {ok: true, token: TOKEN});
      assert.equal(calls.length, 2);

      const always = backend(clock, broken);
      const failed = ask(always.request);
      await clock.runAllAsync();
      const outcome = await failed;
      const message = !outcome.ok ? outcome.message : '';
      assert.match(message, /answered HTTP 200, but its answer broke off \(network error\)\. Gave up after 3 attempts/);
    });
  });
});
