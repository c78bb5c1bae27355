// What a person meets in each state, finished: `pilotstatus-ready`, focus that follows what the element
// replaces (with real key presses), panels that fit their content, colours that follow the page's
// colour scheme (and forced colours), the language and colour scheme forwarded to Connect, and the default
// timeout on a fake clock.
import {expect} from '@open-wc/testing';
import {emulateMedia, sendKeys} from '@web/test-runner-commands';
import '../src/index.js';
import type {PilotstatusConnect} from '../src/index.js';
import {
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
  for (const node of document.querySelectorAll('pilotstatus-connect, .test-root')) node.remove();
  document.documentElement.style.colorScheme = '';
});

/** Counts `pilotstatus-ready` on `el`. */
function readies(el: HTMLElement): {count: () => number} {
  let count = 0;
  el.addEventListener('pilotstatus-ready', (event) => {
    expect((event as CustomEvent).detail).to.deep.equal({});
    expect(event.bubbles && event.composed).to.equal(true);
    count++;
  });
  return {count: () => count};
}

/** A control the keyboard starts from, before the element in tab order. */
function startButton(): HTMLButtonElement {
  const root = document.createElement('div');
  root.className = 'test-root';
  const button = document.createElement('button');
  button.textContent = 'before';
  root.append(button);
  document.body.prepend(root);
  return button;
}

describe('pilotstatus-ready', () => {
  it('fires once per frame document: at load, not again when it speaks, again after re-insertion', async () => {
    const el = create({token: uuid()});
    const ready = readies(el);
    await el.updateComplete;
    await nextLoad(frameOf(el));
    await until(() => ready.count() === 1);
    postData(frameOf(el), {type: 'resize', height: 300}, {type: 'connect:error', message: 'x'});
    await record(el).waitFor(1);
    expect(ready.count()).to.equal(1);
    el.remove();
    document.body.append(el);
    await nextLoad(frameOf(el));
    await until(() => ready.count() === 2);
    expect(ready.count()).to.equal(2);
  });

  it('never fires for a token that already paired, shown again', async () => {
    const token = uuid();
    const {el, frame} = await mount({token});
    postData(frame, {type: 'connect:paired'});
    await record(el).waitFor(1);
    el.token = uuid();
    await el.updateComplete;
    const ready = readies(el);
    el.token = token;
    await el.updateComplete;
    await nextLoad(frameOf(el));
    // A message after the load proves the load was handled (and announced, had it been due).
    const recorder = record(el);
    postData(frameOf(el), {type: 'connect:error', message: 'ignored'});
    await el.updateComplete;
    expect(el.state).to.equal('paired');
    expect(ready.count()).to.equal(0);
    expect(recorder.events).to.deep.equal([]);
  });
});

