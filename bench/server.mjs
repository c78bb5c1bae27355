// The bench page's own origin, http://localhost:<port>: a few fixed files from memory, nothing else.
import {createServer} from 'node:http';

const TYPES = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8'};

/**
 * Serves `files` (a map of path to text) on loopback. `localhost` may resolve to either address family in
 * the browser, so the port is bound on ::1 too where the machine has IPv6.
 */
export async function serveFiles(files) {
  const handler = (req, res) => {
    const path = new URL(req.url, 'http://bench.invalid').pathname;
    const body = files.get(path);
    if (req.method !== 'GET' || body === undefined) {
      res.writeHead(404, {'content-type': 'text/plain'}).end('not found');
      return;
    }
    // no-store: a script loaded again from the HTTP cache would get V8's code cache, and a warmer start.
    const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? TYPES['.html'];
    res.writeHead(200, {'content-type': type, 'cache-control': 'no-store'}).end(body);
  };
  const servers = [createServer(handler)];
  const port = await bind(servers[0], '127.0.0.1', 0);
  const v6 = createServer(handler);
  if (await bind(v6, '::1', port).catch(() => null)) servers.push(v6);
  return {
    port,
    close: () =>
      Promise.all(
        servers.map((server) => {
          const closed = new Promise((resolve) => server.close(resolve));
          server.closeAllConnections();
          return closed;
        }),
      ),
  };
}

function bind(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}
