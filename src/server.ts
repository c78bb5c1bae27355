/**
 * `@pilotstatus/connect-element/server`: the backend half of the flow. A typed client for the PilotStatus
 * API (remote-pairing links, tenant branding) and the endpoint the element's `token-url` asks.
 *
 * Fetch API only (`fetch`, `Request`, `Response`, `AbortController`, `URL`) and no dependencies, so it runs
 * unchanged on Node 20+, Deno, Bun and edge runtimes. It imports nothing but the pure checks of urls.ts:
 * never Lit, never the element, never `window` or `document`. The browser builds never import it.
 */
import {isValidToken, safeRedirectUrl} from './urls.js';

/** Where the PilotStatus API lives. */
export const DEFAULT_API_BASE = 'https://pilotstatus.com.br';
/** How long one request to the API may take before it is abandoned. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Attempts of a request that is safe to repeat (GET /v1/branding). */
export const SAFE_RETRY_ATTEMPTS = 3;

/** Tenant branding, as `GET`/`PUT /v1/branding` and `brandingOverride` carry it. */
export interface Branding {
  name?: string;
  /** A hex colour such as `#0b7a75`. */
  primaryColor?: string;
  /** An `https:` URL, or `null` for none. */
  logoUrl?: string | null;
}

/** What `POST /v1/numbers/remote-pairing` takes. Other fields are passed to the API as they are. */
export interface RemotePairingInput {
  /** A label for the number, e.g. `Support`. */
  name: string;
  /** 10 to 15 digits, country code first: `5511999999999`. */
  number: string;
  /** Whether PilotStatus also sends the link to the number over WhatsApp. */
  sendViaWhatsApp?: boolean;
  /** `META` for a Cloud API (Embedded Signup) pairing; left out for a QR code. */
  provider?: 'META';
  /** Branding for this link only (ranked above the tenant's). */
  brandingOverride?: Branding;
  [field: string]: unknown;
}

/** A new pairing link. Give the browser only `token` (or `remotePairingUrl`). */
export interface RemotePairing {
  /** The UUID at the end of `remotePairingUrl`: what `<pilotstatus-connect token>` takes. */
  token: string;
  remotePairingUrl: string;
  /** The number, masked for display (`+55 *******9999`). */
  maskedNumber: string;
  /** Whether PilotStatus sent the link over WhatsApp. */
  messageSent: boolean;
}

export interface ClientOptions {
  /** The tenant's secret key, sent as `x-api-key`. Keep it on the server. */
  apiKey: string;
  /** Default `https://pilotstatus.com.br`. Must be `https:` (`http:` only on loopback), so the key never travels in clear. */
  apiBase?: string;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Per request, default 10,000 ms. */
  timeoutMs?: number;
  /** Milliseconds to wait before retry `attempt` (1, 2, ...) of a safe request; default 250 ms, doubling. */
  retryDelayMs?: (attempt: number) => number;
}

export interface Client {
  /** `POST /v1/numbers/remote-pairing`: mints a pairing link. Never retried (see below). */
  createRemotePairing(input: RemotePairingInput): Promise<RemotePairing>;
  /** `GET /v1/branding`: the tenant branding. Retried on network errors, timeouts, 429 and 5xx. */
  getBranding(): Promise<Branding>;
  /** `PUT /v1/branding`: replaces the tenant branding; resolves to what the API stored. */
  putBranding(branding: Branding): Promise<Branding>;
}

/**
 * A failed API call: the API refused (`status` is its HTTP status, `error`/`apiMessage`/`field` its JSON
 * answer), gave an answer that is not what it documents (`error: 'invalid_response'`), or gave none
 * (`status: 0`, `error: 'timeout'` or `'network_error'`). Its `message` never contains the API key.
 */
export class PilotStatusError extends Error {
  /** The HTTP status, or 0 when the API did not answer. */
  readonly status: number;
  /** The API's error code (`unauthorized`, `invalid_request`, ...), or `timeout`, `network_error`, `invalid_response`. */
  readonly error: string;
  /** The API's own `message`, when it sent one. */
  readonly apiMessage?: string;
  /** The request field the API refused, when it named one. */
  readonly field?: string;

