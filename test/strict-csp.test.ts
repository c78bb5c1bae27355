// The element on a page with a strict Content-Security-Policy and Trusted Types (served by the runner
// plugin at /__strict-csp.html, loading only the bundled build): it must work, resize included, with zero
// violations. A `style` attribute in the template or an unsanctioned DOM sink would show up here.
import {expect} from '@open-wc/testing';
import type {PilotstatusConnect} from '../src/pilotstatus-connect.js';
import {fixtureOrigins, frameOf, nextLoad, postData, record, until, uuid} from './helpers.js';

type StrictWindow = Window & typeof globalThis & {cspViolations: string[]};

describe('on a strict CSP page', () => {
  let page: HTMLIFrameElement;
  let win: StrictWindow;

  before(async () => {
    page = document.createElement('iframe');
    page.src = '/__strict-csp.html';
    document.body.append(page);
    await nextLoad(page);
    win = page.contentWindow as StrictWindow;
    await win.customElements.whenDefined('pilotstatus-connect');
  });

  after(() => page.remove());

  it('the page really is strict: an inline style attribute is refused', async () => {
    const probe = win.document.createElement('div');
    probe.setAttribute('style', 'height: 7px');
    win.document.body.append(probe);
    // The violation report is an event of its own, dispatched after this task.
    await until(() => win.cspViolations.length > 0, 'a violation report');
    expect(probe.getBoundingClientRect().height).to.not.equal(7);
    expect(win.cspViolations.some((v) => v.startsWith('style-src'))).to.equal(true);
    probe.remove();
    win.cspViolations.length = 0;
  });

  it('the page really is strict: a plain string into innerHTML is refused (Trusted Types)', async () => {
    // All three engines enforce require-trusted-types-for, so zero violations below means what it says.
    const probe = win.document.createElement('div');
    let error: unknown;
    try {
      probe.innerHTML = '<b>x</b>';
    } catch (thrown) {
      error = thrown;
    }
    expect((error as Error | undefined)?.name).to.equal('TypeError');
    expect(probe.childNodes.length).to.equal(0);
    // The violation report is an event of its own, dispatched after this task.
    await until(() => win.cspViolations.length > 0, 'a violation report');
    expect(win.cspViolations.some((v) => v.startsWith('require-trusted-types-for'))).to.equal(true);
    win.cspViolations.length = 0;
  });

  it('shows the frame, resizes it and pairs, with zero violations', async () => {
    const el = win.document.createElement('pilotstatus-connect') as PilotstatusConnect;
    el.setAttribute('base-url', (await fixtureOrigins()).http);
    el.setAttribute('token', uuid());
    win.document.body.append(el);
    await el.updateComplete;
    const frame = frameOf(el);
    await nextLoad(frame);
    const recorder = record(el);
    postData(frame, {type: 'resize', height: 360}, {type: 'connect:error', message: 'x'});
    await recorder.waitFor(1);
    // The height is animated (unless the user prefers reduced motion): wait for where it settles.
    await until(() => frame.getBoundingClientRect().height === 360);
    expect(frame.getBoundingClientRect().height).to.equal(360);
    postData(frame, {type: 'connect:paired', numberId: 'strict'});
    const [, paired] = await recorder.waitFor(2);
    expect(paired.detail).to.deep.equal({numberId: 'strict'});
    expect(win.cspViolations).to.deep.equal([]);
  });
});
