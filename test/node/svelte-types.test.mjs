// The Svelte 5 typings (`@pilotstatus/connect-element/svelte`) as a Svelte + TypeScript app sees them: the
// built package installed in its node_modules, checked by svelte-check. The README's Svelte snippet and
// test/types/svelte/Typed.svelte must pass without a warning; each marked line of Misuse.svelte must fail.
// Runs after `npm run build`.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test/types/svelte');

/** The fenced block between `<!-- snippet:<name> -->` markers in README.md. */
function readmeSnippet(name) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(`<!-- snippet:${name} -->`)[1]?.split(`<!-- /snippet:${name} -->`)[0];
  const block = section && /```svelte\n([\s\S]*?)```/.exec(section);
  assert.ok(block, `README.md has no svelte block between the snippet:${name} markers`);
  return block[1];
}

describe('the Svelte 5 typings, checked by svelte-check', () => {
  let app;
  const diagnostics = [];
  before(() => {
    app = realpathSync(mkdtempSync(join(tmpdir(), 'pilotstatus-svelte-')));
    mkdirSync(join(app, 'src'));
    mkdirSync(join(app, 'node_modules/@pilotstatus'), {recursive: true});
    symlinkSync(root, join(app, 'node_modules/@pilotstatus/connect-element'), 'dir');
    symlinkSync(join(root, 'node_modules/svelte'), join(app, 'node_modules/svelte'), 'dir');
    writeFileSync(join(app, 'package.json'), '{"type": "module"}\n');
    // What `npx sv create` (and create-vite's svelte-ts) set up, reduced to what matters for the types.
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['src/**/*.svelte'],
      }),
    );
    writeFileSync(join(app, 'src/Readme.svelte'), readmeSnippet('svelte'));
    for (const name of ['Typed.svelte', 'Misuse.svelte', 'Legacy.svelte'])
      copyFileSync(join(fixtures, name), join(app, 'src', name));

    let output;
    try {
      output = execFileSync(
        process.execPath,
        [join(root, 'node_modules/svelte-check/bin/svelte-check'), '--workspace', app, '--output', 'machine'],
        {cwd: app, encoding: 'utf8'},
      );
    } catch (error) {
      output = error.stdout;
    }
    // `<time> ERROR "src/App.svelte" 3:5 "message"`
    for (const line of output.split('\n')) {
      const match = /^\d+ (ERROR|WARNING) "([^"]+)" (\d+):(\d+) "(.*)"/.exec(line);
      if (match) diagnostics.push({kind: match[1], file: match[2], line: Number(match[3]), message: match[5]});
    }
    assert.match(output, /COMPLETED/, output);
  });
  after(() => rmSync(app, {recursive: true, force: true}));

  const of = (file) =>
    diagnostics.filter((d) => d.file === `src/${file}`).map((d) => `${d.line}: ${d.kind} ${d.message}`);

  it("passes the README's Svelte snippet, in TypeScript", () => {
    assert.deepEqual(of('Readme.svelte'), []);
  });

  it('passes the tag with its properties, attributes and typed handlers', () => {
    assert.deepEqual(of('Typed.svelte'), []);
  });

  // Each element below an `expect-error` comment must fail (so the handlers' events are typed, not `any`).
  for (const [file, count] of [
    ['Misuse.svelte', 4],
    ['Legacy.svelte', 1],
  ]) {
    it(`fails each marked misuse in ${file}, and nothing else`, () => {
      const lines = readFileSync(join(fixtures, file), 'utf8').split('\n');
      // svelte-check counts lines from 1; the line below each marker is the one that must fail.
      const expected = lines.flatMap((text, i) => (text.startsWith('<!-- expect-error') ? [i + 2] : []));
      assert.equal(expected.length, count);
      const failing = [...new Set(diagnostics.filter((d) => d.file === `src/${file}`).map((d) => d.line))];
      assert.deepEqual(
        failing.sort((a, b) => a - b),
        expected,
        of(file).join('\n'),
      );
    });
  }
});
