// What the demo site lets through before @web/dev-server sees a request. The dev server would otherwise serve
// every file under the repository (.git, the test TLS key, CI scripts, all of node_modules) to anyone who can
// reach it, and its /api routes mint pairing links with the tenant key for any page that posts to them.
import {readFileSync} from 'node:fs';
import {networkInterfaces} from 'node:os';

/** The names a browser on this machine uses for it; anything else in `Host` is DNS rebinding or a mistake. */
export const LOOPBACK_HOSTS = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** Whether `address` means every interface of this machine (loopback included). */
export const isWildcard = (address) => WILDCARDS.has(address);

/** `::1` → `[::1]`, as a hostname appears in a URL and in `Host`. */
const asUrlHost = (address) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/**
 * The host names the site answers to: the loopback names, plus the address it was told to listen on (for a
 * wildcard, every address of this machine, since a client may use any of them).
 */
export function siteHostNames(listenHost) {
  const names = new Set(LOOPBACK_HOSTS);
  if (listenHost && !WILDCARDS.has(listenHost)) names.add(asUrlHost(listenHost.toLowerCase()));
  if (listenHost && WILDCARDS.has(listenHost)) {
    for (const entries of Object.values(networkInterfaces())) {
      for (const {address} of entries ?? []) names.add(asUrlHost(address.toLowerCase()));
    }
  }
  return names;
}

/**
 * The packages whose files the demo imports in the browser: the package's runtime dependencies (Lit) and
 * theirs, as the dev server's node-resolve rewrites bare imports to /node_modules/<name>/….
 */
export function runtimePackages(root) {
  const seen = new Set();
  const visit = (dir) => {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
    } catch {
      return;
    }
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      visit(`${root}node_modules/${name}/`);
    }
  };
  visit(root);
  return seen;
}

/** The request path as the dev server's static files will read it (percent-decoded), or null if unsafe. */
function decodedPath(rawUrl) {
  const path = (rawUrl ?? '').split(/[?#]/, 1)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  // Dot segments (`..`, `.git`, `.ci`), backslashes and NUL bytes are never part of what the demo serves;
  // refusing them here means the allow-list below reads the same path the file server would open.
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return null;
  return decoded.split('/').some((segment) => segment.startsWith('.')) ? null : decoded;
}

/** Whether the demo needs `path`: its pages, the element's modules, the bundled build, and Lit. */
export function isServedPath(path, {apiRoutes, packages}) {
  if (path === '/' || apiRoutes.has(path)) return true;
  // The demo's pages and their assets; demo/mock/ and the servers are Node code, not for the browser.
  if (path.startsWith('/demo/') && !path.startsWith('/demo/mock/')) {
    return path.endsWith('/') || /\.(?:html|css|js|svg|png)$/.test(path);
  }
  // The element from source (transpiled on request) and the built files a site loads.
  // A file name may have inner dots (`pilotstatus-connect.styles.ts`); a segment never starts with one.
  if (/^\/src\/(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:ts|js)$/.test(path)) return true;
  if (/^\/dist\/[\w.-]+\.js$/.test(path)) return true;
  const module = /^\/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\/[\w./-]+\.js$/.exec(path);
  return Boolean(module && packages.has(module[1]));
}

/**
 * Whether a browser sent this `/api` request from one of `ownOrigins`. Browsers send `Origin` on every
 * POST and `Sec-Fetch-Site` on every request, so a page elsewhere (another site, another port of localhost,
 * a sandboxed frame with origin `null`) is refused even for a "simple" text/plain POST that needs no CORS
 * preflight. A request with neither header does not come from a browser page (curl, the tests' fetch):
 * it cannot carry a victim's session, and is let through.
 */
export function isOwnOrigin(headers, ownOrigins) {
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin !== undefined && !ownOrigins.has(origin)) return false;
  if (site !== undefined && site !== 'same-origin') return false;
  return true;
}

/** The hostname of a `Host` header value (lowercased, IPv6 in brackets), or null when it does not parse. */
function hostName(host) {
  if (typeof host !== 'string' || !host) return null;
  try {
    const url = new URL(`http://${host}`);
    return url.host === host.toLowerCase() || url.host === host.toLowerCase().replace(/:80$/, '') ? url.hostname : null;
  } catch {
    return null;
  }
}

/**
 * The guard in front of the demo site's request handler: `guard(req, res)` answers and returns true when
 * it refuses the request, returns false to let it through.
 *   421  a `Host` that is not one of `hostNames` (DNS rebinding: a page on evil.example whose name now
 *        resolves to 127.0.0.1 would otherwise read and post as if it were the demo);
 *   404  a path the demo does not need (see isServedPath());
 *   403  an /api request sent by a page of another origin (cross-site request forgery).
 */
export function createGuard({port, hostNames, apiRoutes, packages}) {
  const ownOrigins = new Set([...hostNames].map((name) => `http://${name}:${port}`));
  const refuse = (res, status, message) => {
    res.writeHead(status, {'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store'});
    res.end(`${message}\n`);
    return true;
  };
  return (req, res) => {
    if (!hostNames.has(hostName(req.headers.host))) {
      return refuse(res, 421, 'This demo answers only to localhost, 127.0.0.1 and [::1] (see demo/README.md).');
    }
    const path = decodedPath(req.url);
    if (path === null || !isServedPath(path, {apiRoutes, packages})) return refuse(res, 404, 'Not found.');
    if (path.startsWith('/api/') && !isOwnOrigin(req.headers, ownOrigins)) {
      return refuse(res, 403, 'The demo backend answers only its own pages.');
    }
    return false;
  };
}
