import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// Runs after `tsc` has compiled src/ to build/tsc/ (and written the .d.ts files to dist/).
const input = 'build/tsc/index.js';

const minify = terser({
  ecma: 2021,
  module: true,
  format: {comments: false},
  // Our private members (`_frame`, `_handleMessage`, …) are never read from outside the element, so their
  // names can shrink. Lit's own internals are `_$`-prefixed (or already minified) and never match.
  mangle: {properties: {regex: /^_[a-z]/}},
});

const onwarn = (warning, warn) => {
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
};

export default [
  {
    // For bundlers and import maps: Lit stays an import, so an app that already uses Lit ships one copy.
    input,
    external: (id) => id === 'lit' || id.startsWith('lit/'),
    output: {file: 'dist/index.js', format: 'es'},
    plugins: [minify],
    onwarn,
  },
  {
    // For a CDN <script type="module"> and pages without a bundler: one file, Lit inside (its production
    // build: the "development" export condition is deliberately not requested).
    input,
    output: {file: 'dist/pilotstatus-connect.bundled.js', format: 'es'},
    plugins: [nodeResolve(), minify],
    onwarn,
  },
];
