// dist/index.js keeps Lit as an import, and terser shortens our private members (`_frame`, `_handleMessage`)
// without seeing Lit's: a shortened name that Lit's production build also uses on the element would override
// it. That happened once (a private method became `C`, Lit's minified changeProperty, and no property change
// reached the element in apps that bundle Lit's production build); rollup.config.mjs's `underscoredNames`
// prevents it. This test fails if any name terser invented for dist/index.js is a member name of the
// element's classes or of lit-html's core in Lit's production build, whatever generator made the name (with
// terser's default generator it lists `C`, `P`, `t`, `o`, …). Runs after `npm run build`.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseAst} from 'rollup/parseAst';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every property name a module reads, writes or declares (`a.x`, `{x: …}`, `class {x() {}}`, `#x` excluded). */
function propertyNames(code) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node.type !== 'string') return;
    const key =
      node.type === 'MemberExpression' && !node.computed
        ? node.property
        : ['Property', 'MethodDefinition', 'PropertyDefinition'].includes(node.type) && !node.computed
          ? node.key
          : null;
    if (key?.type === 'Identifier') names.add(key.name);
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(parseAst(code));
  return names;
}

/**
 * The production modules that make the element or touch it: ReactiveElement (its decorators and css tag too),
 * LitElement, and lit-html's core (render() and its parts, given the element as `host`). Directive classes
 * (`unsafeHTML` has a `_t` of its own) are other objects: their names cannot clash with the element's.
 */
function litFiles() {
  const modules = join(root, 'node_modules');
  const reactiveElement = join(modules, '@lit/reactive-element');
  const files = [join(modules, 'lit-element/lit-element.js'), join(modules, 'lit-html/lit-html.js')];
  const walk = (path) => {
    for (const entry of readdirSync(path, {withFileTypes: true})) {
      if (entry.isDirectory() && !['development', 'node', 'node_modules'].includes(entry.name)) {
        walk(join(path, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.js')) files.push(join(path, entry.name));
    }
  };
  walk(reactiveElement);
  return files;
}

describe('dist/index.js beside Lit', () => {
  it("shortens no private member to a name that Lit's production build uses", () => {
    // The names written in our source (compiled by tsc), and the ones the minified file has on top of them.
    const ours = new Set();
    for (const file of readdirSync(join(root, 'build/tsc'))) {
      if (file.endsWith('.js'))
        for (const name of propertyNames(readFileSync(join(root, 'build/tsc', file), 'utf8'))) ours.add(name);
    }
    const shipped = propertyNames(readFileSync(join(root, 'dist/index.js'), 'utf8'));
    const invented = [...shipped].filter((name) => !ours.has(name));
    assert.ok(invented.length > 10, `expected terser to shorten our private members, found only ${invented}`);

    const lit = new Set();
    const files = litFiles();
    assert.ok(files.length > 10, 'Lit is not installed');
    for (const file of files) for (const name of propertyNames(readFileSync(file, 'utf8'))) lit.add(name);
    assert.deepEqual(
      invented.filter((name) => lit.has(name)),
      [],
      "these shortened names are member names in Lit's production build",
    );
  });
});
