import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// Runs after `tsc` has written dist/: bundles the unbundled ESM build with Lit inside, for pages that
// load one <script type="module"> from a CDN and have no bundler.
export default {
  input: 'dist/index.js',
  output: {
    file: 'dist/pilotstatus-connect.bundled.js',
    format: 'es',
  },
  // Lit's production build: the "development" export condition is deliberately not requested.
  plugins: [
    nodeResolve(),
    terser({
      ecma: 2021,
      module: true,
      format: {comments: false},
    }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
