// Kept for the end-to-end tests and the benchmark, which only need Chromium: see find-browsers.mjs.
export {chromeArgs, findChrome} from './find-browsers.mjs';
