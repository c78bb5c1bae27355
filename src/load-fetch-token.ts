/**
 * fetch-token.ts as a chunk of its own in the ESM builds: only a page with `token-url` loads it, when its
 * first request is due. (dist/embed.js, one classic script, gets it in the file: rollup.config.mjs swaps
 * this module for a static import there.)
 */
export const loadFetchToken = () => import('./fetch-token.js').then((module) => module.fetchToken);
