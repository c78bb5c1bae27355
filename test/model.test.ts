// Model-based test in the browser: random sequences of valid, malformed and spoofed messages, posted by real
// frames (each element's own, a sibling's, an element's frame moved to another origin, a foreign-origin
// frame, a frame on the exact Connect origin that belongs to no element), by the window itself, and as
// synthetic MessageEvents with forged origins and sources. The events each element dispatches must be
// exactly those a reference model of the contract predicts, and nothing may throw into the page.
import {expect} from '@open-wc/testing';
import fc from 'fast-check';
import '../src/index.js';
import type {PilotstatusConnect} from '../src/index.js';
import {DEFAULT_ERROR_MESSAGE} from '../src/protocol.js';
import {
  browserEngine,
  fixtureOrigins,
  frames,
  markerFrom,
  mount,
  navigateFrame,
  nextLoad,
  post,
  record,
  uuid,
  watchPageErrors,
  type FixtureOrigins,
  type Posted,
} from './helpers.js';
import {referenceEvent, referenceMessage, type ReferenceMessage} from './model.js';

/** Runs of the whole sequence; each mounts two fresh elements. Keeps the file well under a minute per engine. */
const RUNS = 60;

/**
 * Firefox refuses a cross-origin WindowProxy as `source` in the MessageEvent constructor (a TypeError), so a
 * page script there cannot forge an event that claims to come from a frame: only the forgeries without one
 * (no source, the page's own window) are dispatched. Every other engine builds them all.
 */
const FIREFOX = browserEngine() === 'firefox';

/** Who sends: A or B (each is the other's sibling), C (its own frame, moved to another origin), … */
type Sender = 'a' | 'b' | 'c' | 'foreign' | 'stranger' | 'window';
/** Synthetic MessageEvents dispatched on window by a page script, each with one forged property. */
type Forgery = 'null-source' | 'wrong-origin' | 'self-source' | 'stranger-source' | 'hostile-data';
const FORGERIES: Forgery[] = ['null-source', 'wrong-origin', 'self-source', 'stranger-source', 'hostile-data'];
/** The forgeries whose `source` is a frame's window (cross-origin to this page). */
const FRAME_SOURCED: Forgery[] = ['wrong-origin', 'stranger-source', 'hostile-data'];
/** How many forgeries of each kind were dispatched, over every run (shrinking included). */
const dispatched = new Map<Forgery, number>(FORGERIES.map((kind) => [kind, 0]));

type Action = {from: Sender; item: Posted} | {synthetic: Forgery; target: 'a' | 'b'; data: unknown; origin: number};

// ---- what gets sent (all structured-cloneable, since real frames post it) --------------------------------

const blank = fc.constantFrom('', ' ', '\t\n', '\u00a0', '\u2028', '\u3000\ufeff');
const text = fc.oneof(
  fc.string({unit: 'grapheme', maxLength: 12}),
  fc.string({unit: 'binary', maxLength: 8}),
  blank,
  fc.constantFrom('x'.repeat(1_200), `${'y'.repeat(998)}😀tail`),
);
const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({weight: 3, arbitrary: arb}, fc.constantFrom(null, undefined), fc.integer(), fc.constant({}));

const redirect = fc.oneof(
  fc.constantFrom(
    ...['https://app.example/done', ' https://APP.example', 'http://localhost:8000/x', 'http://127.1/x'],
    ...['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', '/relative', 'http://evil.example/'],
    ...['https:\\\\app.example\\x', 'https://user:pass@app.example/', 'http://[::1]/', 'ftp://app.example/'],
  ),
  fc.webUrl(),
);

const paired = fc.record(
  {type: fc.constant('connect:paired'), numberId: optional(text), redirectUrl: optional(redirect)},
  {requiredKeys: ['type']},
);
const error = fc.record({type: fc.constant('connect:error'), message: optional(text)}, {requiredKeys: ['type']});
const expired = fc.record(
  {type: fc.constant('connect:expired'), at: fc.integer(), numberId: text},
  {requiredKeys: ['type']},
);
const resize = fc.record({
  type: fc.constant('resize'),
  height: fc.oneof(
    {weight: 4, arbitrary: fc.integer({min: 0, max: 12_000})},
    fc.double({min: -10, max: 20_000}),
    fc.constantFrom(NaN, Infinity, -1, -0, 0.5, 1e9, '300', null),
  ),
});
const nearMiss = fc.record({
  type: fc.constantFrom('Connect:paired', 'connect:paired ', 'connect:pwned', 'RESIZE', '', 'connect:expired\u0000'),
  numberId: text,
  height: fc.integer(),
});
const cloneable = fc.anything({
  maxDepth: 2,
  key: fc.oneof(fc.constantFrom('type', 'numberId', 'message', 'height', '__proto__'), fc.string({maxLength: 5})),
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** A message as data (structured-cloned on its way) or as JSON (parsed by the frame: own __proto__ keys). */
const item: fc.Arbitrary<Posted> = fc.oneof(
  {weight: 12, arbitrary: fc.oneof(paired, error, expired, resize, resize).map((data) => ({data}))},
  {weight: 2, arbitrary: nearMiss.map((data) => ({data}))},
  {weight: 2, arbitrary: cloneable.map((data) => ({data}))},
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(paired, error), fc.constantFrom('{"polluted":true}', '{"type":"connect:expired"}', 'null'))
      .map(([data, proto]) => ({json: `${JSON.stringify(data).slice(0, -1)},"__proto__":${proto}}`})),
  },
);

