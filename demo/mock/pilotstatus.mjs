// A local PilotStatus: the remote-pairing and branding API and the Connect page, behaving as the public
// "Embed Connect" documentation describes, so the demo, the tests and outside checks can run the whole flow
// on loopback. Dev-only: nothing here ships in the package.
//
//   POST /v1/numbers/remote-pairing   x-api-key; {name, number, sendViaWhatsApp?, brandingOverride?, provider?,
//                                     redirectUrl? (mock only: where connect:paired sends the user)}
//   GET  /v1/branding, PUT /v1/branding   x-api-key; tenant branding {name, primaryColor, logoUrl}
//   GET  /connect/<token>              the Connect page (QR or "Continue with Facebook")
//   POST /connect/<token>/pair         what a phone scan does; called by the Connect page (same origin)
//   GET  /embedded-signup?token=…      the mock of Meta's Embedded Signup popup
//   GET  /numbers/<numberId>           where a paired number's redirectUrl leads
//
// With `driver: true` (the element's own tests), /connect/<anything> is instead a page that posts nothing
// by itself and obeys commands from its parent, so a test can post any message, malformed or not.
import {createHash, randomUUID, timingSafeEqual} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {transform} from 'esbuild';
import QRCode from 'qrcode';

export const DEFAULT_API_KEY = 'ps_demo_tenant_key';
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
/** Every loopback origin: the demo (localhost:8000) and the test runner (a random localhost port). */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];
export const DEFAULT_BRANDING = Object.freeze({name: 'PilotStatus', primaryColor: '#0b7a75', logoUrl: null});

const MAX_BODY_BYTES = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `24h`, `30s`, `1500ms`, `2m` or a bare number of milliseconds → milliseconds. */
export function parseDuration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!match) throw new TypeError(`not a duration: "${text}" (try 30s, 5m or 24h)`);
  const unit = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[match[2] ?? 'ms'];
  return Math.round(Number(match[1]) * unit);
}

// Compiles the browser scripts of the mock pages from TypeScript once per process: they type their
// messages with src/protocol.ts, so the mock and the element cannot drift apart.
const scripts = new Map();
async function pageScript(name) {
  if (!scripts.has(name)) {
    const source = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
    scripts.set(
      name,
      transform(source, {loader: 'ts', format: 'esm', target: 'es2021'}).then((result) => result.code),
    );
  }
  return scripts.get(name);
}

class HttpError extends Error {
  constructor(status, error, message, field) {
    super(message);
    Object.assign(this, {status, error, field});
  }
}

const invalid = (field, message) => new HttpError(400, 'invalid_request', message, field);

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// JSON inside <script type="application/json">: `<` escaped so no value can close the element.
function jsonForHtml(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** An absolute `https:` URL, or `http:` on loopback (development). */
function isSafeUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

/** Validates a branding object (every field optional); returns only the known fields. */
function parseBranding(value, fieldPrefix) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(fieldPrefix, `${fieldPrefix} must be an object`);
  const branding = {};
  if (value.name !== undefined) {
    if (typeof value.name !== 'string' || !value.name.trim() || value.name.length > 80) {
      throw invalid(`${fieldPrefix}.name`, `${fieldPrefix}.name must be a non-empty string of at most 80 characters`);
    }
    branding.name = value.name.trim();
  }
  if (value.primaryColor !== undefined) {
    if (typeof value.primaryColor !== 'string' || !HEX_COLOUR.test(value.primaryColor)) {
      throw invalid(`${fieldPrefix}.primaryColor`, `${fieldPrefix}.primaryColor must be a hex colour such as #0b7a75`);
    }
    branding.primaryColor = value.primaryColor;
  }
  if (value.logoUrl !== undefined && value.logoUrl !== null) {
    if (typeof value.logoUrl !== 'string' || !isSafeUrl(value.logoUrl)) {
      throw invalid(`${fieldPrefix}.logoUrl`, `${fieldPrefix}.logoUrl must be an https: URL`);
    }
    branding.logoUrl = value.logoUrl;
  }
  return branding;
}

