import {createRequire} from 'node:module';
import {build} from 'esbuild';

/**
 * `import FakeTimers from '@sinonjs/fake-timers'` in a browser test: the package is CommonJS only, and the dev
 * server does not convert CommonJS, so its file is served as one ES module bundled by esbuild (its default
 * export is the package's `module.exports`, as Node's own import of it gives). The Node built-ins it asks for
 * inside try/catch stay out; in a browser it uses the page's own timers.
 */
export function fakeTimersPlugin() {
  const entry = createRequire(import.meta.url).resolve('@sinonjs/fake-timers');
  let bundled;
  return {
    name: 'fake-timers-esm',
    async serve(context) {
      if (!context.path.endsWith('/node_modules/@sinonjs/fake-timers/src/fake-timers-src.js')) return undefined;
      bundled ??= build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        external: ['util', 'timers', 'timers/promises', 'perf_hooks'],
      }).then((result) => result.outputFiles[0].text);
      return {body: await bundled, type: 'js'};
    },
  };
}
