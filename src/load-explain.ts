/**
 * explain.ts as a chunk of its own in the ESM builds: fetched once an element on the page has `debug`.
 * (dist/embed.js, one classic script, gets it in the file: rollup.config.mjs swaps this module for a static
 * import there.) Resolves to null when the chunk cannot load: `debug` then logs its notes as they are, and a
 * page never gets an unhandled rejection for a console line. Asked once per page, since every element shares it.
 */
import type {explain} from './explain.js';

let loading: Promise<typeof explain | null> | undefined;
export const loadExplain = () =>
  (loading ??= import('./explain.js').then(
    (module) => module.explain,
    () => null,
  ));