function parsePairingRequest(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body', 'body must be a JSON object');
  const {name, number, sendViaWhatsApp, brandingOverride, provider, redirectUrl} = body;
  if (typeof name !== 'string' || !name.trim() || name.length > 80) {
    throw invalid('name', 'name must be a non-empty string of at most 80 characters');
  }
  if (typeof number !== 'string' || !/^\d{10,15}$/.test(number)) {
    throw invalid('number', 'number must be a string of 10 to 15 digits, country code first (5511999999999)');
  }
  if (sendViaWhatsApp !== undefined && typeof sendViaWhatsApp !== 'boolean') {
    throw invalid('sendViaWhatsApp', 'sendViaWhatsApp must be a boolean');
  }
  if (provider !== undefined && provider !== 'META') {
    throw invalid('provider', 'provider must be "META" (or left out for a QR code pairing)');
  }
  // Not in the public docs, which leave open where redirectUrl comes from: the mock takes it per link so a
  // demo can send the user back to its own page after pairing. Left out, it is the mock's /numbers/<id>.
  if (redirectUrl !== undefined && (typeof redirectUrl !== 'string' || !isSafeUrl(redirectUrl))) {
    throw invalid('redirectUrl', 'redirectUrl must be an https: URL (http: on loopback)');
  }
  return {
    name: name.trim(),
    number,
    sendViaWhatsApp: sendViaWhatsApp === true,
    brandingOverride: parseBranding(brandingOverride, 'brandingOverride'),
    provider: provider ?? 'QR',
    redirectUrl: redirectUrl ?? null,
  };
}

/**
 * Whether the `x-api-key` a request sent is `apiKey`, in time that does not depend on where they differ:
 * `!==` stops at the first differing character, which lets a client guess the key one character at a time.
 * timingSafeEqual needs two buffers of one length, so it compares SHA-256 digests (which also hides the
 * key's length). A missing or repeated header is never the key.
 */
export function isApiKey(sent, apiKey) {
  const digest = (value) => createHash('sha256').update(value, 'utf8').digest();
  const matches = timingSafeEqual(digest(typeof sent === 'string' ? sent : ''), digest(apiKey));
  return matches && typeof sent === 'string';
}

/**
 * The origin the mock is reached at, for the links it hands out: the configured `origin` (a string, or a
 * function for a server whose port is picked after the mock is made), otherwise the address and port the
 * connection arrived at. Never the `Host` header: whoever sends the request chooses that, and a link
 * minted with `Host: evil.example` would send the customer to evil.example.
 */
function originOf(req, origin) {
  const configured = typeof origin === 'function' ? origin() : origin;
  if (configured) return new URL(configured).origin;
  const {encrypted, localAddress, localPort} = req.socket;
  const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `${encrypted ? 'https' : 'http'}://${host}:${localPort}`;
}

/** `5511999999999` → `+55 ••••••••9999`: enough to recognise a number, not enough to read it. */
function maskNumber(number) {
  return `+${number.slice(0, 2)} ${'•'.repeat(number.length - 6)}${number.slice(-4)}`;
}