  constructor(
    message: string,
    details: {status: number; error: string; apiMessage?: string; field?: string},
    options?: {cause?: unknown},
  ) {
    super(message, options);
    this.name = 'PilotStatusError';
    this.status = details.status;
    this.error = details.error;
    if (details.apiMessage !== undefined) this.apiMessage = details.apiMessage;
    if (details.field !== undefined) this.field = details.field;
  }
}

const DIGITS = /^\d{10,15}$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (what: string, field: string, rule: string): TypeError => new TypeError(`${what}: ${field} ${rule}`);

function checkPairingInput(input: unknown): void {
  const what = 'createRemotePairing()';
  if (!isPlainObject(input)) throw invalid(what, 'the argument', 'must be an object {name, number, ...}');
  const {name, number, sendViaWhatsApp, provider, brandingOverride} = input;
  if (typeof name !== 'string' || !name.trim()) throw invalid(what, 'name', 'must be a non-empty string');
  // The value is not echoed: a phone number is personal data, and errors end up in logs.
  if (typeof number !== 'string' || !DIGITS.test(number)) {
    throw invalid(what, 'number', 'must be a string of 10 to 15 digits, country code first (5511999999999)');
  }
  if (sendViaWhatsApp !== undefined && typeof sendViaWhatsApp !== 'boolean') {
    throw invalid(what, 'sendViaWhatsApp', 'must be a boolean when given');
  }
  if (provider !== undefined && provider !== 'META') {
    throw invalid(what, 'provider', 'must be "META" (Embedded Signup) or left out (QR code)');
  }
  // Only the shape: the API owns the branding rules (colour format, logo URL), and says which field it refused.
  if (brandingOverride !== undefined && !isPlainObject(brandingOverride)) {
    throw invalid(what, 'brandingOverride', 'must be an object when given');
  }
}

/**
 * The token of a `remotePairingUrl`: the URL must be absolute and `https:` (`http:` only on a loopback host,
 * as the local mock answers), without credentials, and its last path segment must be a UUID (the element's
 * own token rule). Nothing else is assumed about it (the Connect origin may differ from the API's).
 */
function tokenOfPairingUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !safeRedirectUrl(value)) return null;
  const url = new URL(value);
  if (url.username || url.password || /[?#]/.test(url.href)) return null;
  const token = url.pathname.split('/').pop() ?? '';
  return isValidToken(token) ? token : null;
}

function checkApiBase(value: unknown): URL {
  const url = typeof value === 'string' ? (safeRedirectUrl(value) ?? null) : null;
  if (!url) {
    throw new TypeError(
      'createClient(): apiBase must be an absolute https: URL (http: only on localhost, 127.0.0.1 or [::1])',
    );
  }
  return new URL(url);
}

/** Creates a client for the PilotStatus API. Throws a `TypeError` naming the option when one is wrong. */
export function createClient(options: ClientOptions): Client {
  if (!isPlainObject(options)) throw new TypeError('createClient(): pass {apiKey, apiBase?, fetch?, timeoutMs?}');
  const {apiKey, apiBase = DEFAULT_API_BASE, timeoutMs = DEFAULT_TIMEOUT_MS} = options;
  if (typeof apiKey !== 'string' || !apiKey.trim()) {
    throw new TypeError('createClient(): apiKey must be a non-empty string (your PilotStatus tenant key)');
  }
  const base = checkApiBase(apiBase);
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw new TypeError('createClient(): timeoutMs must be a positive number of milliseconds');
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new TypeError('createClient(): fetch must be a function');
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => 250 * 2 ** (attempt - 1));

  // Whatever we quote from elsewhere (the API's message, a network error) is scrubbed of the key, in case
  // something echoed it: these sentences end up in logs and, through a careless handler, in browsers.
  const scrub = (text: string): string => text.split(apiKey).join('[api key]');

  const endpoint = (path: string): string => {
    const url = new URL(base.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    return url.href;
  };

  /** One request: resolves to the JSON answer of a 2xx, or throws a PilotStatusError. */
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const what = `PilotStatus ${method} ${path}`;
    // Before the timer and the request: an input JSON cannot encode (a BigInt, a cycle) is the caller's
    // TypeError, not a network failure.
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const abort = new AbortController();
    // The timer covers the body too: an API that sends headers and then stalls must not hang the caller.
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      let response: Response;
      let text: string;
      try {
        response = await doFetch(endpoint(path), {
          method,
          headers: {
            'x-api-key': apiKey,
            accept: 'application/json',
            ...(payload === undefined ? {} : {'content-type': 'application/json'}),
          },
          ...(payload === undefined ? {} : {body: payload}),
          signal: abort.signal,
          // A followed redirect would carry x-api-key (not a header fetch strips) to wherever it points. Not
          // 'error', which some edge runtimes reject; a 3xx is then just a failed answer. (No `cache` option
          // either, for the same runtimes: a server-side fetch keeps no HTTP cache.)
          redirect: 'manual',
        });
        text = await response.text();
      } catch (error) {
        if (abort.signal.aborted) {
          throw new PilotStatusError(`${what} did not answer within ${timeoutMs} ms.`, {status: 0, error: 'timeout'});
        }
        const reason = scrub(String((error as Error)?.message ?? error));
        throw new PilotStatusError(`${what} could not be reached (${reason}).`, {status: 0, error: 'network_error'});
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const answer = isPlainObject(json) ? json : {};
        const error = typeof answer.error === 'string' ? scrub(answer.error) : `http_${response.status}`;
        const apiMessage = typeof answer.message === 'string' ? scrub(answer.message) : undefined;
        const field = typeof answer.field === 'string' ? scrub(answer.field) : undefined;
        const said = apiMessage ? `: ${apiMessage}` : '';
        const at = field ? ` (field ${field})` : '';
        throw new PilotStatusError(`${what} answered HTTP ${response.status} ${error}${said}${at}`, {
          status: response.status,
          error,
          apiMessage,
          field,
        });
      }
      if (json === undefined) {
        throw new PilotStatusError(`${what} answered HTTP ${response.status} without a JSON body.`, {
          status: response.status,
          error: 'invalid_response',
        });
      }
      return json;
    } finally {
      clearTimeout(timer);
    }
  }

  const retryable = (error: unknown): boolean =>
    error instanceof PilotStatusError && (error.status === 0 || error.status === 429 || error.status >= 500);

  /** Only for requests that change nothing: bounded, with a growing delay. */
  async function callSafely(method: 'GET', path: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(method, path);
      } catch (error) {
        if (attempt >= SAFE_RETRY_ATTEMPTS || !retryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryDelayMs(attempt))));
      }
    }
  }

  const brandingOf = (json: unknown, method: string): Branding => {
    if (!isPlainObject(json)) {
      throw new PilotStatusError(`PilotStatus ${method} /v1/branding answered something other than an object.`, {
        status: 200,
        error: 'invalid_response',
      });
    }
    return json as Branding;
  };

  return {
    async createRemotePairing(input) {
      checkPairingInput(input);
      // Never retried, not even after a timeout or a network error: the API may have created the link and
      // lost only its answer, and a second call would mint a second link and, with sendViaWhatsApp, send the
      // customer the WhatsApp message twice. The caller (a person, the element's retry) decides.
      const json = await call('POST', '/v1/numbers/remote-pairing', input);
      const answer = isPlainObject(json) ? json : {};
      const token = tokenOfPairingUrl(answer.remotePairingUrl);
      if (!token || typeof answer.maskedNumber !== 'string' || typeof answer.messageSent !== 'boolean') {
        throw new PilotStatusError(
          'PilotStatus POST /v1/numbers/remote-pairing answered HTTP 200 without a usable pairing link ' +
            '(expected {remotePairingUrl: "https://.../connect/<uuid>", maskedNumber, messageSent}).',
          {status: 200, error: 'invalid_response'},
        );
      }
      return {
        token,
        remotePairingUrl: answer.remotePairingUrl as string,
        maskedNumber: answer.maskedNumber,
        messageSent: answer.messageSent,
      };
    },
    async getBranding() {
      return brandingOf(await callSafely('GET', '/v1/branding'), 'GET');
    },
    async putBranding(branding) {
      if (!isPlainObject(branding)) throw invalid('putBranding()', 'branding', 'must be an object');
      // Not retried: a PUT that is repeated later could land after another change made meanwhile and undo it.
      return brandingOf(await call('PUT', '/v1/branding', branding), 'PUT');
    },
  };
}

