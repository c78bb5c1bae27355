// Fails when the committed custom-elements.json is not what the source generates, or when it lacks the
// public API users and tools rely on (the tag, its attributes, events and part).
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = readFileSync(join(root, 'custom-elements.json'), 'utf8');
// The analyzer resolves --outdir against the working directory, so the scratch copy stays in the tree.
const outdir = 'node_modules/.cache/cem-check';
let generated;
try {
  const cli = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
  execFileSync(process.execPath, [cli, 'analyze', '--outdir', outdir], {cwd: root, stdio: 'pipe'});
  generated = readFileSync(join(root, outdir, 'custom-elements.json'), 'utf8');
} finally {
  rmSync(join(root, outdir), {recursive: true, force: true});
}

const problems = [];
if (generated !== committed) {
  problems.push('custom-elements.json is out of date: run `npm run analyze` and commit the result.');
}

const manifest = JSON.parse(committed);
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'pilotstatus-connect');
const names = (list) => (list ?? []).map((item) => item.name);
const expect = (what, actual, wanted) => {
  for (const name of wanted) if (!actual.includes(name)) problems.push(`the manifest lacks the ${what} "${name}".`);
};
if (!element) {
  problems.push('the manifest does not declare the tag pilotstatus-connect.');
} else {
  expect('attribute', names(element.attributes), [
    'token',
    'base-url',
    'state',
    'lang',
    'token-url',
    'redirect',
    'branding',
    'timeout',
    'debug',
  ]);
  expect('event', names(element.events), ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired']);
  expect('part', names(element.cssParts), ['frame', 'loading', 'panel', 'retry-button']);
  expect('slot', names(element.slots), ['loading', 'expired', 'error']);
  expect('custom state', names(element.cssStates), ['idle', 'loading', 'ready', 'paired', 'error', 'expired']);
}

if (problems.length) {
  for (const problem of problems) console.error(`✗ ${problem}`);
  process.exit(1);
}
console.log('✓ custom-elements.json matches the source and lists the public API.');
