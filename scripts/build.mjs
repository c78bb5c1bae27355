// `npm run build`: tsc (types into dist/, JS into build/tsc/), then rollup (the JS builds in dist/), then the
// types are given the names of the files they describe and the ones nothing refers to are removed, and the
// editor data is written from custom-elements.json.
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {RENAMED, typesReachable} from './dist-types.mjs';
import {writeEditorData} from './editor-data.mjs';

const require = createRequire(import.meta.url);
const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin), ...args], {stdio: 'inherit'});
const dist = (file) => new URL(`../dist/${file}`, import.meta.url);

for (const dir of ['../dist', '../build']) rmSync(new URL(dir, import.meta.url), {recursive: true, force: true});
run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('rollup/dist/bin/rollup', ['-c', '--silent']);

// dist/embed.js is a classic script: its types are those of its entry, which exports nothing and declares
// the `window.PilotStatus` global (`/// <reference types="@pilotstatus/connect-element/global" />`).
for (const [from, to] of Object.entries(RENAMED)) renameSync(dist(`${from}.d.ts`), dist(`${to}.d.ts`));
// The bundled file exports the element class and nothing else (test/node/package.test.mjs compares every
// build's declared exports with the ones it really has).
writeFileSync(
  dist('pilotstatus-connect.bundled.d.ts'),
  // define.d.ts: the class, and the HTMLElementTagNameMap entry that types createElement('pilotstatus-connect').
  "export {PilotstatusConnect} from './define.js';\nexport type {ConnectState} from './types.js';\n",
);

// Only the .d.ts files that "exports" leads to (directly or through their imports) ship.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const keep = typesReachable(pkg, new URL('..', import.meta.url));
for (const file of readdirSync(dist('.'))) {
  if (file.endsWith('.d.ts') && !keep.has(`dist/${file}`)) rmSync(dist(file));
}

// VS Code's HTML custom data and JetBrains' web-types, from custom-elements.json.
writeEditorData();

// Every shipped file is ASCII (a page without <meta charset="utf-8"> would show "×" as "Ã—"): terser writes
// the scripts with `ascii_only`. The source maps (which carry the TypeScript) and JSON files get \u escapes,
// which JSON reads as the same characters. The .d.ts files carry the source's comments: their punctuation is
// spelt in ASCII here, and anything else becomes a \u escape (which is also what it means in a string type).
const PUNCTUATION = {
  '\u2026': '...',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
};
const escape = (char) =>
  char
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
const shipped = readdirSync(dist('.'), {recursive: true}).filter((file) => /\.(js|map|json|ts)$/.test(file));
for (const file of shipped) {
  const text = readFileSync(dist(file), 'utf8');
  const ascii = file.endsWith('.d.ts')
    ? text.replace(/[^\0-\x7f]/gu, (char) => PUNCTUATION[char] ?? escape(char))
    : /\.(map|json)$/.test(file)
      ? text.replace(/[^\0-\x7f]/gu, escape)
      : text;
  if (ascii !== text) writeFileSync(dist(file), ascii);
}
