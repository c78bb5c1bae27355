// The built types tell the truth about the built files: every build's .d.ts declares exactly the values the
// file exports (the classic dist/embed.js exports nothing: its types only declare window.PilotStatus), and
// each documented way of loading types compiles in a TypeScript app that imports the package by its name.
// Runs after `npm run build`.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseAst} from 'rollup/parseAst';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** The names a built file exports, read from its code (`null` for a classic script: no export at all). */
function runtimeExports(file) {
  const code = readFileSync(`${root}${file}`, 'utf8');
  const ast = parseAst(code);
  const names = [];
  for (const node of ast.body) {
    if (node.type === 'ExportNamedDeclaration') {
      for (const spec of node.specifiers) names.push(spec.exported.name ?? spec.exported.value);
      if (node.declaration) throw new Error(`${file}: unexpected export declaration`);
    } else if (node.type === 'ExportAllDeclaration') {
      // `export * from './index.js'` is not what rollup writes for ours; keep the check simple and strict.
      throw new Error(`${file}: unexpected export *`);
    } else if (node.type === 'ExportDefaultDeclaration') names.push('default');
  }
  const isModule = ast.body.some((node) => node.type.startsWith('Export') || node.type === 'ImportDeclaration');
  return isModule ? names.sort() : null;
}

// An app beside the package, which it sees where npm would put it: node_modules/@pilotstatus/connect-element.
const app = realpathSync(mkdtempSync(join(tmpdir(), 'pilotstatus-types-')));
mkdirSync(join(app, 'node_modules/@pilotstatus'), {recursive: true});
symlinkSync(root, join(app, 'node_modules/@pilotstatus/connect-element'), 'dir');
symlinkSync(join(root, 'node_modules/vue'), join(app, 'node_modules/vue'), 'dir');
symlinkSync(join(root, 'node_modules/@vue'), join(app, 'node_modules/@vue'), 'dir');
after(() => rmSync(app, {recursive: true, force: true}));
const parsed = new Map();

/**
 * A program over in-memory files: `dist/…` names are the package's own files (to read their types), any
 * other name is a file of the app.
 */
function compile(files, options = {}) {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(app, name), text]));
  const {getSourceFile, fileExists, readFile} = host;
  // The libraries' files are parsed once for all the programs of this file.
  host.getSourceFile = (name, version, ...rest) => {
    if (virtual.has(name)) return ts.createSourceFile(name, virtual.get(name), version);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, version, ...rest));
    return parsed.get(name);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  // Where the app's tsconfig.json would be: `types` entries resolve from there.
  host.getCurrentDirectory = () => app;
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  return {program, diagnostics: ts.getPreEmitDiagnostics(program)};
}

const messages = (diagnostics) =>
  diagnostics.map(
    (d) => `${d.file?.fileName.slice(app.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );

/** The value (not type-only) exports a .d.ts declares, or `null` when it is not a module. */
function declaredValues(program, dts) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(join(root, dts));
  assert.ok(source, `${dts} is not part of the program`);
  const symbol = checker.getSymbolAtLocation(source);
  if (!symbol) return null;
  return checker
    .getExportsOfModule(symbol)
    .filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return target.flags & ts.SymbolFlags.Value;
    })
    .map((s) => s.name)
    .sort();
}

const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object' && target.default);

describe('the built types', () => {
  for (const [subpath, {types, default: file}] of entries) {
    it(`${subpath}: ${types} declares exactly the values ${file} exports`, () => {
      const {program} = compile({'probe.ts': `import type {} from '@pilotstatus/connect-element${subpath.slice(1)}';`});
      // A classic script (no export at all) matches types that declare none.
      assert.deepEqual(declaredValues(program, types.slice(2)), runtimeExports(file.slice(2)) ?? []);
    });
  }

  it('the classic dist/embed.js has no export, and its types declare window.PilotStatus and no export', () => {
    assert.equal(runtimeExports('dist/embed.js'), null);
    const {program} = compile({'probe.ts': "import type {} from '@pilotstatus/connect-element/global';"});
    assert.deepEqual(declaredValues(program, 'dist/embed.d.ts'), []);
  });

  it('/// <reference types=".../global" /> types window.PilotStatus in a classic-script app', () => {
    const {diagnostics} = compile({
      'app.ts': `/// <reference types="@pilotstatus/connect-element/global" />
        const handle = window.PilotStatus?.init().connect.open({token: crypto.randomUUID(), onPaired: (d) => d.numberId?.at(0)});
        handle?.destroy();
        // @ts-expect-error the classic script's options are checked
        window.PilotStatus?.connect.mount('#here', {tokn: 'x'});
        export {};`,
    });
    assert.deepEqual(messages(diagnostics), []);
  });

  it('an ESM import of the classic script does not type-check (it has no exports)', () => {
    const {diagnostics} = compile({'app.ts': "import {open} from '@pilotstatus/connect-element/global';\nopen;\n"});
    assert.equal(diagnostics.length, 1, messages(diagnostics).join('\n'));
    // "has no exported member 'open'", or "declares 'open' locally, but it is not exported".
    assert.match(messages(diagnostics)[0], /'open'.*(not exported|no exported member)|no exported member.*'open'/);
  });

  it('./bundled is typed: its class is the element', () => {
    const {diagnostics} = compile({
      'app.ts': `import {PilotstatusConnect} from '@pilotstatus/connect-element/bundled';
        const el: PilotstatusConnect = document.createElement('pilotstatus-connect');
        el.token = crypto.randomUUID();
        export {el};`,
    });
    assert.deepEqual(messages(diagnostics), []);
  });

  // The README's three ways for a create-vite `vue-ts` app (which has no env.d.ts) to load the Vue typings.
  const vueUse = `import type {GlobalComponents} from 'vue';
    import type {PilotstatusConnectVueProps} from '@pilotstatus/connect-element/vue';
    type Tag = GlobalComponents['pilotstatus-connect'];
    export const ok: Tag extends import('vue').DefineComponent<PilotstatusConnectVueProps> ? true : false = true;`;
  for (const [how, files, options] of [
    ['an import in src/main.ts', {'src/main.ts': `import type {} from '@pilotstatus/connect-element/vue';\n${vueUse}`}],
    [
      'a .d.ts of its own',
      {
        'src/pilotstatus-connect.d.ts': "import type {} from '@pilotstatus/connect-element/vue';\n",
        'src/main.ts': vueUse,
      },
    ],
    ['tsconfig "types"', {'src/main.ts': vueUse}, {types: ['@pilotstatus/connect-element/vue']}],
  ]) {
    it(`puts the tag in Vue's GlobalComponents through ${how}`, () => {
      const {diagnostics} = compile(files, {skipLibCheck: true, ...options});
      assert.deepEqual(messages(diagnostics), []);
    });
  }

  for (const resolution of ['Bundler', 'Node16']) {
    it(`every subpath with types resolves under moduleResolution ${resolution}`, () => {
      const subpaths = Object.entries(pkg.exports)
        .filter(([, target]) => typeof target === 'object' && target.types)
        .map(([subpath]) => `@pilotstatus/connect-element${subpath.slice(1)}`);
      const {diagnostics} = compile(
        {'app.mts': subpaths.map((s) => `import type {} from ${JSON.stringify(s)};`).join('\n')},
        {
          module: ts.ModuleKind[resolution === 'Node16' ? 'Node16' : 'ESNext'],
          moduleResolution: ts.ModuleResolutionKind[resolution],
          skipLibCheck: true,
        },
      );
      assert.deepEqual(messages(diagnostics), []);
    });
  }
});