describe('focus', () => {
  it('follows “Try again” from the keyboard to the loading indicator and then the frame, never <body>', async () => {
    const before = startButton();
    const el = create({token: uuid(), timeout: '1'});
    await until(() => !!part(el, 'retry-button'));
    el.timeout = 0;
    before.focus();
    await sendKeys({press: 'Tab'});
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'retry-button'));
    await sendKeys({press: 'Enter'});
    await el.updateComplete;
    expect(document.activeElement).to.equal(el);
    expect([part(el, 'loading'), frameOf(el)]).to.include(el.shadowRoot!.activeElement);
    await until(() => el.state === 'ready');
    await el.updateComplete;
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(frameOf(el));
  });

  it('follows “Get a new link” (token-url) from the keyboard to the loading indicator and the new frame', async () => {
    const before = startButton();
    const el = create({'token-url': `/__token-url/${uuid()}/token`});
    await until(() => el.state === 'ready');
    // The renewed link expires at once: no second renewal by itself, the panel offers the button instead.
    const first = frameOf(el);
    postData(first, {type: 'connect:expired'});
    await until(() => el.state === 'ready' && el.shadowRoot!.querySelector('iframe') !== first);
    const second = frameOf(el);
    postData(second, {type: 'connect:expired'});
    await until(() => !!part(el, 'retry-button'));
    // The next link comes two seconds late, so that the loading indicator can be seen with focus.
    el.tokenUrl = `/__token-url/${uuid()}/hang`;
    before.focus();
    await sendKeys({press: 'Tab'});
    expect(el.shadowRoot!.activeElement === part(el, 'retry-button'), 'focus on the button').to.equal(true);
    await sendKeys({press: 'Enter'});
    await el.updateComplete;
    // Booleans, not elements: a failed assertion about an iframe serialises it, and that hangs the run.
    expect(el.shadowRoot!.querySelector('iframe') === null, 'the old frame gone').to.equal(true);
    expect(document.activeElement === el, 'focus in the element').to.equal(true);
    expect(el.shadowRoot!.activeElement === part(el, 'loading'), 'focus on the loading indicator').to.equal(true);
    await until(() => el.state === 'ready');
    await el.updateComplete;
    const third = frameOf(el);
    expect(third !== second, 'a new frame').to.equal(true);
    expect(document.activeElement === el, 'focus in the element').to.equal(true);
    expect(el.shadowRoot!.activeElement === third, 'focus on the new frame').to.equal(true);
  });

  it('moves from the frame to the expired panel when the link expires while the frame has focus', async () => {
    const {el, frame} = await mount();
    frame.focus();
    expect(el.shadowRoot!.activeElement).to.equal(frame);
    postData(frame, {type: 'connect:expired'});
    await record(el).waitFor(1);
    await el.updateComplete;
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'panel'));
    // Focusable, but not a tab stop of its own.
    expect(part(el, 'panel')!.tabIndex).to.equal(-1);
  });

  it('goes to the panel’s button when it has one, otherwise to the panel', async () => {
    const {el, frame} = await mount();
    frame.focus();
    el.token = 'not-a-token';
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'panel'));

    const waiting = create({token: uuid(), timeout: '600000'});
    await waiting.updateComplete;
    part(waiting, 'loading')!.focus();
    expect(waiting.shadowRoot!.activeElement).to.equal(part(waiting, 'loading'));
    waiting.timeout = 1;
    await until(() => !!part(waiting, 'retry-button'));
    await waiting.updateComplete;
    expect(waiting.shadowRoot!.activeElement).to.equal(part(waiting, 'retry-button'));
  });

  it('never takes focus that is elsewhere on the page', async () => {
    const input = document.createElement('input');
    const root = document.createElement('div');
    root.className = 'test-root';
    root.append(input);
    document.body.append(root);
    const {el, frame} = await mount();
    input.focus();
    postData(frame, {type: 'connect:expired'});
    await record(el).waitFor(1);
    await el.updateComplete;
    expect(document.activeElement).to.equal(input);
  });
});

