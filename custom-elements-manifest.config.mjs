// `npm run analyze` writes custom-elements.json from the source; `npm test` fails when the committed
// file differs. Explicit globs: only the shipped modules, never tests, demo or build output.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The manifest documents the public API: private fields and methods are implementation details
      // that would only add noise to the generated docs and editor hints.
      name: 'drop-private-members',
      packageLinkPhase({customElementsManifest}) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.members) {
              declaration.members = declaration.members.filter((member) => member.privacy !== 'private');
            }
          }
        }
      },
    },
  ],
};
