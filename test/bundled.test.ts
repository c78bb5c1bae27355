// A page that loads only dist/pilotstatus-connect.bundled.js gets a working element. The page is a blank one
// in a frame, with nothing else on it: no src/ module and no Lit but the one inside the bundle (the test page
// around it has its own, through @open-wc/testing). `npm test` builds first.
import {expect} from '@open-wc/testing';
import {fixtureOrigins, frameOf, nextLoad, postData, record, uuid} from './helpers.js';

const BUNDLE = '/dist/pilotstatus-connect.bundled.js';

type Page = Window & typeof globalThis;

describe('dist/pilotstatus-connect.bundled.js', () => {
  let page: HTMLIFrameElement;
  let win: Page;
  /** `import(specifier)` in the blank page's own realm (its module map, its custom element registry). */
  const importThere = (specifier: string) => win.eval(`import(${JSON.stringify(specifier)})`) as Promise<unknown>;

  before(async () => {
    const response = await fetch(BUNDLE, {method: 'HEAD'});
    if (!response.ok) throw new Error(`${BUNDLE} is missing: run npm run build first.`);
    page = document.createElement('iframe');
    page.src = '/__blank.html';
    const loaded = nextLoad(page);
    document.body.append(page);
    await loaded;
    win = page.contentWindow as Page;
    await importThere(BUNDLE);
  });

  after(() => page.remove());

  it('defines <pilotstatus-connect> and exports its class', async () => {
    const bundle = (await importThere(BUNDLE)) as {PilotstatusConnect: CustomElementConstructor};
    expect(win.customElements.get('pilotstatus-connect')).to.equal(bundle.PilotstatusConnect);
  });

  it('is the only Lit on the page', () => {
    expect(win.document.querySelectorAll('script[src*="lit"]').length).to.equal(0);
    const modules = win.performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(modules.filter((name) => name.includes('/node_modules/lit') || name.includes('/src/'))).to.deep.equal([]);
    expect(
      modules.some((name) => name.endsWith(BUNDLE)),
      'the bundle among the page’s resources',
    ).to.equal(true);
  });

  it('pairs through the real mock frame', async () => {
    const token = uuid();
    const el = win.document.createElement('pilotstatus-connect');
    el.setAttribute('base-url', (await fixtureOrigins()).http);
    el.setAttribute('token', token);
    win.document.body.append(el);
    await el.updateComplete;
    const frame = frameOf(el);
    expect(frame.getAttribute('sandbox')).to.contain('allow-popups-to-escape-sandbox');
    await nextLoad(frame);
    const recorder = record(el);
    postData(frame, {type: 'resize', height: 250}, {type: 'connect:paired', numberId: 'bundled'});
    const [paired] = await recorder.waitFor(1);
    expect(paired.detail).to.deep.equal({numberId: 'bundled'});
    expect(el.getAttribute('state')).to.equal('paired');
    el.remove();
  });

  it('does not throw when the bundle is evaluated a second time beside another copy', async () => {
    // A second module instance (another URL) runs the guarded define again.
    await importThere(`${BUNDLE}?copy`);
    expect(win.customElements.get('pilotstatus-connect')).to.not.equal(undefined);
  });
});
