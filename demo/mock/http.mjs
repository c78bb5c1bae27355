// Loopback HTTP plumbing shared by the mock service, the demo server and the tests.
import {createServer as createHttpServer} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, createServer as createNetServer} from 'node:net';

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