const action: fc.Arbitrary<Action> = fc.oneof(
  {weight: 10, arbitrary: fc.record({from: fc.constantFrom<Sender>('a', 'b'), item})},
  {
    weight: 4,
    arbitrary: fc.record({from: fc.constantFrom<Sender>('c', 'foreign', 'stranger', 'window'), item}),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      synthetic: fc.constantFrom<Forgery>(...FORGERIES),
      target: fc.constantFrom<'a' | 'b'>('a', 'b'),
      data: fc.oneof(paired, error, expired),
      origin: fc.nat(),
    }),
  },
);

// ---- the reference model -------------------------------------------------------------------------------

/** One element as the contract describes it: only its own frame on the exact origin counts. */
class ModelElement {
  events: Array<{type: string; detail: unknown}> = [];
  height: number | undefined;
  final = false;
  /** The type of the last message that counted. */
  last: ReferenceMessage['type'] | undefined;
  errored = false;

  receive(message: ReferenceMessage | null): void {
    // paired and expired are terminal for the token: everything after them, resizes included, is ignored.
    if (this.final || !message) return;
    this.last = message.type;
    if (message.type === 'resize') this.height = message.height;
    if (message.type === 'connect:error') this.errored = true;
    if (message.type === 'connect:paired' || message.type === 'connect:expired') this.final = true;
    const event = referenceEvent(message);
    if (event) this.events.push(event);
  }

  /**
   * The states the contract allows now. Whether a message after a connect:error (a resize, say) takes the
   * element back to `ready` is left open by the README ("ready: the Connect page loaded or spoke"; "error
   * follows a connect-error"), so either is accepted then.
   */
  get states(): string[] {
    if (this.last === 'connect:paired') return ['paired'];
    if (this.last === 'connect:expired') return ['expired'];
    if (this.last === 'connect:error') return ['error'];
    return this.errored ? ['error', 'ready'] : ['ready'];
  }
}

/** What the receiving window gets: a structured clone of the data, or what JSON.parse makes of the JSON. */
function received(item: Posted): unknown {
  return 'json' in item ? JSON.parse(item.json) : structuredClone(item.data);
}

// A Proxy whose every trap throws: the kind of data only a page script (a synthetic event) can carry.
const hostile = new Proxy(
  {},
  Object.fromEntries(
    ['get', 'has', 'getPrototypeOf', 'getOwnPropertyDescriptor', 'ownKeys'].map((trap) => [
      trap,
      () => {
        throw new Error(`hostile ${trap}`);
      },
    ]),
  ),
);

// ---- the fixture ---------------------------------------------------------------------------------------

let origins: FixtureOrigins;
let fixture: HTMLDivElement;
let c: {el: PilotstatusConnect; frame: HTMLIFrameElement};
let foreign: HTMLIFrameElement;
let stranger: HTMLIFrameElement;

async function plainFrame(src: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = src;
  const loaded = nextLoad(frame);
  fixture.append(frame);
  await loaded;
  return frame;
}

before(async () => {
  origins = await fixtureOrigins();
  fixture = document.createElement('div');
  document.body.append(fixture);
  c = await mount({}, {parent: fixture});
  // C's own frame, on another host name of the same server: own source, wrong origin.
  await navigateFrame(c.frame, `${origins.otherHost}/connect/${c.el.token}`);
  [foreign, stranger] = await Promise.all([
    plainFrame(`${origins.otherPort}/connect/${uuid()}`),
    plainFrame(`${origins.http}/connect/${uuid()}`),
  ]);
});

after(() => fixture.remove());

