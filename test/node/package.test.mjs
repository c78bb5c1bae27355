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

  it('names, in custom-elements.json, only files that ship (no src/*.ts)', () => {
    const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', `file://${root}`), 'utf8'));
    const named = new Set();
    const collect = (node) => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') named.add(value);
        else collect(value);
      }
    };
    collect(manifest.modules);
    assert.ok(named.has('dist/index.js') && named.has('dist/pilotstatus-connect.d.ts'), [...named].join(' '));
    for (const path of named) {
      assert.match(path, /^dist\/[^/]+\.(js|d\.ts)$/);
      assert.ok(
        existsSync(new URL(path, `file://${root}`)),
        `custom-elements.json names ${path}, which the build did not write`,
      );
    }
  });

  it('ships editor data made from custom-elements.json: VS Code custom data and web-types', async () => {
    const {editorData} = await import('../../scripts/editor-data.mjs');
    const expected = editorData();
    const vscode = JSON.parse(readFileSync(new URL('dist/vscode.html-custom-data.json', `file://${root}`), 'utf8'));
    const webTypes = JSON.parse(readFileSync(new URL(pkg['web-types'], `file://${root}`), 'utf8'));
    // Written from the manifest as it is now (a stale file would differ).
    assert.deepEqual(vscode, expected.vscode);
    assert.deepEqual(webTypes, expected.webTypes);
    const [tag] = vscode.tags;
    assert.equal(tag.name, 'pilotstatus-connect');
    for (const name of ['token', 'base-url', 'token-url', 'branding', 'timeout', 'redirect', 'debug', 'lang']) {
      assert.ok(
        tag.attributes.some((attribute) => attribute.name === name && attribute.description),
        name,
      );
    }
    assert.deepEqual(
      tag.attributes
        .filter((attribute) => attribute.valueSet === 'v')
        .map((attribute) => attribute.name)
        .sort(),
      ['debug', 'redirect', 'renewable'],
    );
    const [element] = webTypes.contributions.html.elements;
    assert.equal(element.name, 'pilotstatus-connect');
    for (const name of ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired', 'pilotstatus-ready']) {
      assert.ok(element.events.some((event) => event.name === name));
      assert.ok(element.js.events.some((event) => event.name === name && /^CustomEvent</.test(event.type)));
    }
    assert.ok(element.css.parts.some((part) => part.name === 'frame'));
  });

  it('packs the builds, their types and maps, the editor data, the manifest and the license, and no source', () => {
    const [{files}] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'}),
    );
    const paths = files.map((file) => file.path).sort();
    for (const path of [
      'LICENSE',
      'README.md',
      'package.json',
      'custom-elements.json',
      'dist/index.js',
      'dist/index.js.map',
      'dist/index.d.ts',
      'dist/pilotstatus-connect.bundled.js',
      'dist/pilotstatus-connect.bundled.js.map',
      'dist/pilotstatus-connect.bundled.d.ts',
      'dist/embed.js',
      'dist/embed.d.ts',
      'dist/svelte.d.ts',
      'dist/vscode.html-custom-data.json',
      'dist/web-types.json',
    ]) {
      assert.ok(paths.includes(path), `the tarball lacks ${path}`);
    }
    assert.deepEqual(
      paths.filter((path) => !/^(dist\/|LICENSE$|README\.md$|package\.json$|custom-elements\.json$)/.test(path)),
      [],
    );
  });

  it('ships only the builds and the manifest, and declares Lit as its one dependency', () => {
    assert.deepEqual(pkg.files, ['dist', 'custom-elements.json']);
    assert.deepEqual(Object.keys(pkg.dependencies), ['lit']);
    assert.equal(pkg.customElements, 'custom-elements.json');
  });
});
