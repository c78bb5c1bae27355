// The builds on pages whose Content-Security-Policy has a `trusted-types` directive (sent as a header by the
// runner's /__blank.html). Lit creates its policy, "lit-html", as it loads; when the directive refuses it,
// dist/embed.js must still define window.PilotStatus, and open()/mount() must say why through onError, with
// one console error naming the directive to add. With the documented directive both builds load side by side.
import {expect, nextFrame} from '@open-wc/testing';
import type {ConnectErrorDetail} from '../src/events.js';
import type {PilotStatusApi} from './embed-helpers.js';
import {fixtureOrigins, frameOf, nextLoad, until, uuid} from './helpers.js';

type Page = Window & typeof globalThis & {PilotStatus?: PilotStatusApi};

const EMBED = '/dist/embed.js';
const BUNDLED = '/dist/pilotstatus-connect.bundled.js';
const DIRECTIVE = "trusted-types lit-html 'allow-duplicates'";

/** A blank page under `csp` in a frame, its console errors recorded, then each build of `builds` in order. */
async function pageWith(csp: string, builds: string[]): Promise<{win: Page; logged: string[]}> {
  const frame = document.createElement('iframe');
  frame.className = 'trusted-types-page';
  frame.src = `/__blank.html?csp=${encodeURIComponent(csp)}`;
  document.body.append(frame);
  await nextLoad(frame);
  const win = frame.contentWindow as Page;
  const logged: string[] = [];
  win.console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  // A build that throws as it runs still fires `load`: the page goes on, as a real one would.
  win.addEventListener('error', (event) => event.preventDefault());
  for (const src of builds) {
    await new Promise<void>((resolve, reject) => {
      const script = win.document.createElement('script');
      if (src === BUNDLED) script.type = 'module';
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`${src} did not load: run npm run build first`));
      win.document.head.append(script);
    });
  }
  return {win, logged};
}

/** What open() reports to onError on `win`, if anything, within a few frames. */
async function openErrors(win: Page): Promise<{errors: ConnectErrorDetail[]; element: Element}> {
  const errors: ConnectErrorDetail[] = [];
  const {connect} = win.PilotStatus!;
  const handle = connect.open({token: uuid(), onError: (e) => errors.push(e)});
  await nextFrame();
  const {element} = handle;
  handle.destroy();
  return {errors, element};
}

afterEach(() => {
  for (const frame of document.querySelectorAll('iframe.trusted-types-page')) frame.remove();
});

describe('Trusted Types', () => {
  it('every engine here enforces the trusted-types directive (so the cases below test something)', async () => {
    const {win} = await pageWith("trusted-types 'none'", []);
    // (By name: which realm's TypeError an engine throws across frames differs.)
    let thrown: unknown;
    try {
      win.trustedTypes!.createPolicy('probe', {createHTML: (s: string) => s});
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error | undefined)?.name).to.equal('TypeError');
  });

  describe("under trusted-types 'none', dist/embed.js", () => {
    it('still defines window.PilotStatus, whose open() reports trusted-types-blocked to onError', async () => {
      const {win} = await pageWith("trusted-types 'none'", [EMBED]);
      expect(win.customElements.get('pilotstatus-connect')).to.equal(undefined);
      expect(win.PilotStatus!.init()).to.equal(win.PilotStatus);
      const {errors, element} = await openErrors(win);
      expect(errors.map((e) => e.code)).to.deep.equal(['trusted-types-blocked']);
      expect(errors[0].message).to.include(DIRECTIVE);
      expect(element.localName).to.equal('pilotstatus-connect');
    });

    it('mount() reports it too, and nothing after destroy()', async () => {
      const {win} = await pageWith("trusted-types 'none'", [EMBED]);
      const errors: string[] = [];
      win.PilotStatus!.connect.mount(win.document.body, {token: uuid(), onError: (e) => errors.push(e.code)});
      win.PilotStatus!.connect.mount(win.document.body, {token: uuid(), onError: (e) => errors.push(e.code)}).destroy();
      await nextFrame();
      expect(errors).to.deep.equal(['trusted-types-blocked']);
    });

    it('logs one console error, naming the directive to add', async () => {
      const {win, logged} = await pageWith("trusted-types 'none'", [EMBED]);
      await openErrors(win);
      await openErrors(win);
      expect(logged.length).to.equal(1);
      expect(logged[0]).to.include(DIRECTIVE);
    });
  });

  describe("under trusted-types lit-html (without 'allow-duplicates')", () => {
    it('the bundled build first, then embed.js: its Lit is refused, and open() says why', async () => {
      const {win, logged} = await pageWith('trusted-types lit-html', [BUNDLED, EMBED]);
      // The element itself is defined, by the bundled build; the drop-in could not load.
      expect(win.customElements.get('pilotstatus-connect')).to.be.a('function');
      const {errors} = await openErrors(win);
      expect(errors.map((e) => e.code)).to.deep.equal(['trusted-types-blocked']);
      expect(logged.filter((line) => line.includes(DIRECTIVE)).length).to.equal(1);
    });

    it('embed.js twice: the second copy is refused and leaves the first one’s open() working', async () => {
      const {win, logged} = await pageWith('trusted-types lit-html', [EMBED, EMBED]);
      expect(logged.filter((line) => line.includes(DIRECTIVE)).length).to.equal(1);
      const {errors, element} = await openErrors(win);
      expect(errors).to.deep.equal([]);
      expect(element).to.be.instanceOf(win.customElements.get('pilotstatus-connect')!);
    });
  });

  describe(`under ${DIRECTIVE}, as the README says`, () => {
    for (const order of [
      [EMBED, BUNDLED],
      [BUNDLED, EMBED],
    ]) {
      it(`both builds load (${order.map((src) => src.split('/').pop()).join(', then ')}) and Connect shows`, async () => {
        const {http} = await fixtureOrigins();
        // (Without require-trusted-types-for, which test/strict-csp.test.ts covers: the test adds the scripts.)
        const {win, logged} = await pageWith(DIRECTIVE, order);
        const errors: ConnectErrorDetail[] = [];
        let ready = false;
        const handle = win.PilotStatus!.connect.mount(win.document.body, {
          token: uuid(),
          baseUrl: http,
          onError: (e) => errors.push(e),
          onReady: () => (ready = true),
        });
        await until(() => ready);
        expect(new URL(frameOf(handle.element as unknown as HTMLElement).src).origin).to.equal(http);
        expect(errors).to.deep.equal([]);
        expect(logged).to.deep.equal([]);
        handle.destroy();
      });
    }
  });
});
