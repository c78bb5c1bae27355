// The README's CMS / no-code snippets, pasted into a site-builder page as they are written there (served by
// test/plugins/framework-harness.mjs at /__cms/<snippet>.html: the CDN address becomes the local dist/ build
// and the element points at the mock Connect origin, nothing else changes), driven by the real mock frame.
import {expect} from '@open-wc/testing';
import type {PilotstatusConnect} from '../../src/pilotstatus-connect.js';
import {connectUrl, fixtureOrigins, frameOf, nextLoad, postData, until, uuid} from '../helpers.js';

type PageWindow = Window & typeof globalThis & {pageErrors: string[]};

const SNIPPETS = ['cms-module', 'cms-classic'] as const;

describe('CMS / no-code snippets', () => {
  let origin: string;
  let page: HTMLIFrameElement | undefined;

  before(async () => {
    origin = (await fixtureOrigins()).http;
  });
  afterEach(() => page?.remove());

  /** Opens the CMS page with `snippet` as a customer opens it from their pairing link (`#token=…`). */
  async function visit(snippet: string, hash: string): Promise<{win: PageWindow; doc: Document}> {
    page = document.createElement('iframe');
    page.src = `/__cms/${snippet}.html?connect=${encodeURIComponent(origin)}${hash}`;
    page.style.width = '800px';
    page.style.height = '900px';
    const loaded = nextLoad(page);
    document.body.append(page);
    await loaded;
    const win = page.contentWindow as PageWindow;
    expect(win.pageErrors, 'errors on the page').to.deep.equal([]);
    return {win, doc: page.contentDocument!};
  }

  /** The element the snippet put on the page, once its Connect page has loaded. */
  async function connected(doc: Document): Promise<{el: PilotstatusConnect; frame: HTMLIFrameElement}> {
    await until(() => doc.querySelector('pilotstatus-connect') !== null);
    const el = doc.querySelector('pilotstatus-connect')!;
    await el.updateComplete;
    const frame = frameOf(el);
    if (el.state !== 'ready') await nextLoad(frame);
    return {el, frame};
  }

  /** What the visitor reads where the snippet was pasted (the text of its scripts aside). */
  function text(doc: Document): string {
    const block = doc.querySelector('.entry-content')!.cloneNode(true) as Element;
    for (const script of block.querySelectorAll('script')) script.remove();
    return block.textContent!.trim();
  }

  /** The code block between `<!-- snippet:<name> -->` markers in README.md, as the README holds it. */
  async function readmeSnippet(name: string): Promise<string> {
    const readme = await (await fetch('/README.md')).text();
    const section = readme.split(`<!-- snippet:${name} -->`)[1]?.split(`<!-- /snippet:${name} -->`)[0] ?? '';
    const code = /^```html\n([\s\S]*?)^```$/m.exec(section)?.[1];
    if (!code) throw new Error(`README.md has no html block between snippet:${name} markers`);
    return code;
  }

  for (const snippet of SNIPPETS) {
    describe(snippet, () => {
      it('is on the page as the README writes it: the same inline scripts, the CDN files from dist/', async () => {
        const code = await readmeSnippet(snippet);
        const {doc} = await visit(snippet, `#token=${uuid()}`);
        const scripts = [...doc.querySelectorAll('.entry-content script')] as HTMLScriptElement[];
        const inline = scripts.filter((script) => !script.src);
        const external = scripts.filter((script) => script.src);
        expect(inline.length, 'inline scripts').to.be.greaterThan(0);
        // The one edit to a script: the mock Connect origin as the options' baseUrl.
        for (const script of inline) expect(code).to.include(script.text.replace(`baseUrl: '${origin}', `, ''));
        expect(external.map((script) => new URL(script.src).pathname)).to.have.members(
          [...code.matchAll(/src="https:\/\/[^"]*(\/dist\/[\w.-]+\.js)"/g)].map((match) => match[1]),
        );
      });

      it('shows Connect for the token in the address, then says the number is connected', async () => {
        const token = uuid();
        const {win, doc} = await visit(snippet, `#token=${token}`);
        const {el, frame} = await connected(doc);
        expect(frame.src).to.equal(connectUrl(`${origin}`, token));
        expect(frame.getBoundingClientRect().height, 'the frame is visible').to.be.greaterThan(100);

        // A failure the Connect page reports is its own to show: the page goes on.
        postData(frame, {type: 'connect:error', message: 'try again'});
        await until(() => el.state === 'error');
        expect(el.isConnected).to.equal(true);

        postData(frame, {type: 'connect:paired', numberId: 'cms'});
        await until(() => !el.isConnected);
        expect(text(doc)).to.equal('Your WhatsApp number is connected.');
        expect(frame.contentWindow, 'the Connect document is gone').to.equal(null);
        expect(win.pageErrors).to.deep.equal([]);
      });

      it('says so when the link has expired', async () => {
        const {win, doc} = await visit(snippet, `#token=${uuid()}`);
        const {el, frame} = await connected(doc);
        postData(frame, {type: 'connect:expired'});
        await until(() => !el.isConnected);
        expect(text(doc)).to.equal('This link has expired: ask us for a new one.');
        expect(win.pageErrors).to.deep.equal([]);
      });

      it('asks for the pairing link when the address has no token', async () => {
        const {win, doc} = await visit(snippet, '');
        expect(doc.querySelector('pilotstatus-connect')).to.equal(null);
        expect(text(doc)).to.equal('Open this page from your pairing link.');
        expect(win.pageErrors).to.deep.equal([]);
      });
    });
  }
});
