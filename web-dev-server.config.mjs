// `npm start`: the demo page on http://localhost:8000 and the mock Connect service on
// http://127.0.0.1:8787 (another origin, as production Connect is). Ports: PORT and MOCK_PORT.
import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {createMockHandler, listen} from './demo/mock-pilotstatus.mjs';

const mockPort = Number(process.env.MOCK_PORT ?? 8787);
const mockOrigin = `http://127.0.0.1:${mockPort}`;

function mockConnectPlugin() {
  let server;
  return {
    name: 'mock-connect',
    async serverStart() {
      server = await listen(createMockHandler(), {port: mockPort});
      console.log(`Mock PilotStatus Connect on ${mockOrigin}`);
    },
    async serverStop() {
      await server?.close();
    },
    // The demo page reads the mock's origin from here, so MOCK_PORT needs no second edit.
    serve(context) {
      if (context.path === '/demo/config.json') return {body: JSON.stringify({baseUrl: mockOrigin}), type: 'json'};
      return undefined;
    },
  };
}

export default {
  rootDir: '.',
  hostname: 'localhost',
  port: Number(process.env.PORT ?? 8000),
  // The demo lives in demo/ beside the sources it imports; the bare address leads there.
  middleware: [
    (context, next) => {
      if (context.path === '/') {
        context.redirect('/demo/');
        return undefined;
      }
      return next();
    },
  ],
  nodeResolve: true,
  watch: false,
  plugins: [
    esbuildPlugin({ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url))}),
    mockConnectPlugin(),
  ],
};
