import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  {ignores: ['dist/', 'build/', 'node_modules/', 'custom-elements.json']},
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
    files: ['**/*.mjs', 'scripts/**', '.ci/**'],
    languageOptions: {globals: globals.node},
  },
  {
    files: ['demo/**/*.js'],
    languageOptions: {globals: globals.browser},
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests assert on message data of unknown shape and sometimes need the non-null escape hatch.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
