/**
 * Fetching a pairing token from the page's own backend (`token-url`), with bounded retries. No DOM: the
 * caller passes the checked URL and how to read a token from the answer (urls.ts `tokenFromResponse`, for
 * its base-url), and gets a token or a sentence back. The retry policy and `fetch` itself are options, so
 * tests drive it with a fake clock instead of real waits. This module is a lazy chunk of the ESM builds
 * (load-fetch-token.ts), so it imports no code: whatever it shared with the entry, the entry would export.
 */
import type {TokenResult} from './urls.js';

/** Attempts per fetch, and the delay before the second one (doubled before each further one). */
export const TOKEN_FETCH_ATTEMPTS = 3;
export const TOKEN_FETCH_BACKOFF_MS = 500;
/** How long one attempt may take before it counts as failed (and is retried): a backend that hangs must not leave the element loading for ever. */
export const TOKEN_FETCH_DEADLINE_MS = 10_000;
/**
 * The largest token-url answer read, in bytes (64 KiB). A token answer is a few hundred bytes: a bigger one is
 * not one, and reading it whole would let a misbehaving backend hold the page's memory.
 */
export const MAX_TOKEN_RESPONSE_BYTES = 65_536;

/** How {@link fetchToken} asks; every field has the element's default. */
export interface FetchTokenOptions {
  attempts?: number;
  /** Before the second attempt; doubled before each further one. */
  backoffMs?: number;
  /** Per attempt. */
  deadlineMs?: number;
  fetch?: typeof fetch;
}

// Worth another try: the network, a timeout, rate limiting, and the server's own failures. Any other
// answer (401, 403, 404, …) will not change by asking again.
const retryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

// How reading a body ended, when it did not give the text.
const TOO_LARGE = Symbol('too large');
class Unreadable extends Error {}

/**
 * The body of `response` as text, read as a stream with a running byte count: at most `limit` bytes, or
 * TOO_LARGE as soon as it is known to be more (a `Content-Length` that says so, or the bytes themselves, never
 * trusting the header alone). Rejects when `signal` aborts (the attempt's deadline or the caller) or the stream
 * fails; the stream is cancelled then, so the connection is let go.
 */
async function readLimited(response: Response, limit: number, signal: AbortSignal): Promise<string | typeof TOO_LARGE> {
  const body = response.body;
  const declared = Number(response.headers.get('content-length') ?? '');
  if (declared > limit) {
    body?.cancel().catch(() => {});
    return TOO_LARGE;
  }
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  try {
    for (;;) {
      const {done, value} = await untilAborted(reader.read(), signal);
      if (done) return text + decoder.decode();
      if (!ArrayBuffer.isView(value)) throw new Unreadable('the body is not a byte stream');
      bytes += value.byteLength;
      if (bytes > limit) {
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      text += decoder.decode(value, {stream: true});
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}

// `promise`, or a rejection as soon as `signal` aborts: a body stream that is not tied to the request's own
// signal (a service worker's, a test's) would otherwise keep the attempt waiting past its deadline.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('The attempt was aborted.', 'AbortError'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, {once: true});
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error instanceof Error ? error : new Unreadable(String(error)));
      },
    );
  });
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    // Resolved on abort too, so an aborted fetchToken() settles instead of pending for ever.
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      {once: true},
    );
  });

/**
 * POSTs to `url` (same-origin, with the page's cookies, nothing cached) and reads `{token}` or
 * `{remotePairingUrl}`. POST because every call mints a new link on the backend. Resolves to the token or
 * to the reason it failed, with the HTTP status; never rejects. After `signal` aborts, what it resolves to
 * is meaningless and the caller drops it.
 */
export async function fetchToken(
  url: string,
  read: (body: unknown) => TokenResult,
  signal: AbortSignal,
  {
    attempts = TOKEN_FETCH_ATTEMPTS,
    backoffMs = TOKEN_FETCH_BACKOFF_MS,
    deadlineMs = TOKEN_FETCH_DEADLINE_MS,
    fetch: request = fetch,
  }: FetchTokenOptions = {},
): Promise<TokenResult> {
  let failure = '';
  let attempt = 0;
  while (attempt < attempts && !signal.aborted) {
    if (attempt) await sleep(backoffMs * 2 ** (attempt - 1), signal);
    if (signal.aborted) break;
    attempt++;
    let status = 0;
    // Whether the answer's status line and headers arrived: a deadline after that is a slow body.
    let answered = false;
    // One attempt ends when the caller gives up or its deadline passes (AbortSignal.any is too recent to rely
    // on). The deadline covers the whole answer, body included: a backend that trickles bytes is as stuck as
    // one that never answers.
    const attemptAbort = new AbortController();
    const abort = () => attemptAbort.abort();
    signal.addEventListener('abort', abort, {once: true});
    const timer = setTimeout(abort, deadlineMs);
    try {
      const response = await request(url, {
        method: 'POST',
        mode: 'same-origin',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {accept: 'application/json'},
        signal: attemptAbort.signal,
      });
      status = response.status;
      answered = true;
      if (response.ok) {
        const text = await readLimited(response, MAX_TOKEN_RESPONSE_BYTES, attemptAbort.signal);
        // Not retried: the same backend will answer the same way.
        if (text === TOO_LARGE) {
          return {
            ok: false,
            message: `token-url ${url} answered HTTP ${status}, but its answer was over 64 KiB (${MAX_TOKEN_RESPONSE_BYTES} bytes): a token answer is a few hundred bytes.`,
          };
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: reported by tokenFromResponse below as the wrong shape.
        }
        const token = read(body);
        return token.ok
          ? token
          : {ok: false, message: `token-url ${url} answered HTTP ${status}, but ${token.message}`};
      }
      failure = `token-url ${url} answered HTTP ${status}.`;
    } catch (error) {
      const reason = (error as Error)?.message ?? error;
      if (attemptAbort.signal.aborted) {
        failure = answered
          ? `token-url ${url} answered HTTP ${status}, but did not finish answering within ${deadlineMs} ms.`
          : `token-url ${url} did not answer within ${deadlineMs} ms.`;
      } else {
        failure = answered
          ? `token-url ${url} answered HTTP ${status}, but its answer broke off (${reason}).`
          : `token-url ${url} could not be reached (${reason}).`;
      }
      // A slow or broken body is retried like a timeout or a network error: the next attempt may get through.
      status = 0;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
    if (!retryable(status)) break;
  }
  return {ok: false, message: `${failure} Gave up after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}.`};
}