/** What `link()` may answer: the link to mint, `null` (not signed in: 401), or a `Response` sent as it is. */
export type LinkResult = RemotePairingInput | null | Response;

export interface TokenUrlHandlerOptions {
  /**
   * The tenant key. `undefined` is accepted (`process.env.PILOTSTATUS_API_KEY` at build time) and answers
   * every request with a 500 until it is set, so a missing variable never breaks a build.
   */
  apiKey: string | undefined;
  apiBase?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /**
   * Your own code: authenticate the request (its cookies) and return `{name, number, ...}` for that user's
   * link, `null` when nobody is signed in (401), or a `Response` to answer with (a 403 for a user who may
   * not connect a number, say). It may read the request's body.
   */
  link: (request: Request) => LinkResult | Promise<LinkResult>;
  /** Hears every failure (a throwing `link()`, the API's refusal) with its reason; default `console.error`. */
  onError?: (error: unknown, request: Request) => void;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Every answer is for one user and one moment: a cached token would show someone else's pairing link.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {status, headers: {...JSON_HEADERS, ...headers}});

/**
 * Whether the browser sent this request from a page on the endpoint's own origin. `Sec-Fetch-Site` is set
 * by the browser itself (no page can forge it), so when present it decides: only `same-origin`. Older
 * browsers send `Origin` on every POST (the Fetch standard), which must then equal the request URL's origin.
 * A request with neither did not come from a browser page, where the element lives, so it is refused: only a
 * script or a tool sends such a request. This is what stops another site from minting links with your user's
 * cookies (CSRF).
 */
export function isSameOriginRequest(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin === null || origin === 'null') return false;
  try {
    return origin === new URL(request.url).origin;
  } catch {
    return false;
  }
}

/**
 * The endpoint for `<pilotstatus-connect token-url>`: `(request) => Promise<Response>`, for any server that
 * speaks the Fetch API (Next.js route handlers, Hono, Deno, Bun, workers; `toNodeListener()` for node:http
 * and Express). It never rejects. Its answers, and how the element treats them (it retries network errors,
 * 408, 429 and 5xx, and gives up at once on other statuses):
 *
 * - 200 `{token}`: the link `link()` asked for was minted.
 * - 405 (with `Allow: POST`) for another method; 403 for a request not from a page on this origin; 401 when
 *   `link()` returned `null`: asking again cannot help, so none of these is retried.
 * - 500 when `link()` threw or returned details the client refuses (a bug or an outage on your side: a
 *   retry may help and costs nothing, as no link was minted).
 * - 502 when the API refused or answered nonsense, 504 when it did not answer in time or could not be
 *   reached: retried by the element. The body says only that PilotStatus failed; the reason (never the
 *   key) goes to `onError`.
 *
 * Every answer is JSON with `Cache-Control: no-store`.
 */
export function tokenUrlHandler(options: TokenUrlHandlerOptions): (request: Request) => Promise<Response> {
  if (!isPlainObject(options) || typeof options.link !== 'function') {
    throw new TypeError('tokenUrlHandler(): pass {apiKey, link(request)}; link must be a function');
  }
  const {link, onError = (error: unknown) => console.error('tokenUrlHandler:', error)} = options;
  let client: Client | undefined;
  // Created on the first request, so a key that is not set yet (a build step) fails the request, not the build.
  const clientFor = (): Client =>
    (client ??= createClient({
      apiKey: options.apiKey as string,
      ...(options.apiBase !== undefined && {apiBase: options.apiBase}),
      ...(options.fetch !== undefined && {fetch: options.fetch}),
      ...(options.timeoutMs !== undefined && {timeoutMs: options.timeoutMs}),
    }));

  return async (request) => {
    if (request.method !== 'POST') {
      return answer(405, {message: 'Use POST.'}, {allow: 'POST'});
    }
    if (!isSameOriginRequest(request)) {
      return answer(403, {message: 'Only pages on this site may ask for a pairing token.'});
    }
    let input: LinkResult;
    try {
      input = await link(request);
    } catch (error) {
      onError(error, request);
      return answer(500, {message: 'The pairing token could not be created.'});
    }
    if (input instanceof Response) return input;
    if (input === null || input === undefined) return answer(401, {message: 'Sign in to connect a number.'});
    try {
      const {token} = await clientFor().createRemotePairing(input);
      return answer(200, {token});
    } catch (error) {
      onError(error, request);
      if (!(error instanceof PilotStatusError)) {
        return answer(500, {message: 'The pairing token could not be created.'});
      }
      return error.status === 0
        ? answer(504, {message: 'PilotStatus did not answer; try again.'})
        : answer(502, {message: 'PilotStatus could not create the pairing link.'});
    }
  };
}