async function runSequence(actions: Action[]): Promise<void> {
  const [a, b] = await Promise.all([mount(), mount()]);
  const elements = {a, b};
  const senders: Record<Exclude<Sender, 'window'>, HTMLIFrameElement> = {
    a: a.frame,
    b: b.frame,
    c: c.frame,
    foreign,
    stranger,
  };
  const recorders = {a: record(a.el), b: record(b.el), c: record(c.el)};
  const model = {a: new ModelElement(), b: new ModelElement()};
  const page = watchPageErrors();
  try {
    // Consecutive messages from one sender go in one command, so a frame posts them in one task, back to back.
    const groups: Array<{from: Sender; items: Posted[]} | Extract<Action, {synthetic: Forgery}>> = [];
    for (const step of actions) {
      if ('synthetic' in step) {
        groups.push(step);
        continue;
      }
      const last = groups.at(-1);
      if (last && 'from' in last && last.from === step.from) last.items.push(step.item);
      else groups.push({from: step.from, items: [step.item]});
      if (step.from === 'a' || step.from === 'b') {
        model[step.from].receive(referenceMessage(received(step.item), DEFAULT_ERROR_MESSAGE));
      }
    }
    for (const group of groups) {
      if ('synthetic' in group) {
        const event = forge(group, elements);
        if (event) {
          window.dispatchEvent(event);
          dispatched.set(group.synthetic, dispatched.get(group.synthetic)! + 1);
        }
      } else if (group.from === 'window') for (const it of group.items) window.postMessage(received(it), '*');
      else post(senders[group.from], group.items);
    }

    // Delivery proof: a marker from every sender, after everything it posted.
    const marker = uuid();
    const proofs: Array<Promise<void>> = [markerFrom(window, marker)];
    for (const frame of Object.values(senders)) proofs.push(markerFrom(frame.contentWindow!, marker));
    for (const frame of Object.values(senders)) post(frame, [{data: {marker}}]);
    window.postMessage({marker}, '*');
    await Promise.all(proofs);
    // Heights are applied on the next animation frame.
    await frames(2);

    for (const key of ['a', 'b'] as const) {
      const seen = recorders[key].events.map(({type, detail}) => ({type, detail}));
      expect(seen, `events of ${key.toUpperCase()}`).to.deep.equal(model[key].events);
      expect(elements[key].el.state, `state of ${key.toUpperCase()}`).to.be.oneOf(model[key].states);
      // After paired or expired too: the model kept the last height before the final message, since the
      // contract has the element ignore every resize after it.
      const height = model[key].height;
      expect(elements[key].frame.style.height, `height of ${key.toUpperCase()}`).to.equal(
        height === undefined ? '' : `${height}px`,
      );
    }
    expect(recorders.c.events, 'events of C, whose frame is on another origin').to.deep.equal([]);
    expect(page.errors, 'exceptions that reached the page').to.deep.equal([]);
  } finally {
    page.stop();
    for (const recorder of Object.values(recorders)) recorder.stop();
    a.el.remove();
    b.el.remove();
  }
}

/** A synthetic MessageEvent with one forged property; the contract says none of them may count. */
function forge(
  step: Extract<Action, {synthetic: Forgery}>,
  elements: Record<'a' | 'b', {frame: HTMLIFrameElement}>,
): MessageEvent | null {
  const own = elements[step.target].frame.contentWindow!;
  const wrongOrigins = [
    origins.otherPort,
    origins.otherHost,
    origins.https,
    origins.suffixHost,
    `${origins.http}/`,
    origins.http.toUpperCase(),
    'null',
    '',
  ];
  const init: MessageEventInit = {data: step.data, origin: origins.http, source: own};
  switch (step.synthetic) {
    case 'null-source':
      init.source = null;
      break;
    case 'wrong-origin':
      init.origin = wrongOrigins[step.origin % wrongOrigins.length];
      break;
    case 'self-source':
      init.source = window;
      break;
    case 'stranger-source':
      init.source = stranger.contentWindow;
      break;
    case 'hostile-data':
      // Own source and exact origin: only the parser stands between the traps and the page.
      init.data = hostile;
      break;
  }
  try {
    return new MessageEvent('message', init);
  } catch (error) {
    // Only Firefox may refuse (see FIREFOX): anywhere else, a forgery that cannot be built is a failure.
    if (FIREFOX && error instanceof TypeError && FRAME_SOURCED.includes(step.synthetic)) return null;
    throw error;
  }
}

describe('<pilotstatus-connect> against a reference model', () => {
  // A function, not an arrow: `this` is Mocha's context. The RUNS runs take about 10 s; a failure then shrinks,
  // rerunning sequences, for as long again or more. fast-check stops shrinking after 4 minutes and reports the
  // seed and the counterexample it has (the plugin fails the test too if the runs themselves got cut short),
  // well before Mocha's own timeout could swallow them.
  it('dispatches exactly the predicted events for random sequences of valid, malformed and spoofed messages', async function () {
    this.timeout(300_000);
    // Besides the random runs, one sequence with a forgery of each kind: random runs usually hold them all,
    // but once in WebKit none of them was a stranger-source one, and the check below then failed.
    const everyForgery: Action[] = FORGERIES.map((kind) => ({
      synthetic: kind,
      target: 'a',
      data: {type: 'connect:paired'},
      origin: 0,
    }));
    await fc.assert(fc.asyncProperty(fc.array(action, {minLength: 1, maxLength: 40}), runSequence), {
      examples: [[everyForgery]],
      numRuns: RUNS,
      includeErrorInReport: true,
      plugins: [fc.interruptAfterTimeLimit(240_000, {failOnInterrupt: true})],
    });
    // The forged events must really have been dispatched, each kind the engine can build, or the property
    // above proved nothing about them.
    const buildable = FIREFOX ? FORGERIES.filter((kind) => !FRAME_SOURCED.includes(kind)) : FORGERIES;
    for (const kind of buildable) {
      expect(dispatched.get(kind), `${kind} forgeries dispatched in ${browserEngine()}`).to.be.above(0);
    }
  });
});
