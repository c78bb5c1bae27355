import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'node_modules/',
      'custom-elements.json',
      // The Next.js fixture's build, the package installed into it, and the README snippets written into it
      // (README.md is their source; `next build` type-checks them).
      '**/.next/',
      'test/frameworks/next-app/node_modules/',
      'test/frameworks/next-app/app/_readme/',
      'test/frameworks/next-app/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
    settings: {wc: {elementBaseClasses: ['LitElement']}},
  },
  {
    files: ['**/*.mjs', 'scripts/**'],
    languageOptions: {globals: globals.node},
  },
  {
    // Tool configuration read by Node with require() (.puppeteerrc.cjs).
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs', globals: globals.node},
  },
  {
    // Browser scripts, and end-to-end tests whose page.evaluate() callbacks run in the page.
    files: ['demo/**/*.js', 'test/fixtures/*.js', 'test/node/*.e2e.test.mjs'],
    languageOptions: {globals: {...globals.browser, ...globals.node}},
  },
  {
    // A focused or skipped test left behind silently drops the rest of the suite, or itself, from every run
    // (scripts/test-browser.mjs also fails an engine whose run skipped a test).
    files: ['test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['it', 'describe', 'context', 'specify', 'test'].flatMap((object) =>
          ['only', 'skip'].map((property) => ({
            object,
            property,
            message: `${object}.${property}() left behind: run the whole suite, or delete the test.`,
          })),
        ),
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'demo/**/*.ts'],
    rules: {
      // Tests and the mock's own pages look up elements they just rendered; `!` says so without noise.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
