// Bundled by web-test-runner.config.mjs for test/frameworks/react.test.ts: React 19 (CommonJS) and the built
// wrapper, dist/react.js, which imports the element from dist/index.js.
export * as React from 'react';
export {flushSync} from 'react-dom';
export {createRoot} from 'react-dom/client';
export {PilotstatusConnect} from '../../dist/react.js';
