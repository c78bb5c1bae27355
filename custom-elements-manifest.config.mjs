// `npm run analyze` writes custom-elements.json from the source; `npm test` fails when the committed
// file differs. Explicit globs: only the shipped modules, never tests, demo or build output.
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
  ],
};
