// dist/index.js, the npm entry (minified, private names shortened, Lit left as an import that the test
// runner resolves the way a bundler would): importing it defines a working element.
import {expect} from '@open-wc/testing';
import {fixtureOrigins, frameOf, frames, nextLoad, postData, record, until, uuid} from './helpers.js';

const ENTRY = '/dist/index.js';

describe('dist/index.js', () => {
  let entry: Record<string, unknown>;
  before(async () => {
    entry = (await import(/* @vite-ignore */ ENTRY)) as Record<string, unknown>;
  });

  it('defines <pilotstatus-connect> and exports the class and the pure helpers', () => {
    expect(customElements.get('pilotstatus-connect')).to.equal(entry.PilotstatusConnect);
    for (const name of ['parseConnectMessage', 'isValidToken', 'parseBaseUrl', 'buildFrameUrl', 'safeRedirectUrl']) {
      expect(entry[name], name).to.be.a('function');
    }
  });

  it('resizes, pairs and reflects its state through the real mock frame', async () => {
    const el = document.createElement('pilotstatus-connect');
    el.setAttribute('base-url', (await fixtureOrigins()).http);
    el.setAttribute('token', uuid());
    document.body.append(el);
    await el.updateComplete;
    const frame = frameOf(el);
    await nextLoad(frame);
    expect(el.getAttribute('state')).to.equal('ready');
    const recorder = record(el);
    postData(frame, {type: 'resize', height: 250}, {type: 'connect:error', message: 'x'});
    await recorder.waitFor(1);
    await frames(2);
    expect(frame.style.height).to.equal('250px');
    postData(frame, {type: 'connect:paired', numberId: 'dist', redirectUrl: 'javascript:alert(1)'});
    const [, paired] = await recorder.waitFor(2);
    expect(paired.detail).to.deep.equal({numberId: 'dist'});
    expect(el.state).to.equal('paired');
    el.remove();
  });
});

describe('dist/open.js (@pilotstatus/connect-element/embed) and dist/index.js', () => {
  it('export the same open() and mount(): one copy for a page that imports both', async () => {
    const main = (await import(/* @vite-ignore */ '/dist/index.js' as string)) as typeof import('../src/index.js');
    const sub = (await import(/* @vite-ignore */ '/dist/open.js' as string)) as typeof import('../src/drop-in.js');
    expect(typeof main.open).to.equal('function');
    expect(main.open).to.equal(sub.open);
    expect(main.mount).to.equal(sub.mount);
  });

  type Embed = typeof import('../src/drop-in.js');
  let embed: Embed;
  before(async () => {
    embed = (await import(/* @vite-ignore */ '/dist/open.js' as string)) as Embed;
  });

  it('opens a modal and mounts inline, both working against the real mock frame', async () => {
    const baseUrl = (await fixtureOrigins()).http;
    const modal = embed.open({token: uuid(), baseUrl});
    expect(modal.element.closest('dialog')!.matches(':modal')).to.equal(true);
    modal.destroy();

    const target = document.createElement('div');
    document.body.append(target);
    const paired: unknown[] = [];
    const inline = embed.mount(target, {token: uuid(), baseUrl, onPaired: (d) => paired.push(d)});
    await inline.element.updateComplete;
    const frame = frameOf(inline.element);
    await nextLoad(frame);
    postData(frame, {type: 'connect:paired', numberId: 'esm'});
    await until(() => paired.length > 0, 'onPaired');
    expect(paired).to.deep.equal([{numberId: 'esm'}]);
    inline.destroy();
    target.remove();
  });
});
