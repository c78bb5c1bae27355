// Bundled by test/plugins/framework-harness.mjs for test/frameworks/svelte.test.ts: Svelte 5 and the README's
// Svelte snippets, compiled by the Svelte compiler as they are written there (`readme:<name>`), importing
// the element as an app does (`@pilotstatus/connect-element`, which resolves to the built dist/index.js).
export {flushSync, mount, unmount} from 'svelte';
export {default as WhatsappConnect, warnings} from 'readme:svelte';
export {default as LegacyConnect, warnings as legacyWarnings} from 'readme:svelte-legacy';
export {reactive} from './svelte.state.svelte.js';
