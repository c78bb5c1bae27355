// `npm start`: the demo SaaS site (http://localhost:8000, with one page per feature under /demo/features/),
// the mock PilotStatus service (http://127.0.0.1:8787) and a "network lane" in front of it that can make
// Connect slow, flaky or moved (http://127.0.0.1:8788), each on another free port when its default is
// taken. Ctrl-C stops them all. All three listen on loopback only unless --host says otherwise, and the site
// serves only what the demo needs (see demo/guard.mjs and "Security of the demo server" in demo/README.md).
//
//   node demo/server.mjs [--port 8000] [--mock-port 8787] [--lane-port 8788] [--ttl 24h] [--host <address>]
//   env: PORT, MOCK_PORT, LANE_PORT, PILOTSTATUS_MOCK_TTL (e.g. 30s, to watch a link expire),
//        PILOTSTATUS_API_KEY, PILOTSTATUS_ALLOWED_ORIGINS (comma-separated; entries may end in :* for any port),
//        DEMO_HOST (as --host: an address to listen on instead of loopback, e.g. 0.0.0.0 in a container)
import {statSync, readdirSync} from 'node:fs';
import {request} from 'node:http';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {startDevServer} from '@web/dev-server';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {build} from 'esbuild';
import {createGuard, isWildcard, runtimePackages, siteHostNames} from './guard.mjs';
import {listen} from './mock/http.mjs';
import {
  DEFAULT_ALLOWED_ORIGINS,
  DEFAULT_API_KEY,
  DEFAULT_TTL_MS,
  createMockPilotStatus,
  parseDuration,
} from './mock/pilotstatus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The package's server module, compiled from src/ as the bundled build is below, so `npm start` needs no build.
const serverModule = await build({entryPoints: [`${root}src/server.ts`], bundle: true, format: 'esm', write: false});
const {createClient, PilotStatusError} = await import(
  `data:text/javascript,${encodeURIComponent(serverModule.outputFiles[0].text)}`
);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The addresses the feature pages are written for, so their markup can be copied as it is. When a port was
 * taken and another one picked, the server rewrites them in those pages to where things really run.
 */
export const DEFAULT_ORIGINS = Object.freeze({
  site: 'http://localhost:8000',
  mock: 'http://127.0.0.1:8787',
  lane: 'http://127.0.0.1:8788',
});

/** The number every feature page's link is for: a backend normally takes it from the signed-in customer. */
const FEATURE_NUMBER = {name: 'Support', number: '5511999999999'};

/** The feature pages' backend routes (see featureTokenRoutes()). */
const FEATURE_ROUTES = new Set([
  '/api/connect-token',
  '/api/connect-token/slow',
  '/api/connect-token/unavailable',
  '/api/connect-link',
  '/api/expired-link',
]);
/** Every backend route of the site: the only /api paths the guard lets through. */
const API_ROUTES = new Set(['/api/pairing-token', ...FEATURE_ROUTES]);

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 16_384) throw new Error('body too large');
  }
  return JSON.parse(text || '{}');
}

/** Asks PilotStatus for a pairing link with the tenant key; resolves to `{status, answer}` as it replied. */
async function mintLink({mockOrigin, apiKey}, body) {
  try {
    const client = createClient({apiKey, apiBase: mockOrigin});
    return {status: 200, answer: await client.createRemotePairing({sendViaWhatsApp: false, ...body})};
  } catch (error) {
    // The client checks the form before asking (a TypeError naming the field), as the API would with a 400.
    if (error instanceof TypeError) return {status: 400, answer: {message: error.message}};
    if (!(error instanceof PilotStatusError)) throw error;
    return {status: error.status || 502, answer: {message: error.apiMessage ?? error.message, field: error.field}};
  }
}

const tokenOf = (mockOrigin, remotePairingUrl) =>
  new RegExp(`^${mockOrigin.replace(/[.]/g, '\\.')}/connect/(${UUID})$`).exec(remotePairingUrl)?.[1];

/**
 * The demo site's backend route. It holds the tenant key (the browser never sees it), asks PilotStatus for
 * a pairing link, and returns only the token, as the Embed Connect docs prescribe.
 */
function pairingTokenRoute(api) {
  return async (context, next) => {
    if (context.path !== '/api/pairing-token') return next();
    if (context.method !== 'POST') {
      context.status = 405;
      return undefined;
    }
    let form;
    try {
      form = await readJson(context.req);
    } catch {
      context.status = 400;
      context.body = {message: 'Send the form as JSON.'};
      return undefined;
    }
    const {status, answer} = await mintLink(api, {
      name: form.name,
      number: typeof form.number === 'string' ? form.number.replace(/\D/g, '') : form.number,
      ...(form.provider === 'META' ? {provider: 'META'} : {}),
    });
    if (status !== 200) {
      context.status = status;
      context.body = {message: answer.message, field: answer.field};
      return undefined;
    }
    const token = tokenOf(api.mockOrigin, answer.remotePairingUrl);
    if (!token) {
      context.status = 502;
      context.body = {message: 'PilotStatus answered with an unexpected pairing link.'};
      return undefined;
    }
    context.body = {token, baseUrl: api.mockOrigin, maskedNumber: answer.maskedNumber};
    return undefined;
  };
}

