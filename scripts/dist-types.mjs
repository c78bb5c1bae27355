// The .d.ts files the package's "exports" (and "types") lead to, directly or through their imports: the only
// ones that ship (scripts/build.mjs removes the others) and the ones the manifest may point at.
import {existsSync, readFileSync} from 'node:fs';
import {posix} from 'node:path';

/** Source modules whose types ship under another name: dist/embed.js is built from src/embed.global.ts. */
export const RENAMED = {'embed.global': 'embed'};

/**
 * The shipped file that stands for source module `src/<name>.ts` (or a specifier of it, `./name.js`): the
 * build the package exports for it when there is one (`dist/index.js`), otherwise its types (`dist/name.d.ts`).
 */
export function shippedPath(pkg, source) {
  const stem = source.replace(/^(\.\/|src\/)/, '').replace(/\.(ts|js)$/, '');
  const name = RENAMED[stem] ?? stem;
  return exportTargets(pkg.exports).includes(`./dist/${name}.js`) ? `dist/${name}.js` : `dist/${name}.d.ts`;
}

/** Every target of an "exports" value (a string, or nested condition objects). */
export function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** `dist/…d.ts` paths (relative to the package root, no `./`) reachable from package.json. */
export function typesReachable(pkg, rootUrl) {
  const start = [pkg.types, ...exportTargets(pkg.exports)].filter((target) => target?.endsWith('.d.ts'));
  const seen = new Set();
  const queue = start.map((target) => posix.normalize(target));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const url = new URL(file, rootUrl);
    if (!existsSync(url)) continue;
    const code = readFileSync(url, 'utf8');
    const specifiers = [
      ...code.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g),
      ...code.matchAll(/\/\/\/\s*<reference\s+path=['"]([^'"]+)['"]/g),
    ].map((match) => match[1]);
    for (const specifier of specifiers) {
      const target = posix.join(posix.dirname(file), specifier).replace(/\.js$/, '.d.ts');
      queue.push(target.endsWith('.d.ts') ? target : `${target}.d.ts`);
    }
  }
  return seen;
}
