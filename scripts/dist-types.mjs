// The .d.ts files the package's "exports" (and "types") lead to, directly or through their imports: the only
// ones that ship (scripts/build.mjs removes the others) and the ones the manifest may point at.
import {existsSync, readFileSync} from 'node:fs';
import {posix} from 'node:path';

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
