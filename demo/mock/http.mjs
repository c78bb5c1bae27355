// Loopback HTTP plumbing shared by the mock service, the demo server and the tests.
import {createServer as createHttpServer} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, createServer as createNetServer} from 'node:net';

/**
 * How long a client may take and how many may be connected at once, on every server in demo/. A client
 * that trickles its header bytes (slowloris) holds a socket for as long as the server lets it, so each
 * bound is finite; the tests pass smaller ones.
 * - `headersTimeout`: from the connection (or the end of the previous response) to the end of the headers;
 *   also the TLS handshake and, on the TLS-sniffing port, the wait for the first byte;
 * - `requestTimeout`: to the end of the request body (never the time a handler takes to answer: the demo
 *   holds some answers back on purpose, for a minute);
 * - `keepAliveTimeout`: an idle kept-alive connection;
 * - `maxConnections`: connections beyond it are closed as they arrive.
 */
export const DEFAULT_LIMITS = Object.freeze({
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 256,
});

function limitsOf(limits = {}) {
  const merged = {...DEFAULT_LIMITS, ...limits};
  // Node refuses a headersTimeout above requestTimeout.
  merged.requestTimeout = Math.max(merged.requestTimeout, merged.headersTimeout);
  return merged;
}

/**
 * Node checks headersTimeout and requestTimeout on a timer (every 30 s by default), so a client may outlive
 * the bound by that much: check a few times per bound instead.
 */
function httpOptions({headersTimeout, requestTimeout, keepAliveTimeout}) {
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout,
    connectionsCheckingInterval: Math.max(20, Math.min(1000, Math.floor(headersTimeout / 4))),
    // As the sockets of the net server these servers used to get their connections from: Nagle's algorithm
    // on. With it off, the feature pages' e2e test lost a race (a retry() read as 'ready') 5 runs of 5.
    noDelay: false,
  };
}

/**
 * Listens on `host:port` (0 picks a free port), within `limits` (see DEFAULT_LIMITS). With `tls`
 * ({key, cert}), the same port answers both `https:` and plain `http:`, told apart by the first byte (a TLS
 * handshake starts with 0x16), so a test can compare two origins that differ only in their scheme.
 */
export async function listen(handler, {host = '127.0.0.1', port = 0, tls, limits} = {}) {
  const bounds = limitsOf(limits);
  const http = createHttpServer(httpOptions(bounds), handler);
  if (!tls) {
    http.maxConnections = bounds.maxConnections;
    await bind(http, host, port);
    return {
      port: http.address().port,
      address: http.address().address,
      close: async () => {
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      },
    };
  }
  // Node arms the header and request timers of an http server only once it listens ('listening'), so the
  // one that parses the sniffed plain connections listens too, on a loopback port nothing else uses.
  await bind(http, '127.0.0.1', 0);
  // Node's TLS socket reads the raw handle and would skip bytes put back with unshift(), so TLS
  // connections are piped to an internal https server instead.
  const https = await bind(
    createHttpsServer({...tls, ...httpOptions(bounds), handshakeTimeout: bounds.headersTimeout}, handler),
    '127.0.0.1',
    0,
  );
  const sockets = new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // A client that connects and sends nothing never reaches the http server's timers.
    socket.setTimeout(bounds.headersTimeout, () => socket.destroy());
    socket.once('data', (chunk) => {
      socket.setTimeout(0);
      if (chunk[0] === 0x16) {
        const upstream = connect(https.address().port, '127.0.0.1');
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          // The https server dropped it (a timeout): drop the client too, even while it keeps sending.
          socket.destroy();
        });
        upstream.on('error', () => socket.destroy());
        socket.on('close', () => upstream.destroy());
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
  server.maxConnections = bounds.maxConnections;
  await bind(server, host, port);
  return {
    port: server.address().port,
    address: server.address().address,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      http.closeAllConnections();
      https.closeAllConnections();
      await Promise.all([server, http, https].map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

function bind(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** `port` when it is free on `host`, otherwise a free port the system picks. */
export async function freePort(port, host = '127.0.0.1') {
  const probe = createNetServer();
  try {
    await bind(probe, host, port);
  } catch {
    await bind(probe, host, 0);
  }
  const chosen = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  return chosen;
}