/** Whether `origin` matches an allow-list entry: exact, or `scheme://host:*` for any port of that host. */
export function isAllowedOrigin(origin, allowList) {
  return allowList.some((entry) =>
    entry.endsWith(':*')
      ? origin.startsWith(entry.slice(0, -1)) && /^\d+$/.test(origin.slice(entry.length - 1))
      : origin === entry,
  );
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw invalid('body', `body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw invalid('body', 'body must be valid JSON');
  }
}

function send(res, status, body, headers = {}) {
  const json = typeof body !== 'string';
  res.writeHead(status, {
    'content-type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(json ? JSON.stringify(body) : body);
}

/**
 * The Connect page's texts in the languages the element forwards as `lang=` (pt-BR, es, en), as the real
 * Connect page shows them; anything else is English.
 */
const CONNECT_TEXTS = {
  en: {
    heading: 'Connect your WhatsApp number',
    number: 'Number',
    qr: 'QR code to scan with WhatsApp',
    scanHelp: 'Open WhatsApp on the phone › Linked devices › Link a device, and scan this code.',
    scan: 'Simulate scan',
    fail: 'Simulate failure',
    facebook: 'Continue with Facebook',
    metaHelp: "Connect the number through Meta's official Cloud API (Embedded Signup opens in a new window).",
    paired: 'This number is connected. You can close this window.',
    expired: 'This pairing link has expired. Ask for a new one.',
    notFound: 'Pairing link not found',
    notFoundBody: 'This pairing link does not exist. Ask for a new one.',
  },
  'pt-BR': {
    heading: 'Conecte o seu número de WhatsApp',
    number: 'Número',
    qr: 'Código QR para escanear com o WhatsApp',
    scanHelp: 'Abra o WhatsApp no celular › Aparelhos conectados › Conectar um aparelho, e escaneie este código.',
    scan: 'Simular leitura',
    fail: 'Simular falha',
    facebook: 'Continuar com o Facebook',
    metaHelp: 'Conecte o número pela Cloud API oficial da Meta (o Embedded Signup abre em uma nova janela).',
    paired: 'Este número está conectado. Você pode fechar esta janela.',
    expired: 'Este link de conexão expirou. Peça um novo.',
    notFound: 'Link de conexão não encontrado',
    notFoundBody: 'Este link de conexão não existe. Peça um novo.',
  },
  es: {
    heading: 'Conecta tu número de WhatsApp',
    number: 'Número',
    qr: 'Código QR para escanear con WhatsApp',
    scanHelp:
      'Abre WhatsApp en el teléfono › Dispositivos vinculados › Vincular un dispositivo, y escanea este código.',
    scan: 'Simular escaneo',
    fail: 'Simular fallo',
    facebook: 'Continuar con Facebook',
    metaHelp: 'Conecta el número con la Cloud API oficial de Meta (Embedded Signup se abre en una ventana nueva).',
    paired: 'Este número está conectado. Puedes cerrar esta ventana.',
    expired: 'Este enlace de conexión ha caducado. Pide uno nuevo.',
    notFound: 'Enlace de conexión no encontrado',
    notFoundBody: 'Este enlace de conexión no existe. Pide uno nuevo.',
  },
};

/** The `lang` and `colorScheme` the element forwards on the frame URL, settled to what the page supports. */
function connectLocale(query) {
  const asked = (query.get('lang') ?? '').toLowerCase().split(/[-_]/)[0];
  const lang = asked === 'pt' ? 'pt-BR' : asked === 'es' ? 'es' : 'en';
  return {lang, texts: CONNECT_TEXTS[lang], dark: query.get('colorScheme') === 'dark'};
}

// The card's colours for each scheme: a dark card on a dark page, as the real Connect page does.
const SCHEMES = {
  light: 'color-scheme: light; --fg: #1f2328; --bg: #fff; --notice: #f6f8fa; --muted: #57606a;',
  dark: 'color-scheme: dark; --fg: #e6edf3; --bg: #0d1117; --notice: #161b22; --muted: #9198a1;',
};

function page({title, body, script, colour = DEFAULT_BRANDING.primaryColor, lang = 'en', dark = false}) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  :root { --brand: ${colour}; ${dark ? SCHEMES.dark : SCHEMES.light} }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 20px; color: var(--fg); background: var(--bg); }
  h1 { font-size: 1.25rem; margin: 0 0 4px; }
  .brand { display: flex; align-items: center; gap: 10px; margin-bottom: 12px; }
  .brand img { width: 32px; height: 32px; object-fit: contain; }
  .qr svg { width: 220px; height: 220px; display: block; margin: 12px 0; }
  button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 1px solid var(--brand); cursor: pointer; }
  button.primary { background: var(--brand); color: #fff; }
  button.secondary { background: var(--bg); color: var(--fg); }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
  .notice { border-left: 4px solid var(--brand); padding: 8px 12px; background: var(--notice); }
  .muted { color: var(--muted); font-size: 0.875rem; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
${body}
${script ? `<script type="module">${script}</script>` : ''}
</body>
</html>`;
}

// The element's own tests: obey {drive: 'post' | 'navigate'} commands, but only from the parent window
// or the top one (the test page, when the element lives in a nested page such as the strict-CSP one).
const DRIVER = `
addEventListener('message', (event) => {
  if ((event.source !== parent && event.source !== top) || typeof event.data?.drive !== 'string') return;
  const command = event.data;
  if (command.drive === 'post') {
    for (const item of command.messages) {
      parent.postMessage('json' in item ? JSON.parse(item.json) : item.data, command.targetOrigin || '*');
    }
  } else if (command.drive === 'navigate') {
    location.href = command.url;
  }
});`;

/**
 * The mock service. Options: `apiKey`, `ttlMs` (token lifetime), `allowedOrigins` (who may embed
 * Connect; entries may end in `:*` for any port), `branding` (the tenant's starting branding), `driver`,
 * `origin` (where it is reached, for `remotePairingUrl` and `redirectUrl`: a string or a function returning
 * one; by default the address the request arrived at, never its `Host` header).
 * Returns `{handler, links}`: the request handler and the pairing links it holds (for tests).
 */
export function createMockPilotStatus({
  apiKey = DEFAULT_API_KEY,
  ttlMs = DEFAULT_TTL_MS,
  allowedOrigins = DEFAULT_ALLOWED_ORIGINS,
  branding = {},
  driver = false,
  origin: configuredOrigin,
  now = () => Date.now(),
} = {}) {
  const links = new Map();
  let tenantBranding = {...DEFAULT_BRANDING, ...branding};

  const requireKey = (req) => {
    if (!isApiKey(req.headers['x-api-key'], apiKey)) {
      throw new HttpError(401, 'unauthorized', 'a valid x-api-key header is required');
    }
  };

  async function createLink(req, origin) {
    requireKey(req);
    const request = parsePairingRequest(await readJson(req));
    const token = randomUUID();
    const createdAt = now();
    links.set(token, {...request, token, createdAt, expiresAt: createdAt + ttlMs, numberId: null});
    return {
      remotePairingUrl: `${origin}/connect/${token}`,
      maskedNumber: maskNumber(request.number),
      messageSent: request.sendViaWhatsApp,
    };
  }

  // URL query parameters > the link's brandingOverride > tenant branding > default.
  function resolveBranding(link, query) {
    const fromQuery = {};
    for (const key of ['name', 'primaryColor', 'logoUrl']) {
      const value = query.get(key);
      if (value === null) continue;
      try {
        Object.assign(fromQuery, parseBranding({[key]: value}, 'query'));
      } catch {
        // An invalid URL parameter is ignored, not fatal: the page still works with the other layers.
      }
    }
    return {...DEFAULT_BRANDING, ...tenantBranding, ...link.brandingOverride, ...fromQuery};
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://mock.invalid');
    const origin = originOf(req, configuredOrigin);
    const path = url.pathname;

    if (path === '/v1/numbers/remote-pairing') {
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST');
      return send(res, 200, await createLink(req, origin));
    }
    if (path === '/v1/branding') {
      requireKey(req);
      if (req.method === 'PUT') {
        tenantBranding = {...DEFAULT_BRANDING, ...parseBranding(await readJson(req), 'body')};
      } else if (req.method !== 'GET') {
        throw new HttpError(405, 'method_not_allowed', 'use GET or PUT');
      }
      return send(res, 200, tenantBranding);
    }

    const connect = /^(?:\/[^?#]*)?\/connect\/([^/]+)(\/pair)?$/.exec(path);
    if (connect && driver && !connect[2]) {
      const headers = url.searchParams.has('opaque') ? {'content-security-policy': 'sandbox allow-scripts'} : {};
      return send(
        res,
        200,
        page({title: 'Connect driver', body: '<p>Connect test driver</p>', script: DRIVER}),
        headers,
      );
    }
    if (connect && connect[2] && req.method === 'POST') return pair(res, connect[1], origin);
    if (connect && req.method === 'GET') return renderConnect(req, res, url, connect[1]);
    if (path === '/embedded-signup' && req.method === 'GET') return renderSignup(res, url);
    const number = /^\/numbers\/([\w-]+)$/.exec(path);
    if (number && req.method === 'GET') {
      return send(
        res,
        200,
        page({title: 'Number connected', body: `<h1>Number ${escapeHtml(number[1])} is connected</h1>`}),
      );
    }
    throw new HttpError(404, 'not_found', `no route for ${req.method} ${path}`);
  }

  function pair(res, token, origin) {
    const link = links.get(token);
    if (!link) throw new HttpError(404, 'unknown_token', 'this pairing link does not exist');
    if (now() >= link.expiresAt) throw new HttpError(410, 'expired', 'this pairing link has expired');
    link.numberId ??= `num_${randomUUID().slice(0, 8)}`;
    return send(res, 200, {
      numberId: link.numberId,
      redirectUrl: link.redirectUrl ?? `${origin}/numbers/${link.numberId}`,
    });
  }

  async function renderConnect(req, res, url, token) {
    // Connect validates who embeds it: the element requests the frame with referrerpolicy="strict-origin",
    // so the Referer header carries the embedding page's origin.
    let parentOrigin = '';
    try {
      parentOrigin = new URL(req.headers.referer ?? '').origin;
    } catch {
      parentOrigin = '';
    }
    if (!parentOrigin || !isAllowedOrigin(parentOrigin, allowedOrigins)) {
      const who = parentOrigin ? `The page at ${escapeHtml(parentOrigin)}` : 'This page (its origin was not sent)';
      return send(
        res,
        403,
        page({
          title: 'Embedding not allowed',
          body: `<h1>Embedding not allowed</h1><p class="notice">${who} is not on this PilotStatus account's list of origins allowed to embed Connect. Nothing was sent to it.</p>`,
        }),
      );
    }
    // Only the allowed origin may frame this page, whatever the Referer said.
    const headers = {'content-security-policy': `frame-ancestors ${parentOrigin}`};
    const link = UUID.test(token) ? (links.get(token.toLowerCase()) ?? links.get(token)) : undefined;
    const {lang, texts, dark} = connectLocale(url.searchParams);
    const config = {parentOrigin, token, expiresIn: 0, provider: 'QR', lang};
    if (!link) {
      const body = `<h1>${texts.notFound}</h1><p class="notice">${texts.notFoundBody}</p>`;
      return send(
        res,
        404,
        page({
          title: texts.notFound,
          lang,
          dark,
          body: body + configTag({...config, state: 'unknown'}),
          script: await pageScript('connect-page'),
        }),
        headers,
      );
    }
    const brand = resolveBranding(link, url.searchParams);
    const expiresIn = Math.max(0, link.expiresAt - now());
    const state = expiresIn === 0 ? 'expired' : link.numberId ? 'paired' : 'pending';
    const logo = brand.logoUrl ? `<img src="${escapeHtml(brand.logoUrl)}" alt="">` : '';
    const qr =
      link.provider === 'META'
        ? `<div class="actions"><button id="facebook" class="primary" type="button">${texts.facebook}</button></div>
<p class="muted">${texts.metaHelp}</p>`
        : `<div class="qr" role="img" aria-label="${texts.qr}">${await QRCode.toString(
            `pilotstatus-mock:pair:${link.token}`,
            {type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: {dark: '#111111', light: '#ffffff'}},
          )}</div>
<p class="muted">${texts.scanHelp}</p>
<div class="actions"><button id="scan" class="primary" type="button">${texts.scan}</button>
<button id="fail" class="secondary" type="button">${texts.fail}</button></div>`;
    const body = `<header class="brand">${logo}<strong id="brand-name">${escapeHtml(brand.name)}</strong></header>
<main id="pending"${state === 'pending' ? '' : ' hidden'}>
<h1>${texts.heading}</h1>
<p>${texts.number} <strong id="masked-number">${escapeHtml(maskNumber(link.number))}</strong> · ${escapeHtml(link.name)}</p>
${qr}
</main>
<p id="paired" class="notice"${state === 'paired' ? '' : ' hidden'}>${texts.paired}</p>
<p id="expired" class="notice"${state === 'expired' ? '' : ' hidden'}>${texts.expired}</p>`;
    return send(
      res,
      200,
      page({
        title: `${brand.name} · Connect WhatsApp`,
        colour: brand.primaryColor,
        lang,
        dark,
        body: body + configTag({...config, state, expiresIn, provider: link.provider}),
        script: await pageScript('connect-page'),
      }),
      headers,
    );
  }

  async function renderSignup(res, url) {
    const token = url.searchParams.get('token') ?? '';
    const link = links.get(token);
    if (!link || link.provider !== 'META') {
      return send(res, 404, page({title: 'Embedded Signup', body: '<h1>Unknown signup session</h1>'}));
    }
    const body = `<h1>Facebook · Embedded Signup (mock)</h1>
<p>Connect <strong>${escapeHtml(maskNumber(link.number))}</strong> to PilotStatus through the WhatsApp Cloud API.</p>
<div class="actions"><button id="complete" class="primary" type="button">Complete signup</button>
<button id="cancel" class="secondary" type="button">Cancel</button></div>`;
    return send(
      res,
      200,
      page({title: 'Embedded Signup', colour: '#1877f2', body, script: await pageScript('signup-page')}),
    );
  }

  const handler = (req, res) => {
    handle(req, res).catch((error) => {
      // Sent half an answer, or the client is gone (it aborted, or a timeout dropped it): nothing to tell.
      if (res.headersSent || res.destroyed) return res.destroy();
      if (error instanceof HttpError) {
        return send(res, error.status, {
          error: error.error,
          message: error.message,
          ...(error.field ? {field: error.field} : {}),
        });
      }
      console.error(error);
      return send(res, 500, {error: 'internal', message: 'the mock failed; see its console'});
    });
  };
  return {handler, links};
}

function configTag(config) {
  return `<script type="application/json" id="connect-config">${jsonForHtml(config)}</script>`;
}
