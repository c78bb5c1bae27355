/**
 * Fetching a pairing token from the page's own backend (`token-url`), with bounded retries. No DOM: the
 * caller passes the checked URL and the Connect base-url in and gets a token or a sentence back. The retry
 * policy and `fetch` itself are options, so tests drive it with a fake clock instead of real waits.
 */
import {tokenFromResponse, type TokenResult} from './urls.js';

/** Attempts per fetch, and the delay before the second one (doubled before each further one). */
export const TOKEN_FETCH_ATTEMPTS = 3;
export const TOKEN_FETCH_BACKOFF_MS = 500;
/** How long one attempt may take before it counts as failed (and is retried): a backend that hangs must not leave the element loading for ever. */
export const TOKEN_FETCH_DEADLINE_MS = 10_000;

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
  base: URL,
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
    // One attempt ends when the caller gives up or its deadline passes (AbortSignal.any is too recent to rely on).
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
      if (response.ok) {
        let body: unknown;
        try {
          body = await response.json();
        } catch {
          // Not JSON: reported by tokenFromResponse below as the wrong shape.
        }
        const token = tokenFromResponse(body, base);
        return token.ok
          ? token
          : {ok: false, message: `token-url ${url} answered HTTP ${status}, but ${token.message}`};
      }
      failure = `token-url ${url} answered HTTP ${status}.`;
    } catch (error) {
      failure = attemptAbort.signal.aborted
        ? `token-url ${url} did not answer within ${deadlineMs} ms.`
        : `token-url ${url} could not be reached (${(error as Error)?.message ?? error}).`;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
    if (!retryable(status)) break;
  }
  return {ok: false, message: `${failure} Gave up after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}.`};
}
