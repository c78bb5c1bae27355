// Runs the README's "Your backend" recipes as they stand there (shared by server-recipes.test.mjs and its
// end-to-end twin; not a test file itself). Each snippet is written to a scratch folder inside the package,
// so `hono` and `express` resolve from node_modules, with two edits: the package import points at the built
// dist/server.js, and Next.js's `@/lib/session` at the folder's session.js (a cookie check standing in for
// the app's own session). It is then mounted as its framework would: behind a site on 127.0.0.1 that also
// serves the no-code page and the element's bundled build, against its own mock PilotStatus.
import {randomUUID} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {transform} from 'esbuild';
import {listen} from '../../demo/mock/http.mjs';
import {DEFAULT_TTL_MS, createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';
import {toNodeListener} from '../../dist/server.js';

const root = new URL('../../', import.meta.url);
const scratch = new URL(`node_modules/.cache/server-recipes/${process.pid}/`, root);

export const RECIPES = ['server-nextjs', 'server-hono', 'server-express', 'server-node', 'server-function'];

/** The user the session cookie `session=valid` stands for. */
export const USER = {company: 'Acme', whatsappNumber: '5511988887777'};
export const SESSION_COOKIE = {name: 'session', value: 'valid'};

const SESSION_JS = `
export async function currentUser(request) {
  const cookie = request.headers.get('cookie') ?? '';
  return /(?:^|;\\s*)session=valid(?:;|$)/.test(cookie) ? ${JSON.stringify(USER)} : null;
}
`;

/** The code block between `<!-- snippet:<name> -->` markers in README.md, and its language. */
export function readmeSnippet(name) {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const section = readme.split(`<!-- snippet:${name} -->`)[1]?.split(`<!-- /snippet:${name} -->`)[0] ?? '';
  const match = /```(js|ts)\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`README.md has no js or ts block between snippet:${name} markers`);
  return {lang: match[1], code: match[2]};
}

/** The snippet as a module file, its imports pointed at the build and the test session. */
async function writeRecipe(name) {
  const {lang, code} = readmeSnippet(name);
  const serverModule = pathToFileURL(fileURLToPath(new URL('dist/server.js', root))).href;
  let source = code
    .replaceAll(`'@pilotstatus/connect-element/server'`, JSON.stringify(serverModule))
    .replaceAll(`'@/lib/session'`, `'./session.js'`);
  if (!source.includes(serverModule)) throw new Error(`snippet:${name} does not import the server module`);
  if (lang === 'ts') source = (await transform(source, {loader: 'ts', format: 'esm', target: 'es2022'})).code;
  const dir = new URL(`${name}/`, scratch);
  mkdirSync(dir, {recursive: true});
  writeFileSync(new URL('session.js', dir), SESSION_JS);
  const file = new URL('recipe.mjs', dir);
  writeFileSync(file, source);
  return file;
}

const isTokenPath = (url) => new URL(url).pathname === '/api/pairing-token';
const notFound = () => new Response('not found', {status: 404});

/** A `(req, res)` listener for the recipe's module, mounted the way its framework mounts it. */
function listenerOf(name, mod, env) {
  switch (name) {
    case 'server-nextjs':
      // app/api/pairing-token/route.ts: Next.js calls the exported POST for that path and answers 405 for
      // methods the module does not export.
      return toNodeListener((request) => {
        if (!isTokenPath(request.url)) return notFound();
        return request.method === 'POST' ? mod.POST(request) : new Response(null, {status: 405});
      });
    case 'server-hono':
      // What @hono/node-server (or Bun, Deno, a worker) does with `export default app`: call app.fetch.
      return toNodeListener((request) => mod.default.fetch(request));
    case 'server-express':
      return mod.app;
    case 'server-node':
      return mod.server.listeners('request')[0];
    case 'server-function':
      // A worker bound to the route /api/pairing-token, with its secrets in `env`.
      return toNodeListener((request) => (isTokenPath(request.url) ? mod.default.fetch(request, env) : notFound()));
    default:
      throw new Error(`unknown recipe ${name}`);
  }
}

/**
 * Starts recipe `name`: its mock PilotStatus (a fresh key), and the site in front of it. With
 * `expireFirstLinkAfterMs`, the mock's clock jumps ahead once the first link's Connect page is requested, as
 * if that page had been left open for a day, so that link expires that many milliseconds later and every
 * later one lives a full day.
 */
export async function startRecipe(name, {expireFirstLinkAfterMs} = {}) {
  const apiKey = `ps_recipe_${randomUUID()}`;
  let skew = 0;
  const mock = createMockPilotStatus({apiKey, now: () => Date.now() + skew});
  const mockServer = await listen((req, res) => {
    if (
      expireFirstLinkAfterMs !== undefined &&
      skew === 0 &&
      req.method === 'GET' &&
      /\/connect\/[^/]+$/.test(req.url)
    ) {
      skew = DEFAULT_TTL_MS - expireFirstLinkAfterMs;
    }
    mock.handler(req, res);
  });
  const mockOrigin = `http://127.0.0.1:${mockServer.port}`;
  const env = {PILOTSTATUS_API_KEY: apiKey, PILOTSTATUS_API: mockOrigin, PAIRING_NUMBER: USER.whatsappNumber};

  const file = await writeRecipe(name);
  // The recipes read process.env when they load (the worker reads `env` per request instead).
  const saved = {...process.env};
  Object.assign(process.env, env);
  let mod;
  try {
    mod = await import(`${file.href}?${randomUUID()}`);
  } finally {
    for (const key of Object.keys(env)) {
      if (key in saved) process.env[key] = saved[key];
      else Reflect.deleteProperty(process.env, key);
    }
  }
  // The client example mints its link as it loads, and serves nothing.
  const recipe = name === 'server-client' ? null : listenerOf(name, mod, env);

  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Connect WhatsApp</title></head>
<body>
<script type="module" src="/dist/pilotstatus-connect.bundled.js"></script>
<pilotstatus-connect token-url="/api/pairing-token" base-url="${mockOrigin}"></pilotstatus-connect>
</body>
</html>`;
  const bundle = readFileSync(new URL('dist/pilotstatus-connect.bundled.js', root));
  const site = await listen((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
      return res.end(page);
    }
    if (req.method === 'GET' && req.url === '/dist/pilotstatus-connect.bundled.js') {
      res.writeHead(200, {'content-type': 'text/javascript; charset=utf-8'});
      return res.end(bundle);
    }
    // The chunks beside it, as the README says to upload them: token-url loads its request code from there.
    const chunk = req.method === 'GET' && /^\/dist\/chunks\/[\w-]+\.js$/.exec(req.url ?? '');
    if (chunk) {
      res.writeHead(200, {'content-type': 'text/javascript; charset=utf-8'});
      return res.end(readFileSync(new URL(chunk[0].slice(1), root)));
    }
    if (recipe) return recipe(req, res);
    res.writeHead(404);
    return res.end();
  });
  return {
    origin: `http://127.0.0.1:${site.port}`,
    mockOrigin,
    mock,
    apiKey,
    async close() {
      await site.close();
      await mockServer.close();
    },
  };
}

/** Removes this process's scratch folder. */
export function cleanUp() {
  rmSync(scratch, {recursive: true, force: true});
}
