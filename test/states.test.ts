// What a user sees of each state: the loading indicator, the expired and error panels, their slots,
// `:state()`, parts and custom properties, the language of the built-in texts, and an accessibility audit
// of every state.
import {expect} from '@open-wc/testing';
import {emulateMedia} from '@web/test-runner-commands';
import '../src/index.js';
import type {PilotstatusConnect} from '../src/index.js';
import {
  CONTROL,
  create,
  fixtureOrigins,
  frameOf,
  mount,
  nextLoad,
  part,
  postData,
  record,
  until,
  uuid,
  type FixtureOrigins,
} from './helpers.js';

let origins: FixtureOrigins;
before(async () => {
  origins = await fixtureOrigins();
});

afterEach(() => {
  for (const el of document.querySelectorAll('pilotstatus-connect, .test-root, style.test-style')) el.remove();
  document.documentElement.lang = 'en';
});

const shown = (node: Element | null | undefined) => !!node && node.getClientRects().length > 0;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function addStyle(css: string): void {
  const style = document.createElement('style');
  style.className = 'test-style';
  style.textContent = css;
  document.head.append(style);
}

/** Resolves after the element rendered what a state change asked for. */
async function settled(el: PilotstatusConnect): Promise<void> {
  await el.updateComplete;
}

describe('<pilotstatus-connect> visible states', () => {
  describe('loading', () => {
    it('shows a polite status with the loading text until the Connect page has loaded', async () => {
      const el = create({token: uuid()});
      await settled(el);
      const status = el.shadowRoot!.querySelector('[role="status"]');
      expect(status?.getAttribute('aria-live')).to.equal('polite');
      expect(el.state).to.equal('loading');
      const loading = part(el, 'loading');
      expect(shown(loading)).to.equal(true);
      expect(status!.contains(loading)).to.equal(true);
      expect(text(loading)).to.equal('Loading the WhatsApp connection…');

      await nextLoad(frameOf(el));
      await settled(el);
      expect(el.state).to.equal('ready');
      expect(part(el, 'loading')).to.equal(null);
      expect(shown(frameOf(el))).to.equal(true);
    });

    it('covers the frame while loading, and lets clicks reach it once loaded', async () => {
      const el = create({token: uuid()});
      await settled(el);
      const frame = frameOf(el);
      const box = frame.getBoundingClientRect();
      const middle = [box.left + box.width / 2, box.top + box.height / 2] as const;
      // The loading indicator, or its skeleton: either way not the frame.
      const hit = el.shadowRoot!.elementFromPoint(...middle);
      expect(!!hit && part(el, 'loading')!.contains(hit), 'the loading indicator is hit').to.equal(true);
      await nextLoad(frame);
      await settled(el);
      expect(el.shadowRoot!.elementFromPoint(...middle)).to.equal(frame);
    });

    it('shows slot="loading" content instead of the built-in indicator', async () => {
      const el = create({token: uuid()}, {inner: '<p slot="loading" id="mine">Hold on</p>'});
      await settled(el);
      const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="loading"]')!;
      expect(slot.assignedElements()).to.deep.equal([el.querySelector('#mine')]);
      expect(shown(el.querySelector('#mine'))).to.equal(true);
      // The fallback (skeleton and text) is not rendered once something is slotted.
      expect(shown(el.shadowRoot!.querySelector('.skeleton'))).to.equal(false);
      await nextLoad(frameOf(el));
      await settled(el);
      expect(shown(el.querySelector('#mine'))).to.equal(false);
    });

    it('keeps the skeleton still under prefers-reduced-motion', async () => {
      // Loading for two seconds without a frame (the backend answers late), so the skeleton stays put while
      // the media feature changes.
      const el = create({'token-url': `/__token-url/${uuid()}/hang`});
      await settled(el);
      const skeleton = el.shadowRoot!.querySelector('.skeleton')!;
      expect(getComputedStyle(skeleton).animationName).to.equal('pulse');
      let emulated = true;
      try {
        await emulateMedia({reducedMotion: 'reduce'});
      } catch {
        emulated = false;
      }
      try {
        if (emulated) {
          expect(skeleton.isConnected).to.equal(true);
          expect(getComputedStyle(skeleton).animationName).to.equal('none');
        } else {
          // WebKit's WebDriver cannot emulate media features: check the rule the engine parsed instead
          // (through the CSSOM, since engines serialise the shorthand differently).
          const rules = el.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
          const media = rules.find(
            (rule): rule is CSSMediaRule =>
              rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-reduced-motion: reduce'),
          );
          const skeletonRule = [...(media?.cssRules ?? [])].find(
            (rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && rule.selectorText === '.skeleton',
          );
          expect(skeletonRule?.style.animationName).to.equal('none');
        }
      } finally {
        if (emulated) await emulateMedia({reducedMotion: 'no-preference'});
      }
    });
  });

  describe('expired', () => {
    it('shows the expired panel in place of the frame', async () => {
      const {el, frame} = await mount();
      postData(frame, {type: 'connect:expired'});
      await record(el).waitFor(1);
      await settled(el);
      expect(el.state).to.equal('expired');
      expect(shown(frame)).to.equal(false);
      const panel = part(el, 'panel');
      expect(shown(panel)).to.equal(true);
      expect(text(panel)).to.equal(
        'This connection link has expired For your security, connection links last 24 hours.',
      );
      // Without token-url the element cannot get a new link itself, so it offers no button.
      expect(part(el, 'retry-button')).to.equal(null);
    });

    it('shows slot="expired" content instead of the built-in panel', async () => {
      const el = create({token: uuid()}, {inner: '<div slot="expired" id="mine">Ask for a new link</div>'});
      const frame = frameOf((await settled(el), el));
      await nextLoad(frame);
      postData(frame, {type: 'connect:expired'});
      await record(el).waitFor(1);
      await settled(el);
      expect(shown(el.querySelector('#mine'))).to.equal(true);
      expect(shown(part(el, 'panel')!.querySelector('p'))).to.equal(false);
      expect(el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="expired"]')!.assignedElements()).to.have.length(
        1,
      );
    });
  });

  describe('errors', () => {
    it('shows an error panel, and no frame, for an invalid token', async () => {
      const el = create({token: 'not-a-token'});
      await settled(el);
      expect(el.state).to.equal('error');
      expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
      expect(text(part(el, 'panel'))).to.equal(
        'This connection link is not valid Ask for a new link to connect your number.',
      );
      expect(part(el, 'panel')!.getBoundingClientRect().height).to.be.greaterThan(100);
    });

    it('shows slot="error" content instead of the built-in panel', async () => {
      const el = create({token: 'not-a-token'}, {inner: '<p slot="error" id="mine">Contact support</p>'});
      await settled(el);
      expect(shown(el.querySelector('#mine'))).to.equal(true);
      expect(shown(part(el, 'panel')!.querySelector('p'))).to.equal(false);
    });

    it('leaves a connect:error to the Connect page: no panel, the frame stays visible', async () => {
      const {el, frame} = await mount();
      const events = record(el);
      // The resize after the error (Connect resizes all the time) must not hide the error state.
      postData(
        frame,
        {type: 'connect:error', message: 'number already paired'},
        {type: 'resize', height: 300},
        CONTROL,
      );
      await events.waitFor(2);
      await settled(el);
      expect(el.state).to.equal('error');
      expect(part(el, 'panel')).to.equal(null);
      expect(shown(frame)).to.equal(true);
    });
  });

  describe('styling', () => {
    it('matches :state() for each state in CSS', async function () {
      if (!CSS.supports('selector(:state(x))')) {
        // An engine without CSS custom states: the reflected attribute is the only hook there, and the
        // element must still work (checked by every other test in this engine).
        expect(typeof ElementInternals).to.equal('function');
        return;
      }
      addStyle(`
        pilotstatus-connect:state(idle) { outline-color: rgb(0, 0, 1); }
        pilotstatus-connect:state(loading) { outline-color: rgb(0, 0, 2); }
        pilotstatus-connect:state(ready) { outline-color: rgb(0, 0, 3); }
        pilotstatus-connect:state(error) { outline-color: rgb(0, 0, 4); }
        pilotstatus-connect:state(paired) { outline-color: rgb(0, 0, 5); }
        pilotstatus-connect:state(expired) { outline-color: rgb(0, 0, 6); }`);
      const colour = (el: Element) => getComputedStyle(el).outlineColor;

      const el = create();
      await settled(el);
      expect([el.state, colour(el)]).to.deep.equal(['idle', 'rgb(0, 0, 1)']);
      el.token = uuid();
      await settled(el);
      expect([el.state, colour(el)]).to.deep.equal(['loading', 'rgb(0, 0, 2)']);
      const frame = frameOf(el);
      await nextLoad(frame);
      expect([el.state, colour(el)]).to.deep.equal(['ready', 'rgb(0, 0, 3)']);
      const events = record(el);
      postData(frame, {type: 'connect:error', message: 'x'});
      await events.waitFor(1);
      expect([el.state, colour(el)]).to.deep.equal(['error', 'rgb(0, 0, 4)']);
      postData(frame, {type: 'connect:paired'});
      await events.waitFor(2);
      expect([el.state, colour(el)]).to.deep.equal(['paired', 'rgb(0, 0, 5)']);

      const {el: other, frame: otherFrame} = await mount();
      postData(otherFrame, {type: 'connect:expired'});
      await record(other).waitFor(1);
      expect([other.state, colour(other)]).to.deep.equal(['expired', 'rgb(0, 0, 6)']);
    });

    it('takes its panel colours, radius and accent from the documented custom properties and parts', async () => {
      addStyle(`
        .themed {
          --pilotstatus-connect-panel-background: rgb(10, 20, 30);
          --pilotstatus-connect-panel-color: rgb(240, 241, 242);
          --pilotstatus-connect-radius: 3px;
          --pilotstatus-connect-accent: rgb(200, 0, 0);
        }
        .themed::part(panel) { letter-spacing: 2px; }`);
      const el = create({token: uuid(), class: 'themed', timeout: '50'});
      await record(el).waitFor(1);
      await settled(el);
      const panel = part(el, 'panel')!;
      const style = getComputedStyle(panel);
      expect(style.backgroundColor).to.equal('rgb(10, 20, 30)');
      expect(style.color).to.equal('rgb(240, 241, 242)');
      expect(style.borderTopLeftRadius).to.equal('3px');
      expect(style.letterSpacing).to.equal('2px');
      expect(getComputedStyle(part(el, 'retry-button')!).backgroundColor).to.equal('rgb(200, 0, 0)');
    });

    it('sizes the frame from --pilotstatus-connect-min-height until Connect reports a height', async () => {
      addStyle('.short { --pilotstatus-connect-min-height: 321px; }');
      const el = create({token: uuid(), class: 'short'});
      await settled(el);
      expect(frameOf(el).getBoundingClientRect().height).to.equal(321);
    });
  });

  describe('language', () => {
    const cases = [
      {lang: 'pt-BR', loading: 'Carregando a conexão do WhatsApp…', title: 'Conectar um número de WhatsApp'},
      {lang: 'es', loading: 'Cargando la conexión de WhatsApp…', title: 'Conectar un número de WhatsApp'},
      {lang: 'en-GB', loading: 'Loading the WhatsApp connection…', title: 'Connect a WhatsApp number'},
      {lang: 'de', loading: 'Loading the WhatsApp connection…', title: 'Connect a WhatsApp number'},
    ];
    for (const {lang, loading, title} of cases) {
      it(`speaks ${lang} from the element's own lang, frame title included`, async () => {
        const el = create({token: uuid(), lang});
        await settled(el);
        expect(text(part(el, 'loading'))).to.equal(loading);
        expect(frameOf(el).title).to.equal(title);
      });
    }

    it("takes an ancestor's lang, across a shadow root", async () => {
      const root = document.createElement('div');
      root.className = 'test-root';
      root.lang = 'es';
      const host = document.createElement('div');
      root.append(host);
      document.body.append(root);
      const el = document.createElement('pilotstatus-connect');
      el.baseUrl = origins.http;
      el.token = 'bad';
      host.attachShadow({mode: 'open'}).append(el);
      await el.updateComplete;
      expect(text(part(el, 'panel'))).to.equal(
        'Este enlace de conexión no es válido Pide un enlace nuevo para conectar tu número.',
      );
    });

    it('takes lang="" as an unknown language: English, not an ancestor’s', async () => {
      const root = document.createElement('div');
      root.className = 'test-root';
      root.lang = 'pt';
      document.body.append(root);
      const el = document.createElement('pilotstatus-connect');
      el.setAttribute('lang', '');
      el.token = 'bad';
      root.append(el);
      await settled(el);
      expect(text(part(el, 'panel'))).to.equal(
        'This connection link is not valid Ask for a new link to connect your number.',
      );
    });

    it("falls back to the document's lang", async () => {
      document.documentElement.lang = 'pt';
      const el = create({token: 'bad'});
      await settled(el);
      expect(text(part(el, 'panel'))).to.equal(
        'Este link de conexão não é válido Peça um novo link para conectar o seu número.',
      );
    });

    it('follows a change of its own lang attribute', async () => {
      const el = create({token: 'bad', lang: 'en'});
      await settled(el);
      el.lang = 'es';
      await settled(el);
      expect(text(part(el, 'panel'))).to.equal(
        'Este enlace de conexión no es válido Pide un enlace nuevo para conectar tu número.',
      );
    });
  });

  describe('accessibility', () => {
    it('passes an audit when idle (nothing to show yet)', async () => {
      const el = create();
      await settled(el);
      expect(el.state).to.equal('idle');
      await expect(el).to.be.accessible();
    });

    it('passes an audit while loading and when ready', async () => {
      // Loading while the token is fetched (the first answer fails, the retry comes 500 ms later): axe
      // would wait a minute for an answer from a frame still on its initial about:blank document.
      const el = create({'token-url': `/__token-url/${uuid()}/flaky-1`});
      await settled(el);
      expect(shown(part(el, 'loading'))).to.equal(true);
      await expect(el).to.be.accessible();
      await until(() => el.state === 'ready');
      await settled(el);
      await expect(el).to.be.accessible();
    });

    it('passes an audit when paired and when expired', async () => {
      const {el, frame} = await mount();
      postData(frame, {type: 'connect:paired'});
      await record(el).waitFor(1);
      await settled(el);
      await expect(el).to.be.accessible();

      const {el: other, frame: otherFrame} = await mount();
      postData(otherFrame, {type: 'connect:expired'});
      await record(other).waitFor(1);
      await settled(other);
      await expect(other).to.be.accessible();
    });

    it('passes an audit with an error panel, its button included', async () => {
      const el = create({token: uuid(), timeout: '50'});
      await record(el).waitFor(1);
      await settled(el);
      expect(part(el, 'retry-button')).to.not.equal(null);
      await expect(el).to.be.accessible();
      const invalid = create({token: 'bad'});
      await settled(invalid);
      await expect(invalid).to.be.accessible();
    });
  });
});