describe('panels and height', () => {
  it('sizes a panel to its content, with a title, a sentence and an icon', async () => {
    const el = create({token: 'bad'});
    await el.updateComplete;
    const panel = part(el, 'panel')!;
    expect(panel.querySelector('strong')!.textContent).to.equal('This connection link is not valid');
    expect(panel.querySelector('p')!.textContent).to.equal('Ask for a new link to connect your number.');
    expect(panel.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(panel.getBoundingClientRect().height).to.be.below(300);
  });

  it('shows the loading indicator at the last height Connect reported while a new link is on its way', async () => {
    const {el, frame} = await mount();
    postData(frame, {type: 'resize', height: 345});
    await until(() => frame.style.height === '345px');
    el.token = null;
    el.tokenUrl = `/__token-url/${uuid()}/hang`;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
    expect(part(el, 'loading')!.style.minHeight).to.equal('345px');
  });

  it('animates height changes, except under prefers-reduced-motion', () => {
    const sheet = (document.createElement('pilotstatus-connect').constructor as typeof PilotstatusConnect)
      .elementStyles[0] as unknown as {styleSheet: CSSStyleSheet};
    const rules = [...sheet.styleSheet.cssRules];
    const iframe = rules.find(
      (rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && rule.selectorText === 'iframe',
    );
    expect(iframe?.style.transitionProperty).to.equal('height');
    const reduced = rules.find(
      (rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.conditionText.includes('reduced-motion'),
    );
    const still = [...(reduced?.cssRules ?? [])].find(
      (rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && rule.selectorText.includes('iframe'),
    );
    expect(still?.style.transitionProperty || still?.style.transition).to.equal('none');
  });
});

describe('colours', () => {
  const background = (el: PilotstatusConnect) => getComputedStyle(part(el, 'panel')!).backgroundColor;
  const color = (el: PilotstatusConnect) => getComputedStyle(part(el, 'panel')!).color;

  it('follows a light page (and an undeclared one) with light panels', async () => {
    const el = create({token: 'bad'});
    await el.updateComplete;
    expect(background(el)).to.equal('rgb(246, 248, 250)');
    expect(color(el)).to.equal('rgb(31, 35, 40)');
  });

  it('follows a page that declares dark with dark panels', async () => {
    document.documentElement.style.colorScheme = 'dark';
    const el = create({token: uuid(), timeout: '1'});
    await until(() => !!part(el, 'retry-button'));
    expect(background(el)).to.equal('rgb(22, 27, 34)');
    expect(color(el)).to.equal('rgb(230, 237, 243)');
  });

  it('puts --pilotstatus-connect-on-accent on the button and the radius on the frame too', async () => {
    const root = document.createElement('div');
    root.className = 'test-root';
    root.setAttribute(
      'style',
      '--pilotstatus-connect-accent: #ffd33d; --pilotstatus-connect-on-accent: #111111; --pilotstatus-connect-radius: 14px',
    );
    document.body.append(root);
    const el = create({token: uuid(), timeout: '1'}, {parent: root});
    await until(() => !!part(el, 'retry-button'));
    const button = getComputedStyle(part(el, 'retry-button')!);
    expect(button.backgroundColor).to.equal('rgb(255, 211, 61)');
    expect(button.color).to.equal('rgb(17, 17, 17)');
    await expect(el).to.be.accessible();
    const {el: framed} = await mount({}, {parent: root});
    expect(getComputedStyle(frameOf(framed)).borderTopLeftRadius).to.equal('14px');
  });

  it('gives boxes and buttons a visible edge under forced colours', async () => {
    let emulated = true;
    try {
      await emulateMedia({forcedColors: 'active'});
    } catch {
      // WebDriver (WebKit) cannot emulate media: the parsed rule is checked instead, below.
      emulated = false;
    }
    try {
      const el = create({token: uuid(), timeout: '1'});
      await until(() => !!part(el, 'retry-button'));
      if (emulated && matchMedia('(forced-colors: active)').matches) {
        expect(getComputedStyle(part(el, 'panel')!).borderTopStyle).to.equal('solid');
        expect(getComputedStyle(part(el, 'retry-button')!).borderTopStyle).to.equal('solid');
      } else {
        const sheet = (el.constructor as typeof PilotstatusConnect).elementStyles[0] as unknown as {
          styleSheet: CSSStyleSheet;
        };
        const forced = [...sheet.styleSheet.cssRules].find(
          (rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.conditionText.includes('forced-colors'),
        );
        const box = [...(forced?.cssRules ?? [])].find(
          (rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && rule.selectorText.includes('.box'),
        );
        expect(box?.style.borderTopStyle).to.equal('solid');
      }
    } finally {
      if (emulated) await emulateMedia({forcedColors: 'none'});
    }
  });
});

describe('an audit of every state', () => {
  /** A frame whose Connect page has loaded, and the state that follows a message from it. */
  async function after(message: unknown, attributes: Record<string, string> = {}): Promise<PilotstatusConnect> {
    const el = create({token: uuid(), ...attributes});
    await until(() => el.state === 'ready');
    postData(frameOf(el), message);
    await until(() => el.state !== 'ready');
    return el;
  }

  /** `token-url` on its way for as long as the test runs: a fetch that answers only when aborted. */
  async function loading(): Promise<PilotstatusConnect> {
    const real = window.fetch;
    let asked = false;
    window.fetch = (_input, init) => {
      asked = true;
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    };
    try {
      const el = create({'token-url': `/__token-url/${uuid()}/token`});
      await until(() => asked);
      return el;
    } finally {
      window.fetch = real;
    }
  }

  /** The panel a Content-Security-Policy that blocks the frame brings (a real policy: options.test.ts). */
  async function cspBlocked(): Promise<PilotstatusConnect> {
    const el = create({token: uuid()});
    await el.updateComplete;
    const init: SecurityPolicyViolationEventInit = {
      blockedURI: frameOf(el).src,
      documentURI: location.href,
      disposition: 'enforce',
      effectiveDirective: 'frame-src',
      violatedDirective: 'frame-src',
      originalPolicy: "frame-src 'none'",
      statusCode: 200,
    };
    document.dispatchEvent(new SecurityPolicyViolationEvent('securitypolicyviolation', init));
    return el;
  }

  // Every state a person can meet, each built-in panel among them, with the error code it shows and whether
  // it has a button.
  interface Case {
    name: string;
    make: () => Promise<PilotstatusConnect> | PilotstatusConnect;
    state: string;
    code?: string;
    button?: boolean;
  }
  const cases: Case[] = [
    {name: 'idle', make: () => create(), state: 'idle'},
    {name: 'loading', make: loading, state: 'loading'},
    {name: 'ready', make: () => create({token: uuid()}), state: 'ready'},
    {name: 'paired', make: () => after({type: 'connect:paired'}), state: 'paired'},
    {name: 'expired', make: () => after({type: 'connect:expired'}), state: 'expired'},
    {
      name: 'expired, with “Get a new link”',
      make: () => after({type: 'connect:expired'}, {renewable: ''}),
      state: 'expired',
      button: true,
    },
    {name: 'invalid-token', make: () => create({token: 'not-a-token'}), state: 'error', code: 'invalid-token'},
    {
      name: 'invalid-base-url',
      make: () => create({token: uuid(), 'base-url': 'ftp://example.com'}),
      state: 'error',
      code: 'invalid-base-url',
    },
    {
      name: 'invalid-branding',
      make: () => create({token: uuid(), branding: `a=${'x'.repeat(2048)}&b=${'x'.repeat(2048)}`}),
      state: 'error',
      code: 'invalid-branding',
    },
    {name: 'csp-blocked', make: cspBlocked, state: 'error', code: 'csp-blocked'},
    {name: 'timeout', make: () => create({token: uuid(), timeout: '1'}), state: 'error', code: 'timeout', button: true},
    {
      name: 'token-fetch-failed',
      make: () => create({'token-url': `/__token-url/${uuid()}/status-404`}),
      state: 'error',
      code: 'token-fetch-failed',
      button: true,
    },
  ];
  const panel = {light: 'rgb(246, 248, 250)', dark: 'rgb(22, 27, 34)'};

  for (const scheme of ['light', 'dark'] as const) {
    for (const {name, make, state, code, button = false} of cases) {
      it(`finds no violation: ${name}, on a ${scheme} page`, async () => {
        document.documentElement.style.colorScheme = scheme;
        const errors: string[] = [];
        const onError = (event: Event) => errors.push((event as CustomEvent<{code: string}>).detail.code);
        document.addEventListener('pilotstatus-error', onError);
        try {
          const el = await make();
          await until(() => el.state === state && (!code || errors.includes(code)));
          await el.updateComplete;
          // What is audited is what the case names, in the page's colours.
          const box = part(el, 'panel') ?? part(el, 'loading');
          expect(!!box, 'a panel or the loading indicator').to.equal(['loading', 'expired', 'error'].includes(state));
          if (box) expect(getComputedStyle(box).backgroundColor).to.equal(panel[scheme]);
          expect(!!part(el, 'retry-button'), 'a button').to.equal(button);
          const frame = el.shadowRoot!.querySelector('iframe');
          if (frame) expect(new URL(frame.src).searchParams.get('colorScheme')).to.equal(scheme);
          await expect(el).to.be.accessible();
        } finally {
          document.removeEventListener('pilotstatus-error', onError);
        }
      });
    }
  }
});

describe('what the frame URL forwards', () => {
  it('the language of the element’s texts and the page’s colour scheme', async () => {
    document.documentElement.style.colorScheme = 'dark';
    const root = document.createElement('div');
    root.className = 'test-root';
    root.lang = 'pt-BR';
    document.body.append(root);
    const el = create({token: uuid()}, {parent: root});
    await el.updateComplete;
    const url = new URL(frameOf(el).src);
    expect(url.searchParams.get('lang')).to.equal('pt-BR');
    expect(url.searchParams.get('colorScheme')).to.equal('dark');
    // The mock Connect page honours both.
    await nextLoad(frameOf(el));
  });

  it('below the branding attribute’s own keys', async () => {
    const el = create({token: uuid(), branding: 'lang=es&colorScheme=dark&name=Acme'});
    await el.updateComplete;
    expect(new URL(frameOf(el).src).search).to.equal('?lang=es&colorScheme=dark&name=Acme');
  });
});

describe('the default timeout', () => {
  it('is 30,000 ms, and says which origin to allow when it fires', async () => {
    // A fake clock for this one timer: the element's setTimeout calls are captured instead of waited out.
    const armed: {callback: () => void; ms: number}[] = [];
    const real = window.setTimeout;
    window.setTimeout = ((callback: () => void, ms?: number) => {
      armed.push({callback, ms: ms ?? 0});
      return 0;
    }) as typeof setTimeout;
    let el: PilotstatusConnect;
    try {
      el = create({token: uuid()});
      expect(el.timeout).to.equal(30_000);
      await el.updateComplete;
    } finally {
      window.setTimeout = real;
    }
    const timer = armed.find(({ms}) => ms === 30_000);
    expect(timer, 'a 30 s timer').to.not.equal(undefined);
    const recorder = record(el);
    timer!.callback();
    const [event] = await recorder.waitFor(1);
    expect(event.detail).to.deep.equal({
      code: 'timeout',
      message: `The Connect page at ${origins.http} sent nothing within 30000 ms: either it cannot be reached from here, or this page's origin ${location.origin} is not on the allowed origins of your PilotStatus account.`,
    });
  });

  it('is off with timeout="0"', async () => {
    const armed: number[] = [];
    const real = window.setTimeout;
    window.setTimeout = ((_callback: () => void, ms?: number) => {
      armed.push(ms ?? 0);
      return 0;
    }) as typeof setTimeout;
    try {
      const el = create({token: uuid(), timeout: '0'});
      await el.updateComplete;
    } finally {
      window.setTimeout = real;
    }
    expect(armed).to.not.include(30_000);
  });
});
