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
  // Not `url.search || url.hash`: an empty query or fragment (`https://c.example?`, `…#`) leaves both empty
  // while the href keeps the `?` or `#`, which would then trail the frame URL. Found by the property tests.
  if (/[?#]/.test(url.href)) {
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
export function buildFrameUrl(base: URL, token: string, query = ''): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/connect/${token}`;
  // Set after the path, as an already-encoded string from brandingQuery(): it can only ever be a query.
  url.search = query;
  return url.href;
}

// A branding key: a letter, then letters, digits, `_` or `-`. Nothing that could read as a path, a
// fragment or another parameter (`/`, `.`, `#`, `&`, `=`) survives, and `token` is reserved so a key can
// never name a different pairing link.
const BRANDING_KEY = /^[a-z][a-z0-9_-]{0,63}$/i;
const MAX_BRANDING_VALUE = 2_048;

/**
 * The `branding` attribute (`key=value&key=value`) or property (an object of strings, numbers or
 * booleans) as an encoded query string for the frame URL, without the `?`; `''` when there is none.
 * Keys outside the safe set (and `token`) and values that are not scalars are dropped, not reported:
 * branding is cosmetic, so a bad entry must never cost the user the pairing.
 */
export function brandingQuery(value: unknown): string {
  const query = new URLSearchParams();
  try {
    const entries: [string, unknown][] =
      typeof value === 'string'
        ? [...new URLSearchParams(value)]
        : typeof value === 'object' && value !== null
          ? Object.entries(value)
          : [];
    for (const [key, item] of entries) {
      const text = typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? `${item}` : null;
      if (
        text !== null &&
        text.length <= MAX_BRANDING_VALUE &&
        BRANDING_KEY.test(key) &&
        key.toLowerCase() !== 'token'
      ) {
        query.set(key, text);
      }
    }
  } catch {
    // A Proxy or a getter that throws: no branding rather than an exception in the host page.
  }
  return query.toString();
}

/** A usable token-url (resolved against the page), or why it is refused. */
export type TokenUrlResult = {ok: true; url: string} | {ok: false; message: string};

/**
 * Validates `token-url`: resolved against the page's base URL, it must be on the page's own origin. The
 * request carries the user's cookies, and what it answers decides which Connect page is shown, so only
 * the page's own backend is asked.
 */
export function checkTokenUrl(value: string, pageUrl: string, pageOrigin: string): TokenUrlResult {
  let url: URL | null = null;
  try {
    url = new URL(value, pageUrl);
  } catch {
    // Refused below.
  }
  return url && url.origin === pageOrigin && /^https?:$/.test(url.protocol)
    ? {ok: true, url: url.href}
    : {ok: false, message: `token-url "${clip(value)}" must be a URL on this page's origin (${pageOrigin}).`};
}

/**
 * The token in what a token-url answered: `{token}`, or `{remotePairingUrl}` on the base-url's origin
 * whose last path segment is the token. Anything else is refused with the reason.
 */
export function tokenFromResponse(body: unknown, base: URL): TokenResult {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const {token, remotePairingUrl} = fields;
  if (typeof token === 'string') return checkToken(token);
  if (typeof remotePairingUrl === 'string') {
    const url = parseAbsolute(remotePairingUrl);
    if (url?.origin !== base.origin) {
      return {
        ok: false,
        message: `remotePairingUrl "${clip(remotePairingUrl)}" is not on the Connect origin ${base.origin}.`,
      };
    }
    return checkToken(url.pathname.split('/').pop());
  }
  return {ok: false, message: 'token-url must answer JSON {"token": "<uuid>"} or {"remotePairingUrl": "<url>"}.'};
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
