// A page that loads only dist/pilotstatus-connect.bundled.js (no src/ module, and no Lit but the one
// inside the bundle: plain chai, not @open-wc/testing) gets a working element. `npm test` builds first.
import {expect} from '@esm-bundle/chai';
import {fixtureOrigins, frameOf, nextLoad, postData, record, uuid} from './helpers.js';

const BUNDLE = '/dist/pilotstatus-connect.bundled.js';

describe('dist/pilotstatus-connect.bundled.js', () => {
  before(async () => {
    const response = await fetch(BUNDLE, {method: 'HEAD'});
    if (!response.ok) throw new Error(`${BUNDLE} is missing: run npm run build first.`);
    await import(/* @vite-ignore */ BUNDLE);
  });

  it('defines <pilotstatus-connect> and exports its class', async () => {
    const bundle = (await import(/* @vite-ignore */ BUNDLE)) as {PilotstatusConnect: CustomElementConstructor};
    expect(customElements.get('pilotstatus-connect')).to.equal(bundle.PilotstatusConnect);
  });

  it('is the only Lit on the page', () => {
    expect(document.querySelectorAll('script[src*="lit"]').length).to.equal(0);
    const modules = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(modules.filter((name) => name.includes('/node_modules/lit') || name.includes('/src/'))).to.deep.equal([]);
  });

  it('pairs through the real mock frame', async () => {
    const token = uuid();
    const el = document.createElement('pilotstatus-connect');
    el.setAttribute('base-url', (await fixtureOrigins()).http);
    el.setAttribute('token', token);
    document.body.append(el);
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
    await import(/* @vite-ignore */ `${BUNDLE}?copy`);
    expect(customElements.get('pilotstatus-connect')).to.not.equal(undefined);
  });
});
