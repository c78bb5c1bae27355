// dist/index.js, the npm entry (minified, private names shortened, Lit left as an import that the test
// runner resolves the way a bundler would): importing it defines a working element.
import {expect} from '@esm-bundle/chai';
import {fixtureOrigins, frameOf, nextLoad, postData, record, uuid} from './helpers.js';

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
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(frame.style.height).to.equal('250px');
    postData(frame, {type: 'connect:paired', numberId: 'dist', redirectUrl: 'javascript:alert(1)'});
    const [, paired] = await recorder.waitFor(2);
    expect(paired.detail).to.deep.equal({numberId: 'dist'});
    expect(el.state).to.equal('paired');
    el.remove();
  });
});
