// The package as Node and server-side rendering see it: every entry resolves through "exports", and
// importing them touches neither window nor document (nothing runs until a page calls open() or mount()).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${root}`), 'utf8'));

// Each import runs in a fresh Node process, importing the package by its own name (self-reference).
function importInNode(specifier) {
  const script = `
    const m = await import(${JSON.stringify(specifier)});
    console.log(JSON.stringify({keys: Object.keys(m).sort(), window: typeof window, document: typeof document}));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'}),
  );
}

describe('the package in Node (server-side rendering)', () => {
  it('imports the main entry without touching window or document', () => {
    const result = importInNode('@pilotstatus/connect-element');
    assert.equal(result.window, 'undefined');
    assert.equal(result.document, 'undefined');
    assert.ok(result.keys.includes('PilotstatusConnect'));
    assert.ok(result.keys.includes('parseConnectMessage'));
    // The drop-in's functions, as issue 4 asks of the ESM entry.
    assert.ok(result.keys.includes('open'));
    assert.ok(result.keys.includes('mount'));
  });

  it('imports open() and mount() from @pilotstatus/connect-element/embed without running them', () => {
    const result = importInNode('@pilotstatus/connect-element/embed');
    assert.deepEqual(result.keys, ['mount', 'open']);
    assert.equal(result.window, 'undefined');
  });

  it('points every "exports" target and "types" at a file the build wrote', () => {
    const targets = Object.values(pkg.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    );
    for (const target of [...targets, pkg.types, pkg.main, pkg.customElements]) {
      assert.ok(existsSync(new URL(target, `file://${root}`)), `${target} is missing (run npm run build)`);
    }
  });

  it('has its MIT license text, and says where its code and issues live', () => {
    assert.equal(pkg.license, 'MIT');
    const license = readFileSync(new URL('LICENSE', `file://${root}`), 'utf8');
    assert.match(license, /^MIT License\n\nCopyright \(c\) 2026 PilotStatus\n/);
    assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS"/);
    assert.equal(pkg.repository.url, 'git+https://github.com/pilotstatus/connect-element.git');
    assert.equal(pkg.homepage, 'https://github.com/pilotstatus/connect-element#readme');
    assert.equal(pkg.bugs.url, 'https://github.com/pilotstatus/connect-element/issues');
    assert.ok(pkg.keywords.includes('web-component'));
  });

  it('ships only the builds and the manifest, and declares Lit as its one dependency', () => {
    assert.deepEqual(pkg.files, ['dist', 'custom-elements.json']);
    assert.deepEqual(Object.keys(pkg.dependencies), ['lit']);
    assert.equal(pkg.customElements, 'custom-elements.json');
  });
});
