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

/**
 * Validates a token set by the page (a property may hold anything, so `value` is `unknown`): a UUID, or, when
 * `base` (the checked base-url) is given, the `remotePairingUrl` exactly as the API returns it,
 * `<base-url>/connect/<uuid>`. The result's `token` is always the bare UUID.
 */
export function checkToken(value: unknown, base?: URL): TokenResult {
  if (typeof value === 'string' && isValidToken(value)) return {ok: true, token: value};
  if (base && typeof value === 'string') {
    const url = parseAbsolute(value);
    if (url) return tokenFromUrl(value, url, base, 'token');
  }
  const shown = typeof value === 'string' ? `"${clip(value)}"` : `of type ${typeof value}`;
  const accepted = base
    ? `pass the remotePairingUrl your backend got from POST /v1/numbers/remote-pairing (${pairingUrlShape(base)}), or the UUID at its end.`
    : 'pass the UUID at the end of the remotePairingUrl your backend got from POST /v1/numbers/remote-pairing.';
  return {ok: false, message: `token ${shown} is not a remote-pairing token: ${accepted}`};
}

/** `<base-url>/connect/<uuid>` as a reader should see it in a sentence. */
function pairingUrlShape(base: URL): string {
  return `${clip(framePrefix(base))}<uuid>`;
}

// What every frame URL, and so every accepted remotePairingUrl, starts with: the base-url without its
// trailing slashes, then `/connect/` (as buildFrameUrl() builds it).
function framePrefix(base: URL): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/connect/`;
  return url.href;
}

/**
 * The UUID of a URL-shaped token (`token`, or the token-url answer's `remotePairingUrl` or `token`): it must
 * be exactly `<base-url>/connect/<uuid>` as the API writes it. Exactly: the string must already be what the
 * URL parser prints for it (so no spaces, tabs, backslashes, dot segments, default port or upper-case host
 * for a reader to misread), with the base-url's origin and path, nothing after the UUID (no segment,
 * trailing slash, query or fragment, not even a bare `?` or `#`) and no credentials.
 */
function tokenFromUrl(raw: string, url: URL, base: URL, field: string): TokenResult {
  const refuse = (why: string): TokenResult => ({
    ok: false,
    message: `${field} "${clip(raw)}" ${why}; a remotePairingUrl is accepted only as the API returns it: ${pairingUrlShape(base)}.`,
  });
  if (url.username || url.password) {
    // Not echoed: it would put the password into an event and the console.
    return {
      ok: false,
      message: `${field} must not carry credentials (user:pass@); a remotePairingUrl is accepted only as the API returns it: ${pairingUrlShape(base)}.`,
    };
  }
  if (url.origin !== base.origin) return refuse(`is not on the Connect origin ${base.origin}`);
  if (url.href !== raw) return refuse('is not written as the API writes it (as the URL parser prints it)');
  if (/[?#]/.test(raw)) return refuse('has a query or a fragment');
  const prefix = framePrefix(base);
  const token = raw.startsWith(prefix) ? raw.slice(prefix.length) : '';
  if (!isValidToken(token)) return refuse('is not the base-url path + /connect/ + a UUID with nothing after it');
  return {ok: true, token};
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
  // Before parsing: the URL parser reads `\` as `/` in web URLs, so `https:\\evil.example` and
  // `https://evil.example\@connect.example` both name evil.example. The element would then trust evil.example
  // consistently, but a person reviewing the page's markup reads another host.
  if (value.includes('\\')) {
    return {
      ok: false,
      message: `base-url "${clip(value)}" must not contain a backslash (\\): browsers read it as "/", so the host a reader sees may not be the one used.`,
    };
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
 * The longest frame URL (base-url, token and query) the element shows, in characters. Past it browsers and
 * servers start refusing or cutting the URL (a frame showing `about:blank#blocked` while the element says
 * `ready`), so the element refuses it up front with `invalid-branding`, the only input that can grow it.
 */
export const MAX_FRAME_URL_LENGTH = 4_096;

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
 * Validates `token-url`: resolved against the page's base URL, it must be on the page's own origin, without
 * credentials. The request carries the user's cookies, and what it answers decides which Connect page is
 * shown, so only the page's own backend is asked.
 */
export function checkTokenUrl(value: string, pageUrl: string, pageOrigin: string): TokenUrlResult {
  let url: URL | null = null;
  try {
    url = new URL(value, pageUrl);
  } catch {
    // Refused below.
  }
  // Refused before any request: fetch() would throw on it anyway (after every retry), and the password must
  // not travel, nor be echoed into the error: the sentence shows the URL without it.
  if (url && (url.username || url.password)) {
    url.username = '';
    url.password = '';
    return {ok: false, message: `token-url ${clip(url.href)} must not carry credentials (user:pass@ in the URL).`};
  }
  return url && url.origin === pageOrigin && /^https?:$/.test(url.protocol)
    ? {ok: true, url: url.href}
    : {ok: false, message: `token-url "${clip(value)}" must be a URL on this page's origin (${pageOrigin}).`};
}

/**
 * The token in what a token-url answered: `{token}` (a UUID, or the remotePairingUrl as the API returns it)
 * or `{remotePairingUrl}`, which must be exactly `<base-url>/connect/<uuid>` (see {@link checkToken}).
 * `token` wins when both are there. Anything else is refused with the reason.
 */
export function tokenFromResponse(body: unknown, base: URL): TokenResult {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const {token, remotePairingUrl} = fields;
  if (typeof token === 'string') return checkToken(token, base);
  if (typeof remotePairingUrl === 'string') {
    const url = parseAbsolute(remotePairingUrl);
    return url
      ? tokenFromUrl(remotePairingUrl, url, base, 'remotePairingUrl')
      : {
          ok: false,
          message: `remotePairingUrl "${clip(remotePairingUrl)}" is not an absolute URL; it is accepted only as the API returns it: ${pairingUrlShape(base)}.`,
        };
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