/** The parts of node:http's IncomingMessage that `toNodeListener()` reads (Express's `req` is one too). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  /** Express: the path before a router stripped its mount point. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: {encrypted?: boolean} | null;
}

/** The parts of node:http's ServerResponse that `toNodeListener()` writes. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
}

export interface NodeListenerOptions {
  /**
   * Build the request URL from `X-Forwarded-Proto` / `X-Forwarded-Host` (set by your reverse proxy) instead
   * of the socket and `Host`. Default false. Only matters for the `Origin` fallback of the same-origin check.
   */
  trustProxy?: boolean;
  /** A larger body is answered 413 without calling the handler. Default 65,536 bytes. */
  maxBodyBytes?: number;
}

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/**
 * A Fetch handler (`tokenUrlHandler()`'s, or any `(request) => Response`) as a `(req, res)` listener for
 * node:http, Express or Fastify (`reply.hijack()`, then the listener on `request.raw, reply.raw`). It builds a
 * `Request` with the method, headers and body, and its URL from the socket's scheme and the `Host` header. Both
 * come from the client, which is fine for what the URL is used for: the same-origin check, where a browser
 * sends the true `Host` and `Origin` and a script that forges them has no user's cookies to abuse. With
 * `trustProxy`, `X-Forwarded-Proto`/`-Host` are used instead (behind a TLS-terminating proxy, where the socket
 * is plain HTTP). Mount it before any body parser: a parsed body is no longer there to read.
 */
export function toNodeListener(
  handler: (request: Request) => Response | Promise<Response>,
  {trustProxy = false, maxBodyBytes = 65_536}: NodeListenerOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    let response: Response;
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const scheme =
        (trustProxy && first(req.headers['x-forwarded-proto'])) || (req.socket?.encrypted ? 'https' : 'http');
      const host =
        (trustProxy && first(req.headers['x-forwarded-host'])) ||
        first(req.headers.host) ||
        first(req.headers[':authority']) ||
        'localhost';
      const path = req.originalUrl ?? req.url ?? '/';
      // Only a path: an absolute-form request target (`POST http://other.example/...`) must not pick the origin.
      const url = new URL(path.startsWith('/') ? path : '/', `${scheme}://${host}`);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        // HTTP/2 pseudo-headers (`:path`) are not headers a Request may carry.
        if (value === undefined || name.startsWith(':')) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of req) {
          const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
          size += bytes.byteLength;
          if (size > maxBodyBytes) {
            await send(res, answer(413, {message: `The body must be at most ${maxBodyBytes} bytes.`}));
            return;
          }
          chunks.push(bytes);
        }
        body = new Uint8Array(size);
        let at = 0;
        for (const chunk of chunks) {
          body.set(chunk, at);
          at += chunk.byteLength;
        }
      }
      response = await handler(new Request(url, {method, headers, ...(body && {body})}));
    } catch (error) {
      console.error('toNodeListener:', error);
      response = answer(500, {message: 'The request failed.'});
    }
    await send(res, response);
  };
}

async function send(res: NodeResponseLike, response: Response): Promise<void> {
  const payload = new Uint8Array(await response.arrayBuffer());
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    // forEach joins several Set-Cookie headers into one line, which no browser splits again.
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.end(payload);
}
