// dist/embed.js's global on a hostile page: markup that clobbers `window.PilotStatus` before the script runs
// (DOM clobbering needs only HTML injection) must not leave the SDK's functions pointing at a DOM node.
import {expect} from '@open-wc/testing';
import {until} from './helpers.js';

interface Api {
  init(): Api;
  connect: {open: unknown; mount: unknown};
}

/** A same-origin page with `body` in it, then dist/embed.js, in a frame; resolves to its window. */
type Page = Window & {PilotStatus?: Api; loaded?: boolean};

async function pageWith(body: string): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.className = 'clobber-page';
  frame.srcdoc = `<!doctype html><html lang="en"><body>${body}<script src="/dist/embed.js"></script><script>window.loaded = true;</script></body></html>`;
  document.body.append(frame);
  await until(
    () =>
      frame.contentWindow?.document.readyState === 'complete' && !!(frame.contentWindow as {loaded?: boolean}).loaded,
  );
  return frame.contentWindow as Page;
}

afterEach(() => {
  for (const frame of document.querySelectorAll('iframe.clobber-page')) frame.remove();
});

describe('window.PilotStatus of dist/embed.js', () => {
  it('replaces a DOM node that clobbers the name, instead of extending it', async () => {
    const win = await pageWith('<form id="PilotStatus"><input name="connect"><input name="init"></form>');
    const api = win.PilotStatus!;
    expect(api).to.not.be.instanceOf((win as unknown as typeof globalThis).HTMLElement);
    expect(api.connect.open).to.be.a('function');
    expect(api.connect.mount).to.be.a('function');
    expect(api.init()).to.equal(api);
  });

  it('extends the SDK’s own plain object, keeping what it had', async () => {
    const win = await pageWith('<script>window.PilotStatus = {chat: {open: function () {}}};</script>');
    const api = win.PilotStatus as Api & {chat?: {open: unknown}};
    expect(api.chat?.open).to.be.a('function');
    expect(api.connect.open).to.be.a('function');
    expect(api.init()).to.equal(api);
  });
});
