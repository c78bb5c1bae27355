/**
 * Fetching a pairing token from the page's own backend (`token-url`), with bounded retries. No DOM: the
 * element passes the checked URL and the Connect base-url in and gets a token or a sentence back.
 */
import {tokenFromResponse, type TokenResult} from './urls.js';

/** Attempts per fetch, and the delay before the second one (doubled before each further one). */
export const TOKEN_FETCH_ATTEMPTS = 3;
export const TOKEN_FETCH_BACKOFF_MS = 500;
/** How long one attempt may take before it counts as failed (and is retried): a backend that hangs must not leave the element loading for ever. */
export const TOKEN_FETCH_DEADLINE_MS = 10_000;

// Worth another try: the network, a timeout, rate limiting, and the server's own failures. Any other
// answer (401, 403, 404, …) will not change by asking again.
const retryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(timer), {once: true});
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
  deadline = TOKEN_FETCH_DEADLINE_MS,
): Promise<TokenResult> {
  let failure = '';
  let attempt = 0;
  while (attempt < TOKEN_FETCH_ATTEMPTS && !signal.aborted) {
    if (attempt) await sleep(TOKEN_FETCH_BACKOFF_MS * 2 ** (attempt - 1), signal);
    attempt++;
    let status = 0;
    // One attempt ends when the caller gives up or its deadline passes (AbortSignal.any is too recent to rely on).
    const attemptAbort = new AbortController();
    const abort = () => attemptAbort.abort();
    signal.addEventListener('abort', abort, {once: true});
    const timer = setTimeout(abort, deadline);
    try {
      const response = await fetch(url, {
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
        ? `token-url ${url} did not answer within ${deadline} ms.`
        : `token-url ${url} could not be reached (${(error as Error)?.message ?? error}).`;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
    if (!retryable(status)) break;
  }
  return {ok: false, message: `${failure} Gave up after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}.`};
}
