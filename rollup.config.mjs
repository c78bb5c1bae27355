import {nodeResolve} from '@rollup/plugin-node-resolve';
import {readFile} from 'node:fs/promises';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

// Runs after `tsc` has compiled src/ to build/tsc/ (and written the .d.ts files to dist/).
const input = 'build/tsc/index.js';

// `ascii_only`: shipped scripts are ASCII (\u escapes for "\u00d7", accented texts, ...), so a page without
// <meta charset="utf-8"> still shows them right. It costs nothing measurable in gzip.
const terserOptions = (propertyNames) => ({
  ecma: 2021,
  module: true,
  // Two passes: 32 B less on the bundled build, 47 B on embed.js; a third pass gains nothing.
  compress: {passes: 2},
  format: {comments: false, ascii_only: true},
  // Our private members (`_frame`, `_handleMessage`, …) are never read from outside the element, so their
  // names can shrink. Lit's own internals are `_$`-prefixed (or already minified) and never match.
  mangle: {properties: {regex: /^_[a-z]/, ...(propertyNames && {nth_identifier: propertyNames})}},
});

// Where Lit stays an import, terser cannot see Lit's property names and would reuse them: Lit's production
// build has minified members such as `C` (its changeProperty), and a private method of ours shortened to
// `C` overrode it, so no property change ever reached the element once an app bundled Lit's production
// build. Names of the form `_a`, `_b`, …, `_aa` cannot collide: Lit's minified names are bare letters or
// `_$`-prefixed, and its development names are long. Where Lit is bundled in, terser sees its names and
// avoids them itself. Measured: terser's default names would save 19 B gzip on dist/index.js (7,188 B against
// 7,207 B) and include `C`, `P`, `t`, `o`, … all of them Lit's; test/node/mangle.test.mjs fails on any such
// collision, whatever the generator.
// (Self-contained: the plugin hands this function to its workers as source text.)
const underscoredNames = {
  get(n) {
    const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let name = '';
    do {
      name += LETTERS[n % LETTERS.length];
      n = Math.floor(n / LETTERS.length);
    } while (n > 0);
    return `_${name}`;
  },
};
const minify = terser(terserOptions());
const minifyBesideLit = terser(terserOptions(underscoredNames));

// Our own modules must not inherit package.json's "sideEffects" list (written for the dist/ files users
// import), which node-resolve applies to every file of the package: it would let rollup drop
// `import './define.js'`, the element's definition.
const ownModulesHaveSideEffects = {
  name: 'own-modules-have-side-effects',
  async resolveId(source, importer, options) {
    if (!source.startsWith('.')) return null;
    const resolved = await this.resolve(source, importer, {...options, skipSelf: true});
    return resolved && {...resolved, moduleSideEffects: true};
  },
};
const resolve = () => [ownModulesHaveSideEffects, nodeResolve()];

// tsc writes a source map beside each file of build/tsc/ (with the TypeScript inside it); handing it to rollup
// with the code lets the maps of the ESM builds lead back to src/*.ts, whose text they carry (src/ does not
// ship: the maps' `sourcesContent` is what a debugger shows).
const tscSourceMaps = {
  name: 'tsc-source-maps',
  async load(id) {
    if (!id.includes('/build/tsc/')) return null;
    const [code, map] = await Promise.all([readFile(id, 'utf8'), readFile(`${id}.map`, 'utf8')]);
    return {code: code.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map};
  },
};

// Terser leaves template literals alone, so the indentation of our css`` and html`` templates would ship.
// The Lit team's maintained minifier parses each tagged template (html-minifier-next for HTML, lightningcss
// for CSS) and keeps the expressions in place, so templates may nest and hold any markup. Only our own
// modules: Lit's production build is minified already. `failOnError`: a template it cannot parse fails the
// build instead of shipping unminified with a warning. The CSS targets are the oldest engines that can run the
// element at all (CustomStateSet, `:state()`: Chrome 125, Firefox 126, Safari 17.4; Firefox ESR 128): lightningcss
// neither rewrites our CSS for older ones nor writes syntax newer than these (it turns `min-width` into range
// syntax only where every target has it).
const minifyTemplates = minifyHTML({
  include: ['build/tsc/**/*.js'],
  failOnError: true,
  options: {
    minifyOptions: {minifyCSS: {targets: {chrome: 125 << 16, firefox: 128 << 16, safari: (17 << 16) | (5 << 8)}}},
  },
});

// What the ESM builds load only when a page uses the feature (token-url's request code): beside the entry, in
// dist/chunks/, named by content so a CDN can cache them for good. Each build writes its own (a chunk imports
// what it shares from its own entry: 'allow-extension' lets the entry export those bindings too, where rollup
// would otherwise move them to a third file that every page then loads).
const chunkFileNames = 'chunks/[name]-[hash].js';

