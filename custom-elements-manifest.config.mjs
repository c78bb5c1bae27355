// `npm run analyze` writes custom-elements.json from the source; `npm test` fails when the committed
// file differs. Explicit globs: only the shipped modules, never tests, demo or build output.
import {readFileSync} from 'node:fs';
import {posix} from 'node:path';
import {shippedPath} from './scripts/dist-types.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default {
  globs: ['src/**/*.ts'],
  // Internal modules (the flow, the router, DOM helpers, styles) are not API: their exports would only be noise.
  exclude: [
    'src/**/*.test.ts',
    'src/flow.ts',
    'src/frame-router.ts',
    'src/dom.ts',
    'src/token-url-controller.ts',
    'src/fetch-token.ts',
    'src/pilotstatus-connect.styles.ts',
    // The backend half: functions for servers, not part of the element.
    'src/server.ts',
  ],
  outdir: '.',
  litelement: true,
  // package.json's "customElements" field is kept by hand: the analyzer would point it at whatever
  // --outdir it was given, including the scratch copy `npm test` compares against.
  packagejson: false,
  plugins: [
    {
      // The manifest documents the public API: private fields and methods are implementation details
      // that would only add noise to the generated docs and editor hints. Lit's internal reactive state
      // (`static properties = {_x: {state: true}}`) is not an attribute either, though the analyzer lists it.
      name: 'drop-private-members',
      packageLinkPhase({customElementsManifest}) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            const hidden = new Set(
              (declaration.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name),
            );
            if (declaration.members) declaration.members = declaration.members.filter((m) => !hidden.has(m.name));
            if (declaration.attributes) {
              declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
            }
          }
        }
      },
    },
    {
      // The manifest describes the package as it ships: modules are named by the files in the tarball
      // (`dist/index.js`, or `dist/events.d.ts` for a module that ships only as types), not by src/*.ts. Only
      // the public modules stay: the entries, what they re-export, and the element's own module; internal
      // helpers (texts, the token fetch) have no shipped file to point at.
      name: 'shipped-paths',
      packageLinkPhase({customElementsManifest}) {
        const {modules} = customElementsManifest;
        // `src/x.ts`, `src/x.js` or `./x.js` (relative to a module in src/) as `src/x`.
        const source = (from, specifier) =>
          posix.join(specifier.startsWith('.') ? posix.dirname(from) : '', specifier).replace(/\.(ts|js)$/, '');
        const isEntry = (path) => {
          const shipped = `./${shippedPath(pkg, path)}`;
          return Object.values(pkg.exports).some((t) => t === shipped || Object.values(t).includes(shipped));
        };
        const keep = new Set();
        for (const mod of modules) {
          if (!isEntry(mod.path)) continue;
          keep.add(source('', mod.path));
          for (const ex of mod.exports ?? []) {
            if (ex.declaration?.module) keep.add(source(mod.path, ex.declaration.module));
          }
        }
        for (const mod of modules) {
          if (mod.declarations?.some((d) => d.customElement)) keep.add(source('', mod.path));
        }
        customElementsManifest.modules = modules.filter((mod) => keep.has(source('', mod.path)));
        const rewrite = (node, from) => {
          if (Array.isArray(node)) return node.forEach((item) => rewrite(item, from));
          if (!node || typeof node !== 'object') return;
          for (const [key, value] of Object.entries(node)) {
            // The analyzer names a definition's class module from the root (`/src/x.js`) in some cases.
            if ((key === 'module' || key === 'path') && typeof value === 'string' && /^(\.|\/?src\/)/.test(value)) {
              node[key] = shippedPath(pkg, source(from, value.replace(/^\/(?=src\/)/, '')));
            } else rewrite(value, from);
          }
        };
        for (const mod of customElementsManifest.modules) {
          const from = mod.path;
          rewrite(mod.exports, from);
          rewrite(mod.declarations, from);
          mod.path = shippedPath(pkg, from);
        }
      },
    },
  ],
};
