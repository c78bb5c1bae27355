// A local stand-in for the PilotStatus Connect service, on its own loopback origin, so the demo and the
// tests run against a real second origin without reaching production.
//
// GET <any prefix>/connect/<token> serves a Connect page for that token:
// - the interactive page (default): the token, the buttons a phone would press, and `resize` posts from a
//   ResizeObserver, as the real page does;
// - the driver page (`driver: true`, for tests): posts nothing by itself and obeys commands from its parent
//   window, so a test can post every real message, malformed ones, bursts, or navigate the frame away.
// A query of `?opaque` adds `Content-Security-Policy: sandbox allow-scripts`: the document then has an
// opaque origin and everything it posts arrives with `event.origin === 'null'`.
import {createServer as createHttpServer} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, createServer as createNetServer} from 'node:net';

const CONNECT_PATH = /^(?:\/[^?#]*)?\/connect\/([^/?#]+)$/;

// In the frame: obey {drive: 'post' | 'navigate'} commands, but only from the parent window.
const DRIVER = `
addEventListener('message', (event) => {
  if (event.source !== parent || !event.data || typeof event.data.drive !== 'string') return;
  const command = event.data;
  if (command.drive === 'post') {
    for (const item of command.messages) {
      parent.postMessage('json' in item ? JSON.parse(item.json) : item.data, command.targetOrigin || '*');
    }
  } else if (command.drive === 'navigate') {
    location.href = command.url;
  }
});
`;

// The interactive page: it posts only to its parent's origin, learnt from the referrer the element sends.
const INTERACTIVE = `
const target = document.referrer ? new URL(document.referrer).origin : '*';
const post = (data) => parent.postMessage(data, target);
const byId = (id) => document.getElementById(id);
byId('scan').addEventListener('click', () =>
  post({type: 'connect:paired', numberId: 'num_' + crypto.randomUUID().slice(0, 8), redirectUrl: location.origin + '/done'}));
byId('fail').addEventListener('click', () => post({type: 'connect:error', message: 'The phone refused the pairing.'}));
byId('expire').addEventListener('click', () => post({type: 'connect:expired'}));
byId('grow').addEventListener('click', () => byId('extra').toggleAttribute('hidden'));
// The content's own height: scrollHeight would never report less than the frame's current height.
const measure = () => post({type: 'resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height)});
new ResizeObserver(measure).observe(document.documentElement);
`;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function connectPage(token, driver) {
  const body = driver
    ? `<p>Connect test driver for ${escapeHtml(token)}</p><script>${DRIVER}</script>`
    : `<main>
  <h1>Connect your WhatsApp number</h1>
  <p>Pairing link <code>${escapeHtml(token)}</code> (local mock of PilotStatus Connect).</p>
  <p><button id="scan">Simulate scan</button> <button id="fail">Simulate failure</button>
     <button id="expire">Expire link</button> <button id="grow">Show more</button></p>
  <p id="extra" hidden>Open WhatsApp › Linked devices › Link a device, then scan the code.</p>
</main><script>${INTERACTIVE}</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PilotStatus Connect (mock)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:16px}h1{font-size:1.25rem;margin:0 0 8px}</style>
</head><body>${body}</body></html>`;
}

/** The request handler of the mock service. */
export function createMockHandler({driver = false} = {}) {
  return (req, res) => {
    const url = new URL(req.url, 'http://mock.invalid');
    const match = CONNECT_PATH.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      res.writeHead(404, {'content-type': 'text/plain'}).end('not found');
      return;
    }
    const headers = {'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store'};
    if (url.searchParams.has('opaque')) headers['content-security-policy'] = 'sandbox allow-scripts';
    res.writeHead(200, headers).end(connectPage(decodeURIComponent(match[1]), driver));
  };
}

/**
 * Listens on `host:port` (0 picks a free port). With `tls` ({key, cert}), the same port answers both
 * `https:` and plain `http:`, told apart by the first byte (a TLS handshake starts with 0x16), so a test
 * can compare two origins that differ only in their scheme.
 */
export async function listen(handler, {host = '127.0.0.1', port = 0, tls} = {}) {
  const http = createHttpServer(handler);
  // Node's TLS socket reads the raw handle and would skip bytes put back with unshift(), so TLS
  // connections are piped to an internal https server instead.
  const https = tls ? await bind(createHttpsServer(tls, handler), '127.0.0.1', 0) : null;
  const sockets = new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk) => {
      if (https && chunk[0] === 0x16) {
        const upstream = connect(https.address().port, '127.0.0.1');
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => socket.destroy());
        upstream.write(chunk);
        socket.pipe(upstream).pipe(socket);
      } else {
        socket.pause();
        socket.unshift(chunk);
        http.emit('connection', socket);
        socket.resume();
      }
    });
  });
  await bind(server, host, port);
  return {
    port: server.address().port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([server, https].filter(Boolean).map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

function bind(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
