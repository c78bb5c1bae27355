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

// Our own modules must not inherit package.json's "sideEffects" list (written for the dist/ files users
// import), which node-resolve applies to every file of the package: it would let rollup drop
// `import './pilotstatus-connect.js'`, the element's definition.
const ownModulesHaveSideEffects = {
  name: 'own-modules-have-side-effects',
  async resolveId(source, importer, options) {
    if (!source.startsWith('.')) return null;
    const resolved = await this.resolve(source, importer, {...options, skipSelf: true});
    return resolved && {...resolved, moduleSideEffects: true};
  },
};
const resolve = () => [ownModulesHaveSideEffects, nodeResolve()];

// Terser leaves template literals alone, so the indentation of our css`` and html`` templates would ship.
// Our templates hold no <pre>, no strings with meaningful runs of spaces and no backticks in expressions:
// collapsing whitespace (and, in CSS, the spaces around punctuation) is safe for them.
const minifyTemplates = {
  name: 'minify-templates',
  transform(code, id) {
    if (!id.includes('/build/tsc/')) return null;
    const out = code.replace(/\b(css|html) ?`([^`]*)`/g, (_, tag, body) => {
      const parts = body.split(/(\$\{[^}]*\})/);
      const squeezed = parts.map((part, i) => {
        if (i % 2) return part;
        let text = part.replace(/\s+/g, ' ');
        if (tag === 'css')
          text = text
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}');
        return text;
      });
      return `${tag}\`${squeezed.join('').trim()}\``;
    });
    return out === code ? null : {code: out, map: null};
  },
};

const isLit = (id) => id === 'lit' || id.startsWith('lit/');

const onwarn = (warning, warn) => {
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
};

export default [
  {
    // For bundlers and import maps: Lit stays an import, so an app that already uses Lit ships one copy.
    input,
    external: isLit,
    output: {file: 'dist/index.js', format: 'es'},
    plugins: [minifyTemplates, ownModulesHaveSideEffects, minify],
    onwarn,
  },
  {
    // `open`/`mount` as ESM (`@pilotstatus/connect-element/embed`), a second entry so that an app using only
    // the tag never downloads the modal. It imports the element from dist/index.js rather than carrying a copy.
    input: 'build/tsc/embed.js',
    external: (id) => isLit(id) || id.endsWith('/pilotstatus-connect.js'),
    output: {
      file: 'dist/open.js',
      format: 'es',
      paths: (id) => (isLit(id) ? id : './index.js'),
    },
    plugins: [minifyTemplates, ownModulesHaveSideEffects, minify],
    onwarn,
  },
  {
    // For a CDN <script type="module"> and pages without a bundler: the element alone, Lit inside (its
    // production build: the "development" export condition is deliberately not requested). The modal and
    // inline helpers live in dist/embed.js and dist/index.js, so this file stays within its budget.
    input: 'build/tsc/pilotstatus-connect.js',
    output: {file: 'dist/pilotstatus-connect.bundled.js', format: 'es'},
    plugins: [minifyTemplates, ...resolve(), minify],
    onwarn,
  },
  {
    // The drop-in for the existing SDK: one classic script (no type="module") that defines the element
    // and window.PilotStatus.
    input: 'build/tsc/embed-global.js',
    output: {file: 'dist/embed.js', format: 'iife'},
    plugins: [minifyTemplates, ...resolve(), minify],
    onwarn,
  },
];
