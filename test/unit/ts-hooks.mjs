// Module hooks for register.mjs: TypeScript in, JavaScript out, for files under this repository only.
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {transform} from 'esbuild';

const root = new URL('../../', import.meta.url).href;

export async function resolve(specifier, context, next) {
  // Our sources import each other as `./x.js` (what tsc emits); in the source tree that file is `./x.ts`.
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith(root)) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(ts)) return next(ts.href, context);
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith(root) || !url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const {code} = await transform(source, {
    loader: 'ts',
    format: 'esm',
    sourcefile: fileURLToPath(url),
    sourcemap: 'inline',
  });
  return {format: 'module', source: code, shortCircuit: true};
}
