// `npm run build`: tsc (types into dist/, JS into build/tsc/), then rollup (dist/index.js and the bundled file).
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin), ...args], {stdio: 'inherit'});

for (const dir of ['../dist', '../build']) rmSync(new URL(dir, import.meta.url), {recursive: true, force: true});
run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('rollup/dist/bin/rollup', ['-c', '--silent']);
