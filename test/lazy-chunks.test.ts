// The ESM builds load token-url's request code as a chunk beside them (dist/chunks/), when the first request
// is due. Here the bundled build, in a page of its own: with its chunks it fetches the link as always; served
// from a folder without them (the runner's /__no-chunks/), the failed import is a pilotstatus-error with code
// load-failed, never an unhandled rejection, and no request is made. debug's sentences are a chunk too, fetched once
// an element has debug; without it, debug logs its notes unworded.
import {expect, oneEvent} from '@open-wc/testing';
import type {ConnectErrorDetail} from '../src/events.js';
import type {PilotstatusConnect} from '../src/pilotstatus-connect.js';
import {fixtureOrigins, frameOf, nextLoad, until, uuid} from './helpers.js';

type Page = Window & typeof globalThis;

/** A blank page in a frame with the bundled build from `src`; its unhandled rejections are recorded. */
async function pageWith(src: string): Promise<{win: Page; rejections: unknown[]}> {
  const frame = document.createElement('iframe');
  frame.className = 'lazy-chunks-page';
  frame.src = '/__blank.html';
  document.body.append(frame);
  await nextLoad(frame);
  const win = frame.contentWindow as Page;
  const rejections: unknown[] = [];
  win.addEventListener('unhandledrejection', (event) => rejections.push(event.reason));
  const script = win.document.createElement('script');
  script.type = 'module';
  script.src = src;
  win.document.head.append(script);
  await win.customElements.whenDefined('pilotstatus-connect');
  return {win, rejections};
}

/** An element on `win` with a token-url of the runner's backend; its errors and that backend's log. */
async function withTokenUrl(
  win: Page,
): Promise<{el: PilotstatusConnect; errors: ConnectErrorDetail[]; requests: () => Promise<unknown[]>}> {
  const key = uuid();
  const el = win.document.createElement('pilotstatus-connect');
  // The mock Connect: no frame of these tests leaves loopback.
  el.setAttribute('base-url', (await fixtureOrigins()).http);
  const errors: ConnectErrorDetail[] = [];
  el.addEventListener('pilotstatus-error', (event) => errors.push(event.detail));
  el.setAttribute('token-url', `/__token-url/${key}/token`);
  win.document.body.append(el);
  return {el, errors, requests: () => fetch(`/__token-url/${key}/log`).then((r) => r.json() as Promise<unknown[]>)};
}

afterEach(() => {
  for (const frame of document.querySelectorAll('iframe.lazy-chunks-page')) frame.remove();
});

describe('the lazy token-url chunk of the bundled build', () => {
  it('loads beside the build, and the link is fetched and shown', async () => {
    const {win, rejections} = await pageWith('/dist/pilotstatus-connect.bundled.js');
    const {el, errors, requests} = await withTokenUrl(win);
    await until(() => !!el.shadowRoot?.querySelector('iframe'));
    expect(frameOf(el).src).to.match(/^http:\/\/127\.0\.0\.1:\d+\/connect\/[0-9a-f-]{36}\?/);
    expect((await requests()).length).to.equal(1);
    expect(errors).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });

  it('that cannot be loaded is reported as load-failed, with no request and no unhandled rejection', async () => {
    const {win, rejections} = await pageWith('/__no-chunks/pilotstatus-connect.bundled.js');
    const {el, errors, requests} = await withTokenUrl(win);
    await until(() => errors.length > 0);
    expect(errors.map((e) => e.code)).to.deep.equal(['load-failed']);
    expect(errors[0].message).to.include('could not load');
    expect(el.state).to.equal('error');
    // "Try again" is offered, as for any failure that a second attempt may fix.
    expect(el.shadowRoot!.querySelector('[part~="retry-button"]')).to.not.equal(null);
    expect(await requests()).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });
});

describe("the lazy debug chunk of the bundled build (debug's sentences)", () => {
  /** An element on `win` showing the mock Connect, and its console.debug lines (arguments as strings). */
  async function connected(win: Page): Promise<{el: PilotstatusConnect; lines: string[][]}> {
    const lines: string[][] = [];
    win.console.debug = (...args: unknown[]) => lines.push(args.map((arg) => JSON.stringify(arg)));
    const el = win.document.createElement('pilotstatus-connect');
    el.setAttribute('base-url', (await fixtureOrigins()).http);
    el.setAttribute('token', uuid());
    win.document.body.append(el);
    await until(() => el.state === 'ready');
    return {el, lines};
  }
  const fetched = (win: Page) =>
    win.performance.getEntriesByType('resource').filter((entry) => /\/chunks\/explain-/.test(entry.name)).length;

  it('is fetched only once an element has debug, and words what it ignored', async () => {
    const {win, rejections} = await pageWith('/dist/pilotstatus-connect.bundled.js');
    const {el, lines} = await connected(win);
    win.postMessage({type: 'connect:paired'}, '*');
    await oneEvent(win, 'message');
    expect(fetched(win)).to.equal(0);
    expect(lines).to.deep.equal([]);
    el.debug = true;
    await el.updateComplete;
    win.postMessage({type: 'connect:paired'}, '*');
    await until(() => lines.length > 0);
    expect(lines).to.deep.equal([
      [JSON.stringify('<pilotstatus-connect> ignored a message: it does not come from this element’s current frame.')],
    ]);
    expect(fetched(win)).to.equal(1);
    expect(rejections).to.deep.equal([]);
  });

  it('that cannot be loaded leaves debug its notes, unworded, with no error and no unhandled rejection', async () => {
    const {win, rejections} = await pageWith('/__no-chunks/pilotstatus-connect.bundled.js');
    const {el, lines} = await connected(win);
    const errors: unknown[] = [];
    el.addEventListener('pilotstatus-error', (event) => errors.push(event.detail));
    el.debug = true;
    await el.updateComplete;
    win.postMessage({type: 'connect:paired'}, '*');
    await until(() => lines.length > 0);
    expect(lines).to.deep.equal([[JSON.stringify(['frame'])]]);
    expect(el.state).to.equal('ready');
    expect(errors).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });
});
