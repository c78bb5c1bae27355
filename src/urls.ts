/**
 * Token, base-url and redirectUrl validation, and the Connect frame URL.
 *
 * Pure functions over plain strings: no window, no document, no Lit. The element passes the page's own
 * origin in, so everything here runs (and is tested) the same in Node and in every browser.
 */

/** Where the production Connect page lives. */
export const DEFAULT_BASE_URL = 'https://connect.pilotstatus.com.br';

// A remote-pairing token is a UUID (8-4-4-4-12 hex, any case). Anchored and with no other characters
// allowed, so nothing in it can climb the path (`..`, `%2e%2e`), add a segment (`/`, `%2F`) or reach into
// the query or fragment (`?`, `#`) of the frame URL.
const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Plain `http:` is accepted only where it cannot leave the machine: a development Connect on loopback.
// `URL` has already normalised the spellings (`127.1`, `0x7f.0.0.1`, `[0:0::1]`, `LOCALHOST`) to these.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A usable base-url, or the sentence `pilotstatus-error` reports when it is refused. */
export type BaseUrlResult = {ok: true; url: URL} | {ok: false; message: string};

/** A usable token, or the sentence `pilotstatus-error` reports when it is refused. */
export type TokenResult = {ok: true; token: string} | {ok: false; message: string};

/** Whether `token` is a remote-pairing token: a UUID and nothing else. */
export function isValidToken(token: string): boolean {
  return TOKEN.test(token);
}

/** Validates a token set by the page (a property may hold anything, so `value` is `unknown`). */
export function checkToken(value: unknown): TokenResult {
  if (typeof value === 'string' && isValidToken(value)) return {ok: true, token: value};
  const shown = typeof value === 'string' ? `"${clip(value)}"` : `of type ${typeof value}`;
  return {
    ok: false,
    message: `token ${shown} is not a remote-pairing token: pass the UUID at the end of the remotePairingUrl your backend got from POST /v1/numbers/remote-pairing.`,
  };
}

function parseAbsolute(value: string): URL | null {
  try {
    // No base argument: a relative value throws instead of silently resolving against the page.
    return new URL(value);
  } catch {
    return null;
  }
}

/** `https:` anywhere, or `http:` on a loopback host. */
function isSafeWebUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * Validates where Connect lives. `pageOrigin` is the embedding page's `location.origin`: a Connect page
 * on that same origin would be same-origin with the page and void the sandbox, so it is refused.
 */
export function parseBaseUrl(value: unknown, pageOrigin: string): BaseUrlResult {
  if (typeof value !== 'string') {
    return {ok: false, message: `base-url must be a string, not ${typeof value}.`};
  }
  const url = parseAbsolute(value);
  if (!url) {
    return {ok: false, message: `base-url "${clip(value)}" is not an absolute URL.`};
  }
  if (!isSafeWebUrl(url)) {
    return {
      ok: false,
      message: `base-url "${clip(value)}" must use https: (http: is allowed only on localhost, 127.0.0.1 or [::1]).`,
    };
  }
  if (url.username || url.password) {
    return {ok: false, message: `base-url "${clip(value)}" must not carry credentials.`};
  }
  if (url.search || url.hash) {
    return {ok: false, message: `base-url "${clip(value)}" must not have a query or a fragment.`};
  }
  if (url.origin === pageOrigin) {
    return {
      ok: false,
      message: `base-url "${clip(value)}" is this page's own origin; Connect must run on another origin for the sandbox to hold.`,
    };
  }
  return {ok: true, url};
}

/**
 * `<base-url>/connect/<token>`, keeping any path of the base-url and never doubling a slash.
 * Call only with a token that passed {@link isValidToken} and a URL from {@link parseBaseUrl}.
 */
export function buildFrameUrl(base: URL, token: string): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/connect/${token}`;
  return url.href;
}

/**
 * The `redirectUrl` of a `connect:paired` message, kept only when it is an absolute `https:` URL (or
 * `http:` on loopback). Everything else (`javascript:`, `data:`, relative paths, other schemes in any
 * case or with leading spaces) is dropped, because a host page may well assign it to `location.href`.
 * The URL is returned as parsed (`href`), so what a page checks is exactly where a browser would go.
 */
export function safeRedirectUrl(value: string): string | undefined {
  const url = parseAbsolute(value);
  return url && isSafeWebUrl(url) ? url.href : undefined;
}

// Keeps an echoed attribute value readable in an error sentence (it may be anything a page set).
function clip(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
