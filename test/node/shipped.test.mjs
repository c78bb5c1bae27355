// What the tarball's dist/ holds, file by file: ASCII only (a page without <meta charset="utf-8"> must not show
// "×" as "Ã—"), and source maps for the ESM builds that lead back to the TypeScript. Runs after `npm run build`.
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('dist/', () => {
  it('holds only ASCII: no byte above 0x7F in any file', () => {
    const files = readdirSync(dist, {recursive: true}).filter((name) => statSync(`${dist}${name}`).isFile());
    assert.ok(files.length > 5, 'dist/ is empty: run npm run build first');
    const found = [];
    for (const file of files) {
      const bytes = readFileSync(`${dist}${file}`);
      const at = bytes.findIndex((byte) => byte > 0x7f);
      if (at !== -1) found.push(`${file} at byte ${at}: ${JSON.stringify(bytes.subarray(at, at + 24).toString())}`);
    }
    assert.deepEqual(found, []);
  });

  const mapped = [
    ['index.js', '../src/pilotstatus-connect.ts', /export class PilotstatusConnect extends LitElement/],
    [
      'pilotstatus-connect.bundled.js',
      '../src/pilotstatus-connect.ts',
      /export class PilotstatusConnect extends LitElement/,
    ],
    ['react.js', '../src/react.ts', /createComponent\(/],
  ];
  for (const [file, source, pattern] of mapped) {
    it(`${file} ships a source map that carries ${source.slice(3)}`, () => {
      const code = readFileSync(`${dist}${file}`, 'utf8');
      assert.ok(code.trimEnd().endsWith(`\n//# sourceMappingURL=${file}.map`), `${file} names no source map`);
      assert.ok(existsSync(`${dist}${file}.map`));
      const map = JSON.parse(readFileSync(`${dist}${file}.map`, 'utf8'));
      assert.equal(map.file, file);
      const index = map.sources.indexOf(source);
      assert.notEqual(index, -1, `the map's sources: ${map.sources}`);
      assert.match(map.sourcesContent[index], pattern);
      assert.ok(map.mappings.length > 500);
    });
  }
});