/**
 * The routes the feature pages' `token-url` attributes point at: each mints a link for the demo number,
 * whose redirectUrl is this site's "connected" page, and answers as the element expects (no body in, JSON
 * out). A real backend would take the number from the signed-in customer and check its session cookie.
 *
 *   POST /api/connect-token               {token}
 *   POST /api/connect-link                {remotePairingUrl}
 *   POST /api/connect-token/slow          {token}, after a minute: the loading indicator stays in view
 *   POST /api/connect-token/unavailable   always 500, for the error demos
 *   POST /api/expired-link                {token} of a link that has already expired
 */
function featureTokenRoutes(api, mock, holds) {
  return async (context, next) => {
    if (!FEATURE_ROUTES.has(context.path)) return next();
    if (context.method !== 'POST') {
      context.status = 405;
      context.set('allow', 'POST');
      return undefined;
    }
    if (context.path === '/api/connect-token/unavailable') {
      context.status = 500;
      context.body = {message: 'The pairing service is unavailable (a demo of a failing backend).'};
      return undefined;
    }
    if (context.path === '/api/connect-token/slow' && !(await hold(60_000, context.res, holds))) {
      context.status = 503;
      return undefined;
    }
    const redirectUrl = new URL('/demo/features/connected.html', context.origin).href;
    const {status, answer} = await mintLink(api, {...FEATURE_NUMBER, redirectUrl});
    const token = status === 200 && tokenOf(api.mockOrigin, answer.remotePairingUrl);
    if (!token) {
      context.status = 502;
      context.body = {message: answer.message ?? 'PilotStatus answered with an unexpected pairing link.'};
      return undefined;
    }
    if (context.path === '/api/expired-link') mock.links.get(token).expiresAt = Date.now();
    context.body = context.path === '/api/connect-link' ? {remotePairingUrl: answer.remotePairingUrl} : {token};
    return undefined;
  };
}

// A Content-Security-Policy whose frame-src leaves Connect out, as a site that never heard of it would.
const CSP_PAGE = '/demo/features/csp.html';
const CSP = "frame-src 'self'";

function cspHeader(context, next) {
  if (context.path === CSP_PAGE) context.set('content-security-policy', CSP);
  return next();
}

/** Rewrites the default addresses in the feature pages to the real ones (see DEFAULT_ORIGINS). */
function originsPlugin(origins) {
  const pairs = Object.entries(DEFAULT_ORIGINS).filter(([name, origin]) => origins[name] !== origin);
  const pattern = pairs.length
    ? new RegExp(pairs.map(([, origin]) => origin.replace(/[.[\]]/g, '\\$&')).join('|'), 'g')
    : null;
  const to = new Map(pairs.map(([name, origin]) => [origin, origins[name]]));
  return {
    name: 'demo-origins',
    transform(context) {
      if (!pattern || !context.path.startsWith('/demo/features/') || !context.response.is('html')) return undefined;
      return {body: context.body.replace(pattern, (origin) => to.get(origin))};
    },
  };
}

/**
 * `/dist/pilotstatus-connect.bundled.js` and `/dist/embed.js`, the files the feature pages load as a site
 * would, bundled from the current src/ on request (again only when a source file changed), so `npm start`
 * needs no build and never serves a stale one.
 */
function bundlePlugin() {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  // The same entries and formats as the real files (rollup.config.mjs): the element alone as ESM, Lit
  // inside; the drop-in as a classic script.
  const entries = new Map([
    ['/dist/pilotstatus-connect.bundled.js', {entry: 'define.ts', format: 'esm'}],
    // package.json's sideEffects names dist/ files only: esbuild would drop src/define.ts, imported by
    // drop-in.ts for its side effect (the definition), unless told to ignore that field.
    ['/dist/embed.js', {entry: 'embed.global.ts', format: 'iife', ignoreAnnotations: true}],
  ]);
  const built = new Map();
  return {
    name: 'demo-bundle',
    async serve(context) {
      const wanted = entries.get(context.path);
      if (!wanted) return undefined;
      const newest = Math.max(...readdirSync(src).map((name) => statSync(src + name).mtimeMs));
      let cached = built.get(context.path);
      if (!cached || cached.stamp !== newest) {
        const code = build({
          entryPoints: [`${src}${wanted.entry}`],
          bundle: true,
          format: wanted.format,
          ignoreAnnotations: wanted.ignoreAnnotations ?? false,
          target: 'es2021',
          minify: true,
          write: false,
          tsconfig: `${root}tsconfig.json`,
          logLevel: 'silent',
        }).then((result) => result.outputFiles[0].text);
        cached = {stamp: newest, code};
        built.set(context.path, cached);
        code.catch(() => built.delete(context.path));
      }
      return {body: await cached.code, type: 'js', headers: {'cache-control': 'no-store'}};
    },
  };
}

