// HTTP clients that browsers and fetch() cannot be: any Host header, any raw path, a client that never
// finishes its request. Loopback (127.0.0.1) only.
import {request} from 'node:http';
import {connect} from 'node:net';
import {connect as tlsConnect} from 'node:tls';

/** One request to 127.0.0.1:`port` with exactly these headers (Host included) and this raw path. */
export function send(port, {path = '/', method = 'GET', headers = {}, body} = {}) {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, method, headers, setHost: false, agent: false}, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: text}));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A slow client (slowloris): connects to 127.0.0.1:`port` and sends the start of a request, then one more
 * byte or line every `every` ms, never finishing it. `what`: `headers` (header lines), `body` (a POST whose
 * body never arrives in full, to `path`) or `nothing` (sends no byte at all). Resolves once the server
 * closes the connection, or after `cap` ms if it never does, to `{closed, ms, answer}`.
 */
export function slowClient(port, {what = 'headers', path = '/', every = 100, cap = 5_000, tls = false} = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = tls ? tlsConnect({host: '127.0.0.1', port, rejectUnauthorized: false}) : connect(port, '127.0.0.1');
    let answer = '';
    let timer;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({closed, ms: performance.now() - started, answer});
    };
    const giveUp = setTimeout(() => finish(false), cap);
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (what === 'nothing') return;
      if (what === 'body') {
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ps_demo_tenant_key\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
        );
        timer = setInterval(() => socket.write(' '), every);
      } else {
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
        timer = setInterval(() => socket.write('X-Slow: 1\r\n'), every);
      }
    });
  });
}

/** Opens a connection and resolves to it once connected, or to null if the server closes it first. */
export function openConnection(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.once('connect', () => {
      // A server at its connection limit accepts and closes at once: wait a moment to tell the two apart.
      const settle = setTimeout(() => resolve(socket), 200);
      socket.once('close', () => {
        clearTimeout(settle);
        resolve(null);
      });
    });
  });
}
