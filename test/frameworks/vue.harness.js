// Bundled by web-test-runner.config.mjs for test/frameworks/vue.test.ts: Vue 3 with its template compiler
// (the tests use templates, as apps do) and the built element, dist/index.js.
export {createApp, nextTick, reactive} from 'vue/dist/vue.esm-bundler.js';
import '../../dist/index.js';
