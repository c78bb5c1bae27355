// `npm start`: the demo SaaS site (http://localhost:8000) and the mock PilotStatus service
// (http://127.0.0.1:8787), each on the next free port when its default is taken. Ctrl-C stops both.
//
//   node demo/server.mjs [--port 8000] [--mock-port 8787] [--ttl 24h]
//   env: PORT, MOCK_PORT, PILOTSTATUS_MOCK_TTL (e.g. 30s, to watch a link expire), PILOTSTATUS_API_KEY,
//        PILOTSTATUS_ALLOWED_ORIGINS (comma-separated; entries may end in :* for any port)
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {startDevServer} from '@web/dev-server';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {freePort, listen} from './mock/http.mjs';
import {
  DEFAULT_ALLOWED_ORIGINS,
  DEFAULT_API_KEY,
  DEFAULT_TTL_MS,
  createMockPilotStatus,
  parseDuration,
} from './mock/pilotstatus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 16_384) throw new Error('body too large');
  }
  return JSON.parse(text || '{}');
}

/**
 * The demo site's backend route. It holds the tenant key (the browser never sees it), asks PilotStatus for
 * a pairing link, and returns only the token, as the Embed Connect docs prescribe.
 */
function pairingTokenRoute({mockOrigin, apiKey}) {
  const linkPattern = new RegExp(`^${mockOrigin.replace(/[.]/g, '\\.')}/connect/(${UUID})$`);
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
    const response = await fetch(`${mockOrigin}/v1/numbers/remote-pairing`, {
      method: 'POST',
      headers: {'x-api-key': apiKey, 'content-type': 'application/json'},
      body: JSON.stringify({
        name: form.name,
        number: typeof form.number === 'string' ? form.number.replace(/\D/g, '') : form.number,
        sendViaWhatsApp: false,
        ...(form.provider === 'META' ? {provider: 'META'} : {}),
      }),
    });
    const answer = await response.json();
    if (!response.ok) {
      context.status = response.status;
      context.body = {message: answer.message, field: answer.field};
      return undefined;
    }
    const token = linkPattern.exec(answer.remotePairingUrl)?.[1];
    if (!token) {
      context.status = 502;
      context.body = {message: 'PilotStatus answered with an unexpected pairing link.'};
      return undefined;
    }
    context.body = {token, baseUrl: mockOrigin, maskedNumber: answer.maskedNumber};
    return undefined;
  };
}

/** Starts the mock service and the demo site; resolves to their addresses and a `stop()`. */
export async function startDemo({
  port = 8000,
  mockPort = 8787,
  ttlMs = DEFAULT_TTL_MS,
  apiKey = DEFAULT_API_KEY,
  allowedOrigins = DEFAULT_ALLOWED_ORIGINS,
} = {}) {
  const mock = createMockPilotStatus({ttlMs, apiKey, allowedOrigins});
  const mockServer = await listen(mock.handler, {port: await freePort(mockPort)});
  const mockOrigin = `http://127.0.0.1:${mockServer.port}`;
  const sitePort = await freePort(port);
  const site = await startDevServer({
    config: {
      rootDir: root,
      hostname: 'localhost',
      port: sitePort,
      nodeResolve: true,
      middleware: [
        (context, next) => {
          if (context.path !== '/') return next();
          context.redirect('/demo/');
          return undefined;
        },
        pairingTokenRoute({mockOrigin, apiKey}),
      ],
      plugins: [esbuildPlugin({ts: true, tsconfig: `${root}/tsconfig.json`})],
    },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  return {
    url: `http://localhost:${sitePort}/demo/`,
    mockOrigin,
    mock,
    async stop() {
      await site.stop();
      await mockServer.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const {values} = parseArgs({
    options: {port: {type: 'string'}, 'mock-port': {type: 'string'}, ttl: {type: 'string'}},
  });
  const env = process.env;
  const demo = await startDemo({
    port: Number(values.port ?? env.PORT ?? 8000),
    mockPort: Number(values['mock-port'] ?? env.MOCK_PORT ?? 8787),
    ttlMs: parseDuration(values.ttl ?? env.PILOTSTATUS_MOCK_TTL ?? '24h'),
    apiKey: env.PILOTSTATUS_API_KEY ?? DEFAULT_API_KEY,
    allowedOrigins: env.PILOTSTATUS_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()) ?? DEFAULT_ALLOWED_ORIGINS,
  });
  console.log(`Demo site:              ${demo.url}`);
  console.log(
    `Mock PilotStatus (API): ${demo.mockOrigin}  (x-api-key: ${env.PILOTSTATUS_API_KEY ? '$PILOTSTATUS_API_KEY' : DEFAULT_API_KEY})`,
  );
  console.log('Press Ctrl-C to stop both.');
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
