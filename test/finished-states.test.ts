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

  it('follows a page that declares dark with dark panels, and passes an audit there', async () => {
    document.documentElement.style.colorScheme = 'dark';
    const el = create({token: uuid(), timeout: '1'});
    await until(() => !!part(el, 'retry-button'));
    expect(background(el)).to.equal('rgb(22, 27, 34)');
    expect(color(el)).to.equal('rgb(230, 237, 243)');
    await expect(el).to.be.accessible();
    const expired = await mount();
    postData(expired.frame, {type: 'connect:expired'});
    await record(expired.el).waitFor(1);
    await expired.el.updateComplete;
    await expect(expired.el).to.be.accessible();
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
