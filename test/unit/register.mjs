// Lets `node --test` run the pure modules' TypeScript tests without a browser or a build step:
// `node --import ./test/unit/register.mjs --test test/unit/*.test.ts`. The hooks below strip the types with
// esbuild (already a dev dependency) and map the `./x.js` specifiers of our sources to their `./x.ts` files.
import {register} from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