// dist/embed.js is one classic script: there each lazy chunk's loader is a static import (a dynamic import
// inlined by rollup would also build a namespace object of every export).
const tsc = (file) => JSON.stringify(new URL(`build/tsc/${file}`, import.meta.url).pathname);
const EAGER = {
  './load-fetch-token.js': `import {fetchToken} from ${tsc('fetch-token.js')};
export const loadFetchToken = () => Promise.resolve(fetchToken);`,
  './load-explain.js': `import {explain} from ${tsc('explain.js')};
export const loadExplain = () => Promise.resolve(explain);`,
};
const eagerChunks = {
  name: 'eager-chunks',
  resolveId: (source) => (Object.hasOwn(EAGER, source) ? `\0eager${source}` : null),
  load: (id) => (id.startsWith('\0eager') ? EAGER[id.slice('\0eager'.length)] : null),
};

const isLit = (id) => id === 'lit' || id.startsWith('lit/');
const isReact = (id) => id === 'react' || id.startsWith('react/');
const isElement = (id) => id.endsWith('/define.js') || id.endsWith('/pilotstatus-connect.js');

const onwarn = (warning, warn) => {
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
};

export default [
  {
    // For bundlers and import maps: Lit stays an import, so an app that already uses Lit ships one copy.
    input,
    external: isLit,
    output: {dir: 'dist', entryFileNames: 'index.js', chunkFileNames, format: 'es', sourcemap: true},
    preserveEntrySignatures: 'allow-extension',
    plugins: [tscSourceMaps, minifyTemplates, ownModulesHaveSideEffects, minifyBesideLit],
    onwarn,
  },
  {
    // `@pilotstatus/connect-element/embed`: `open`/`mount` re-exported from dist/index.js, which has them too
    // (one copy on a page that imports both).
    input: 'build/tsc/open.js',
    external: (id) => id.endsWith('/index.js'),
    output: {file: 'dist/open.js', format: 'es', paths: () => './index.js'},
    plugins: [ownModulesHaveSideEffects],
    onwarn,
  },
  {
    // `@pilotstatus/connect-element/react`: the @lit/react wrapper. React stays an import (an optional peer
    // dependency); @lit/react is bundled in, so the package keeps Lit as its one dependency. It imports the
    // element from dist/index.js rather than carrying a copy.
    // 'use client' (React Server Components): the wrapper uses hooks, so a server component that imports it
    // must get a client reference, not the code. A directive inside src/react.ts would draw rollup's
    // MODULE_LEVEL_DIRECTIVE warning and be dropped from the bundle; the banner is the chunk's first line,
    // and terser keeps it only when told to keep directives it does not know.
    input: 'build/tsc/react.js',
    external: (id) => isLit(id) || isReact(id) || isElement(id),
    output: {
      file: 'dist/react.js',
      format: 'es',
      paths: (id) => (isElement(id) ? './index.js' : id),
      banner: "'use client';",
      sourcemap: true,
    },
    plugins: [
      tscSourceMaps,
      ownModulesHaveSideEffects,
      nodeResolve(),
      terser({...terserOptions(), compress: {directives: false}}),
    ],
    onwarn,
  },
  {
    // For a CDN <script type="module"> and pages without a bundler: the element alone, Lit inside (its
    // production build: the "development" export condition is deliberately not requested). The modal and
    // inline helpers live in dist/embed.js and dist/index.js, so this file stays within its budget.
    input: 'build/tsc/define.js',
    output: {
      dir: 'dist',
      entryFileNames: 'pilotstatus-connect.bundled.js',
      chunkFileNames,
      format: 'es',
      sourcemap: true,
    },
    preserveEntrySignatures: 'allow-extension',
    plugins: [tscSourceMaps, minifyTemplates, ...resolve(), minify],
    onwarn,
  },
  {
    // The drop-in for the existing SDK: one classic script (no type="module") that defines the element
    // and window.PilotStatus.
    input: 'build/tsc/embed.global.js',
    output: {file: 'dist/embed.js', format: 'iife'},
    plugins: [eagerChunks, minifyTemplates, ...resolve(), minify],
    onwarn,
  },
  {
    // `@pilotstatus/connect-element/server`, for backends: unminified (a server reads its stack traces),
    // with only the pure checks of urls.ts inlined. Anything else it imported would stay an import, and it
    // imports nothing else: it must run on Node, Deno, Bun and edge runtimes with no dependency.
    input: 'build/tsc/server.js',
    external: (id, importer) => Boolean(importer) && !/(^|\/)urls\.js$/.test(id),
    output: {file: 'dist/server.js', format: 'es'},
    onwarn,
  },
];