/**
 * Waits `ms` before answering, unless the browser gives up first (the element replaced or removed its frame,
 * the page closed) or the demo stops; resolves to whether to answer at all.
 */
function hold(ms, res, holds) {
  return new Promise((resolve) => {
    const done = (answer) => {
      clearTimeout(timer);
      holds.delete(release);
      resolve(answer);
    };
    const release = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    res.once('close', release);
    holds.add(release);
  });
}

/**
 * A stand-in for a bad network between the browser and Connect (the timeout and debug pages): a loopback
 * proxy in front of the mock, whose base-url path picks the trouble.
 *
 *   /slow/<ms>/connect/<token>   the Connect page arrives after <ms> (at most 60 s)
 *   /flaky/connect/<token>       the first load of each link stalls for 30 s; any later load is immediate
 *   /moved/connect/<token>       a redirect to the mock's own origin, so the page speaks from an origin the
 *                                element was not told about
 *
 * Anything else (the Connect page's own calls, POST /connect/<token>/pair) goes straight through.
 */
function networkLane(mockOrigin, holds) {
  const seen = new Set();
  const mock = new URL(mockOrigin);
  const pass = (req, res, path) => {
    const upstream = request(
      {host: mock.hostname, port: mock.port, method: req.method, path, headers: {...req.headers, host: mock.host}},
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
  return async (req, res) => {
    const url = new URL(req.url, 'http://lane.invalid');
    const trouble = /^\/(?:slow\/(\d+)|(flaky)|(moved))(\/connect\/[^/]+)$/.exec(url.pathname);
    if (!trouble || req.method !== 'GET') return pass(req, res, url.pathname + url.search);
    const [, slow, flaky, moved, path] = trouble;
    if (moved) {
      res.writeHead(302, {location: mockOrigin + path + url.search, 'cache-control': 'no-store'});
      return res.end();
    }
    const delay = slow ? Math.min(Number(slow), 60_000) : flaky && !seen.has(path) ? 30_000 : 0;
    if (flaky) seen.add(path);
    if (await hold(delay, res, holds)) pass(req, res, path + url.search);
    return undefined;
  };
}

/** Listens on `port` when it is free, otherwise on one the system picks (without a check-then-bind race). */
async function listenNear(handler, port, options) {
  try {
    return await listen(handler, {...options, port});
  } catch {
    return listen(handler, {...options, port: 0});
  }
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The site's listeners. By default both loopback addresses on one port, since a browser may resolve
 * `localhost` to either (and must not reach another program holding the other one); `host` instead
 * listens there alone.
 */
async function listenSite(handler, port, {host, limits}) {
  if (host) return [await listenNear(handler, port, {host, limits})];
  for (let attempt = 0; ; attempt++) {
    const v4 = await listenNear(handler, attempt ? 0 : port, {host: '127.0.0.1', limits});
    try {
      return [v4, await listen(handler, {host: '::1', port: v4.port, limits})];
    } catch (error) {
      // A machine without IPv6 loopback: nothing else can answer for localhost there either.
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') return [v4];
      await v4.close();
      if (attempt === 4) throw error;
    }
  }
}

/**
 * Starts the mock service, the network lane in front of it and the demo site; resolves to their addresses
 * and a `stop()`. Port 0 picks a free port (the tests do, so they never collide with a running `npm start`).
 * `now` is the mock's clock (link lifetimes), so a test can move it instead of waiting.
 */
export async function startDemo({
  port = 8000,
  mockPort = 8787,
  lanePort = mockPort === 0 ? 0 : 8788,
  ttlMs = DEFAULT_TTL_MS,
  now,
  apiKey = DEFAULT_API_KEY,
  allowedOrigins = DEFAULT_ALLOWED_ORIGINS,
  host,
  limits,
} = {}) {
  if (host && !LOOPBACK_ADDRESSES.has(host)) {
    console.warn(
      `Warning: the demo listens on ${host}, not only on loopback: anyone who can reach this address can use ` +
        'its backend (which holds the tenant key) and the mock PilotStatus. Use it only on a network you trust.',
    );
  }
  // The mock and the lane are named 127.0.0.1 in the pages, so they stay there unless `host` is a wildcard
  // (which includes loopback): a container whose ports are forwarded needs all three reachable.
  const listenOn = {host: host && isWildcard(host) ? host : '127.0.0.1', limits};
  let mockOrigin;
  // The mock's links name the origin it really runs at, whatever Host header a request sends.
  const mock = createMockPilotStatus({ttlMs, apiKey, allowedOrigins, origin: () => mockOrigin, now});
  const mockServer = await listenNear(mock.handler, mockPort, listenOn);
  mockOrigin = `http://127.0.0.1:${mockServer.port}`;
  // Answers held back on purpose (the slow routes, the lane): released by stop(), which never waits for them.
  const holds = new Set();
  const laneServer = await listenNear(networkLane(mockOrigin, holds), lanePort, listenOn);
  const laneOrigin = `http://127.0.0.1:${laneServer.port}`;
  // The site's own listeners, so their address and limits are ours (@web/dev-server, given 'localhost',
  // listens on every interface); they answer 503 for the moment until the dev server below is ready.
  let ready = null;
  const siteServers = await listenSite(
    (req, res) => {
      if (ready) return ready(req, res);
      res.writeHead(503, {'retry-after': '1'});
      return res.end();
    },
    port,
    {host, limits},
  );
  const sitePort = siteServers[0].port;
  const siteOrigin = `http://localhost:${sitePort}`;
  const api = {mockOrigin, apiKey};
  const guard = createGuard({
    port: sitePort,
    hostNames: siteHostNames(host),
    apiRoutes: API_ROUTES,
    packages: runtimePackages(root),
  });
  const site = await startDevServer({
    config: {
      rootDir: root,
      // Only its request handler: the listeners are the ones above.
      middlewareMode: true,
      port: sitePort,
      nodeResolve: true,
      middleware: [
        (context, next) => {
          if (context.path !== '/') return next();
          context.redirect('/demo/');
          return undefined;
        },
        pairingTokenRoute(api),
        featureTokenRoutes(api, mock, holds),
        cspHeader,
      ],
      plugins: [
        bundlePlugin(),
        originsPlugin({site: siteOrigin, mock: mockOrigin, lane: laneOrigin}),
        // One modern target for every client: with `auto`, a request without a known browser's user agent gets
        // an old baseline into which esbuild cannot lower our source (destructuring), and a 500.
        esbuildPlugin({ts: true, target: 'es2021', tsconfig: `${root}/tsconfig.json`}),
      ],
    },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  const app = site.koaApp.callback();
  ready = (req, res) => guard(req, res) || app(req, res);
  return {
    url: `${siteOrigin}/demo/`,
    featuresUrl: `${siteOrigin}/demo/features/`,
    mockOrigin,
    laneOrigin,
    mock,
    /** Where each server listens: `{name, address, port}`, for the tests and the start message. */
    listening: [
      ...siteServers.map(({address, port}) => ({name: 'site', address, port})),
      {name: 'mock', address: mockServer.address, port: mockServer.port},
      {name: 'lane', address: laneServer.address, port: laneServer.port},
    ],
    async stop() {
      for (const release of [...holds]) release();
      await site.stop();
      await Promise.all(siteServers.map((server) => server.close()));
      await laneServer.close();
      await mockServer.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const {values} = parseArgs({
    options: {
      port: {type: 'string'},
      'mock-port': {type: 'string'},
      'lane-port': {type: 'string'},
      ttl: {type: 'string'},
      host: {type: 'string'},
    },
  });
  const env = process.env;
  const demo = await startDemo({
    port: Number(values.port ?? env.PORT ?? 8000),
    mockPort: Number(values['mock-port'] ?? env.MOCK_PORT ?? 8787),
    lanePort: Number(values['lane-port'] ?? env.LANE_PORT ?? 8788),
    ttlMs: parseDuration(values.ttl ?? env.PILOTSTATUS_MOCK_TTL ?? '24h'),
    apiKey: env.PILOTSTATUS_API_KEY ?? DEFAULT_API_KEY,
    allowedOrigins: env.PILOTSTATUS_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()) ?? DEFAULT_ALLOWED_ORIGINS,
    host: values.host ?? (env.DEMO_HOST || undefined),
  });
  console.log(`Demo site:              ${demo.url}`);
  console.log(`Feature demos:          ${demo.featuresUrl}`);
  console.log(
    `Mock PilotStatus (API): ${demo.mockOrigin}  (x-api-key: ${env.PILOTSTATUS_API_KEY ? '$PILOTSTATUS_API_KEY' : DEFAULT_API_KEY})`,
  );
  console.log(`Network lane:           ${demo.laneOrigin}  (/slow/<ms>, /flaky, /moved in front of the mock)`);
  const where = [...new Set(demo.listening.map(({address}) => (address.includes(':') ? `[${address}]` : address)))];
  console.log(`Listening on:           ${where.join(', ')}`);
  console.log('Press Ctrl-C to stop them all.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
