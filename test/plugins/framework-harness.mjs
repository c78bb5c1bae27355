import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import {compile} from 'svelte/compiler';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readmeUrl = new URL('../../README.md', import.meta.url);

/**
 * The one fenced code block between `<!-- snippet:<name> -->` and `<!-- /snippet:<name> -->` in README.md:
 * the tests run the documented code itself, so the README cannot show a snippet that does not work.
 */
export async function readmeSnippet(name) {
  const readme = await readFile(readmeUrl, 'utf8');
  const open = `<!-- snippet:${name} -->`;
  const close = `<!-- /snippet:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close, start);
  if (start < 0 || end < 0 || readme.indexOf(open, start + 1) >= 0) {
    throw new Error(`README.md needs exactly one "${open}" … "${close}" pair`);
  }
  const blocks = [...readme.slice(start + open.length, end).matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  if (blocks.length !== 1) throw new Error(`README.md: "${open}" must hold exactly one fenced code block`);
  const [, lang, code] = blocks[0];
  return {lang, code};
}

/**
 * `import X from 'readme:<name>'` in a harness: the README snippet as a module. A `svelte` block is compiled
 * by the Svelte compiler (its warnings exported as `warnings`, for the test to see), a `ts` block by esbuild
 * with the legacy decorators Angular reads. `@pilotstatus/connect-element` inside resolves as in an app:
 * through this package's own `exports`, to the built dist/ files.
 */
const readmeModules = {
  name: 'readme-snippets',
  setup(bundle) {
    bundle.onResolve({filter: /^readme:/}, (args) => ({path: args.path.slice('readme:'.length), namespace: 'readme'}));
    bundle.onLoad({filter: /.*/, namespace: 'readme'}, async (args) => {
      const {lang, code} = await readmeSnippet(args.path);
      if (lang === 'svelte') {
        const {js, warnings} = compile(code, {filename: `README.md (snippet:${args.path})`, dev: true});
        const messages = warnings.map((w) => `${w.code}: ${w.message}`);
        return {contents: `${js.code}\nexport const warnings = ${JSON.stringify(messages)};`, resolveDir: root};
      }
      if (lang === 'ts') return {contents: code, loader: 'ts', resolveDir: root};
      throw new Error(`README.md (snippet:${args.path}): cannot bundle a \`${lang}\` block`);
    });
  },
};

/** Extra build options per harness. */
const harnessOptions = {
  // As `vite dev` resolves a Svelte app: Svelte's and Lit's development builds, with their warnings.
  svelte: {conditions: ['development']},
};

// The CDN address the CMS snippets use, and the local build that stands in for it.
const cdnBuild = /https:\/\/cdn\.example\/npm\/@pilotstatus\/connect-element@[\w.-]+\/dist\//g;

function replaceAll(text, pattern, replacement, what) {
  const out = text.replace(pattern, replacement);
  if (out === text) throw new Error(`the snippet has no ${what}`);
  return out;
}

/**
 * A page of a site built with a CMS, with a README "custom code" snippet pasted into its content as it is
 * written, but for two edits: the CDN address becomes the local dist/ build, and the element is pointed at
 * the mock Connect origin (`?connect=<origin>`). The page records its own errors in `window.pageErrors`.
 */
async function cmsPage(name, connect) {
  if (!/^https?:\/\/[\w.[\]:-]+$/.test(connect)) throw new Error(`?connect= must be an origin, not "${connect}"`);
  const {lang, code} = await readmeSnippet(name);
  if (lang !== 'html') throw new Error(`README.md (snippet:${name}) must be an html block`);
  let block = replaceAll(code, cdnBuild, '/dist/', 'CDN address of a dist/ file');
  if (/<pilotstatus-connect\b/.test(block)) {
    block = block.replace(/<pilotstatus-connect\b/g, `$& base-url="${connect}"`);
  } else {
    block = replaceAll(
      block,
      /PilotStatus\.connect\.(mount|open)\([^{]*\{/g,
      `$&baseUrl: '${connect}', `,
      'open/mount call',
    );
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Connect your WhatsApp number – Acme</title>
<script>
  window.pageErrors = [];
  addEventListener('error', (event) => pageErrors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => pageErrors.push(String(event.reason)));
</script>
</head>
<body>
<header><nav><a href="/">Acme</a> <a href="/pricing">Pricing</a> <a href="/help">Help</a></nav></header>
<main>
<article>
<h1>Connect your WhatsApp number</h1>
<p>Scan the code below with the phone that has the number.</p>
<div class="entry-content">
${block}
</div>
</article>
</main>
<footer><p>© Acme</p></footer>
</body>
</html>`;
}

/** What a failed build answers instead of a bundle: a module that throws why, so the test says it. */
const failure = (error) => `throw new Error(${JSON.stringify(`harness build failed: ${error.message}`)});`;

/**
 * Serves
 * - `/__harness/<name>.js`: test/frameworks/<name>.harness.js bundled with esbuild on request. React ships
 *   CommonJS only, which the dev server's node-resolve cannot hand to a browser; Svelte components need
 *   their compiler, Angular's its decorators: a bundle is what an app's own bundler would build. The
 *   harnesses import the built dist/ files, so the shipped code is tested.
 * - `/__cms/<name>.html?connect=<origin>`: a CMS-built page with the README's snippet `<name>` pasted in.
 */
export function frameworkHarnessPlugin() {
  // The CMS pages as built, by URL, until transform() has put them back (see there).
  const pages = new Map();
  return {
    name: 'framework-harness',
    async serve(context) {
      const cms = /^\/__cms\/([a-z-]+)\.html$/.exec(context.path);
      if (cms) {
        let body;
        try {
          body = await cmsPage(cms[1], context.URL.searchParams.get('connect') ?? '');
        } catch (error) {
          // The dev server answers a plugin's page with 200 whatever happens: the page carries the error.
          const message = JSON.stringify(`README.md (snippet:${cms[1]}): ${error.message}`).replace(/</g, '\\u003c');
          body = `<!doctype html><title>error</title><script>window.pageErrors = [${message}];</script>`;
        }
        pages.set(context.url, body);
        return {body, type: 'html'};
      }
      const match = /^\/__harness\/([a-z-]+)\.js$/.exec(context.path);
      if (!match) return undefined;
      try {
        const result = await build({
          entryPoints: [fileURLToPath(new URL(`../frameworks/${match[1]}.harness.js`, import.meta.url))],
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
          logLevel: 'silent',
          plugins: [readmeModules, sveltePlugin({compilerOptions: {dev: true}, moduleCompilerOptions: {dev: true}})],
          // Angular reads the legacy (TypeScript) decorators, as its own CLI compiles them.
          tsconfigRaw: {compilerOptions: {experimentalDecorators: true, useDefineForClassFields: false}},
          // Development builds: their warnings (unknown props, hydration, Vue's) show up in the test output.
          define: {
            'process.env.NODE_ENV': '"development"',
            __VUE_OPTIONS_API__: 'true',
            __VUE_PROD_DEVTOOLS__: 'false',
            __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
          },
          ...harnessOptions[match[1]],
        });
        return {body: result.outputFiles[0].text, type: 'js'};
      } catch (error) {
        return {body: failure(error), type: 'js'};
      }
    },
    // The runner's esbuild plugin compiles the inline scripts of every HTML page (adding "use strict", for
    // one). The snippets must run as a site builder serves them, so this plugin, the last to transform, puts
    // the page back as it was built, and keeps it out of the transform cache.
    transform(context) {
      const body = pages.get(context.url);
      if (body === undefined) return undefined;
      pages.delete(context.url);
      return {body, transformCache: false};
    },
  };
}
