import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

/**
 * Serves `/__harness/<name>.js`: test/frameworks/<name>.harness.js bundled with esbuild on request. React
 * ships CommonJS only, which the dev server's node-resolve cannot hand to a browser; a bundle is what an
 * app's own bundler would build. The harness imports the built dist/ files, so the shipped code is tested.
 */
export function frameworkHarnessPlugin() {
  return {
    name: 'framework-harness',
    async serve(context) {
      const match = /^\/__harness\/([a-z-]+)\.js$/.exec(context.path);
      if (!match) return undefined;
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`../frameworks/${match[1]}.harness.js`, import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        // Development builds: their warnings (unknown props, hydration, Vue's) show up in the test output.
        define: {
          'process.env.NODE_ENV': '"development"',
          __VUE_OPTIONS_API__: 'true',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
      });
      return {body: result.outputFiles[0].text, type: 'js'};
    },
  };
}
