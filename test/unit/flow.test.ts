// The pairing flow without a browser: every row of the README's "States" section and the contract, as
// transitions of src/flow.ts. Runs under `node --test` in milliseconds (test/unit/register.mjs strips types).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {reason} from '../../src/explain.js';
import {
  MAX_RENEWALS,
  RENEWAL_GUARD_MS,
  RENEWAL_WINDOW_MS,
  configure,
  covers,
  cspViolation,
  frameLoaded,
  initialFlow,
  panelError,
  receive,
  renew,
  restart,
  retry,
  timedOut,
  tokenFetched,
  type Effect,
  type Flow,
  type Inputs,
  type Step,
} from '../../src/flow.js';

const CONNECT = 'https://connect.example';
const PAGE = 'https://app.example';
const A = '3f0c1d5e-8a9b-4c2d-9e7f-1a2b3c4d5e6f';
const B = '00000000-1111-4222-8333-444444444444';
const C = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** What every frame URL carries after the branding keys: the element's language and the page's scheme. */
const FORWARDED = 'lang=en&colorScheme=light';

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  token: null,
  baseUrl: CONNECT,
  tokenUrl: null,
  branding: null,
  redirect: false,
  lang: 'en',
  colorScheme: 'light',
  pageOrigin: PAGE,
  pageUrl: `${PAGE}/settings/whatsapp`,
  ...over,
});

/** Runs transitions in order, like the element does, and collects every effect. */
function run(flow: Flow, ...steps: ((flow: Flow) => Step)[]): {flow: Flow; effects: Effect[]; ignored: string[]} {
  const effects: Effect[] = [];
  const ignored: string[] = [];
  for (const step of steps) {
    const [next, more, why] = step(flow);
    flow = next;
    effects.push(...more);
    // In debug's words (explain.ts), as the element logs them.
    if (why) ignored.push(`${reason(why)}.`);
  }
  return {flow, effects, ignored};
}

const set =
  (over: Partial<Inputs>, tokenChanged = 'token' in over) =>
  (flow: Flow) =>
    configure(flow, inputs(over), tokenChanged);
const post =
  (data: unknown, over: Partial<Inputs> = {}, now = 0, origin = CONNECT) =>
  (flow: Flow) =>
    receive(flow, origin, data, inputs(over), now);
const state = (flow: Flow) => flow.status.state;
const types = (effects: Effect[]) => effects.map((effect) => effect.type);
const errorCodes = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.type === 'error' ? [effect.detail.code] : []));

/** A flow showing token A's frame, loaded. */
const showingA = (over: Partial<Inputs> = {}) => run(initialFlow, set({token: A, ...over}), frameLoaded).flow;

describe('configure()', () => {
  const cases: {name: string; over: Partial<Inputs>; state: string; src?: string; codes?: string[]}[] = [
    {name: 'no token yet: idle', over: {}, state: 'idle'},
    {
      name: 'a UUID: loading its frame',
      over: {token: A},
      state: 'loading',
      src: `${CONNECT}/connect/${A}?${FORWARDED}`,
    },
    {
      name: 'an upper-case UUID',
      over: {token: A.toUpperCase()},
      state: 'loading',
      src: `${CONNECT}/connect/${A.toUpperCase()}?${FORWARDED}`,
    },
    {
      name: 'a base-url path, no doubled slash',
      over: {token: A, baseUrl: `${CONNECT}/ps/`},
      state: 'loading',
      src: `${CONNECT}/ps/connect/${A}?${FORWARDED}`,
    },
    {
      name: 'branding in the query',
      over: {token: A, branding: 'name=Acme'},
      state: 'loading',
      src: `${CONNECT}/connect/${A}?name=Acme&${FORWARDED}`,
    },
    {name: 'an invalid token', over: {token: 'nope'}, state: 'error', codes: ['invalid-token']},
    {name: 'a token of another type', over: {token: 42}, state: 'error', codes: ['invalid-token']},
    {
      name: 'an invalid base-url, before any token',
      over: {baseUrl: 'javascript:alert(1)'},
      state: 'error',
      codes: ['invalid-base-url'],
    },
    {
      name: 'the page’s own origin as base-url',
      over: {token: A, baseUrl: PAGE},
      state: 'error',
      codes: ['invalid-base-url'],
    },
    {
      name: 'no base-url: the production Connect',
      over: {token: A, baseUrl: null},
      state: 'loading',
      src: `https://connect.pilotstatus.com.br/connect/${A}?${FORWARDED}`,
    },
    {name: 'token-url without a token: a request', over: {tokenUrl: '/api/pairing-token'}, state: 'loading'},
    {
      name: 'a foreign token-url',
      over: {tokenUrl: 'https://evil.example/t'},
      state: 'error',
      codes: ['token-fetch-failed'],
    },
  ];
  for (const {name, over, state: expected, src, codes = []} of cases) {
    it(name, () => {
      const [flow, effects] = configure(initialFlow, inputs(over), true);
      assert.equal(state(flow), expected);
      assert.equal(flow.frame?.src, src);
      assert.deepEqual(errorCodes(effects), codes);
    });
  }

  it('makes a new frame for a new token, and keeps the frame when nothing about it changed', () => {
    const first = run(showingA(), post({type: 'resize', height: 100})).flow;
    assert.equal(first.heard, true);
    const same = run(first, set({token: A, branding: ''})).flow;
    assert.equal(same.frame, first.frame);
    const other = run(first, set({token: B})).flow;
    assert.notEqual(other.frame, first.frame);
    assert.equal(state(other), 'loading');
    assert.equal(other.heard, false);
  });

  it('makes a new frame for a new base-url with the same token', () => {
    const first = showingA();
    const moved = run(first, set({token: A, baseUrl: 'https://other.example'}, false)).flow;
    assert.notEqual(moved.frame, first.frame);
    assert.equal(moved.frame?.origin, 'https://other.example');
  });

  it('drops the frame for an invalid token', () => {
    const {flow} = run(showingA(), set({token: 'bad'}));
    assert.equal(flow.frame, null);
    assert.equal(panelError(flow.status), 'invalid-token');
  });

  it('asks token-url once per token-url and base-url, and drops the request when a token arrives', () => {
    const asked = run(initialFlow, set({tokenUrl: '/t'}, false)).flow;
    assert.equal(asked.request?.url, `${PAGE}/t`);
    assert.equal(asked.request?.pending, true);
    assert.equal(run(asked, set({tokenUrl: '/t', branding: 'a=1'}, false)).flow.request, asked.request);
    assert.equal(run(asked, set({tokenUrl: '/t', token: A})).flow.request, null);
    assert.equal(run(asked, set({tokenUrl: null}, false)).flow.request, null);
    assert.equal(run(asked, set({tokenUrl: '/t', baseUrl: 'ftp://x'}, false)).flow.request, null);
  });

  it('lets a token the page sets win over one the element fetched, and an empty token means “use token-url”', () => {
    const fetched = run(initialFlow, set({tokenUrl: '/t', token: ''}), (f) =>
      tokenFetched(f, f.request!.key, {ok: true, token: B}, inputs({tokenUrl: '/t', token: ''})),
    ).flow;
    assert.equal(fetched.frame?.token, B);
    assert.equal(run(fetched, set({tokenUrl: '/t', token: A})).flow.frame?.token, A);
  });
});

describe('receive()', () => {
  it('ignores another origin, by whole-string equality', () => {
    for (const origin of [
      'null',
      `${CONNECT}.evil`,
      'http://connect.example',
      `${CONNECT}:444`,
      CONNECT.toUpperCase(),
    ]) {
      const {flow, effects, ignored} = run(showingA(), post({type: 'connect:paired'}, {}, 0, origin));
      assert.equal(state(flow), 'ready', origin);
      assert.deepEqual(effects, []);
      assert.match(ignored[0], /not the Connect origin/);
    }
  });

  it('ignores malformed data and says why', () => {
    const {effects, ignored} = run(showingA(), post({type: 'connect:paired', numberId: 7}));
    assert.deepEqual(effects, []);
    assert.match(ignored[0], /numberId/);
  });

  it('pairs once: the detail has only the checked fields, and later messages are ignored', () => {
    const {flow, effects, ignored} = run(
      showingA(),
      post({type: 'connect:paired', numberId: 'n1', redirectUrl: 'javascript:alert(1)', extra: 1}),
      post({type: 'connect:paired', numberId: 'n2'}),
      post({type: 'resize', height: 10}),
    );
    assert.equal(state(flow), 'paired');
    assert.deepEqual(effects, [{type: 'heard'}, {type: 'paired', detail: {numberId: 'n1'}}]);
    assert.deepEqual(ignored, ['the link is already paired.', 'the link is already paired.']);
  });

  it('navigates only with redirect, and only to the checked redirectUrl', () => {
    const message = {type: 'connect:paired', redirectUrl: 'https://next.example/done'};
    const without = run(showingA(), post(message)).effects.find((e) => e.type === 'paired');
    assert.equal(without?.type === 'paired' && without.navigate, undefined);
    const withIt = run(showingA(), post(message, {redirect: true})).effects.find((e) => e.type === 'paired');
    assert.equal(withIt?.type === 'paired' && withIt.navigate, 'https://next.example/done');
  });

  it('keeps showing the frame after connect-error, which is not final: a pairing may follow', () => {
    const errored = run(showingA(), post({type: 'connect:error', message: 'QR failed'}));
    assert.deepEqual(errorCodes(errored.effects), ['connect-error']);
    assert.equal(state(errored.flow), 'error');
    assert.equal(covers(errored.flow.status), false);
    assert.equal(panelError(errored.flow.status), null);
    // Resizes meanwhile do not clear it.
    assert.equal(state(run(errored.flow, post({type: 'resize', height: 300})).flow), 'error');
    assert.equal(state(run(errored.flow, post({type: 'connect:paired'})).flow), 'paired');
  });

  it('expires once, and covers the frame', () => {
    const {flow, effects} = run(showingA(), post({type: 'connect:expired'}), post({type: 'connect:expired'}));
    assert.equal(state(flow), 'expired');
    assert.equal(covers(flow.status), true);
    assert.deepEqual(types(effects), ['heard', 'expired']);
  });

  it('keeps paired and expired final per token across A → B → A', () => {
    const paired = run(showingA(), post({type: 'connect:paired'})).flow;
    const back = run(paired, set({token: B}), set({token: A}));
    assert.equal(state(back.flow), 'paired');
    assert.deepEqual(run(back.flow, post({type: 'connect:paired'})).effects, []);
    const expired = run(showingA(), post({type: 'connect:expired'}), set({token: C}), set({token: A}));
    assert.equal(state(expired.flow), 'expired');
  });

  it('hears the first valid message once: it stops the timeout, announces ready and shows ready', () => {
    const {flow, effects} = run(
      run(initialFlow, set({token: A})).flow,
      post({type: 'resize', height: 500}),
      post({type: 'resize', height: 600}),
    );
    assert.equal(state(flow), 'ready');
    assert.deepEqual(types(effects), ['heard', 'ready', 'resize', 'resize']);
  });
});

describe('token-url renewal', () => {
  const over = {tokenUrl: '/t'};
  const fetchedA = () =>
    run(
      initialFlow,
      set(over, false),
      (f) => tokenFetched(f, f.request!.key, {ok: true, token: A}, inputs(over)),
      frameLoaded,
    ).flow;

  it('renews an expired link by itself, after announcing it', () => {
    const {flow, effects} = run(fetchedA(), post({type: 'connect:expired'}, over, 60_000));
    assert.deepEqual(effects.slice(1), [{type: 'expired', detail: {renewing: true}}, {type: 'renew'}]);
    assert.equal(state(flow), 'expired');
    const renewed = run(flow, (f) => renew(f, inputs(over), 60_000)).flow;
    assert.equal(state(renewed), 'loading');
    assert.equal(renewed.frame, null);
    assert.equal(renewed.request?.pending, true);
  });

  it('does not renew again within the guard window: the panel asks the user instead', () => {
    const first = run(fetchedA(), post({type: 'connect:expired'}, over, 60_000), (f) => renew(f, inputs(over), 60_000));
    const again = run(
      first.flow,
      (f) => tokenFetched(f, f.request!.key, {ok: true, token: B}, inputs(over)),
      post({type: 'connect:expired'}, over, 60_000 + RENEWAL_GUARD_MS - 1),
    );
    assert.deepEqual(again.effects.slice(-1), [{type: 'expired', detail: {renewing: false}}]);
    const later = run(
      first.flow,
      (f) => tokenFetched(f, f.request!.key, {ok: true, token: B}, inputs(over)),
      post({type: 'connect:expired'}, over, 60_000 + RENEWAL_GUARD_MS + 1),
    );
    assert.deepEqual(types(later.effects).slice(-2), ['expired', 'renew']);
  });

  it('reports a failed request once and does not ask again until retry()', () => {
    const asked = run(initialFlow, set(over, false)).flow;
    const failed = run(asked, (f) => tokenFetched(f, f.request!.key, {ok: false, message: 'HTTP 404'}, inputs(over)));
    assert.deepEqual(errorCodes(failed.effects), ['token-fetch-failed']);
    assert.equal(failed.flow.request?.pending, false);
    assert.deepEqual(run(failed.flow, set(over, false)).effects, []);
    const retried = run(failed.flow, (f) => retry(f, inputs(over))).flow;
    assert.equal(retried.request?.pending, true);
    assert.equal(state(retried), 'loading');
  });

  it('drops an answer to a request that is no longer wanted', () => {
    const asked = run(initialFlow, set(over, false)).flow;
    const key = asked.request!.key;
    const withToken = run(asked, set({...over, token: A})).flow;
    const late = run(withToken, (f) => tokenFetched(f, key, {ok: false, message: 'late'}, inputs({...over, token: A})));
    assert.deepEqual(late.effects, []);
    assert.equal(state(late.flow), 'loading');
  });
});

describe('timedOut(), restart(), frameLoaded(), retry()', () => {
  it('times out a frame that said nothing, and a late message clears it', () => {
    const loading = run(initialFlow, set({token: A})).flow;
    const out = run(loading, (f) => timedOut(f, 3000, PAGE));
    assert.equal(panelError(out.flow.status), 'timeout');
    assert.equal(
      out.effects[0].type === 'error' && out.effects[0].detail.message,
      `The Connect page at ${CONNECT} sent nothing within 3000 ms: either it cannot be reached from here, or this page's origin ${PAGE} is not on the allowed origins of your PilotStatus account.`,
    );
    const late = run(out.flow, post({type: 'resize', height: 10}));
    assert.equal(state(late.flow), 'ready');
    assert.equal(covers(late.flow.status), false);
  });

  it('does not time out a frame that spoke, or a final one', () => {
    for (const data of [{type: 'resize', height: 1}, {type: 'connect:paired'}, {type: 'connect:expired'}]) {
      const before = run(showingA(), post(data)).flow;
      assert.deepEqual(timedOut(before, 1, PAGE), [before, []]);
    }
  });

  it('waits for a reloaded document as for a new one, unless the token is final', () => {
    const ready = run(showingA(), post({type: 'resize', height: 1})).flow;
    const again = run(ready, restart).flow;
    assert.equal(state(again), 'loading');
    assert.equal(again.heard, false);
    const errored = run(ready, post({type: 'connect:error', message: 'x'}), restart).flow;
    assert.equal(state(errored), 'loading');
    assert.equal(state(run(ready, post({type: 'connect:paired'}), restart).flow), 'paired');
  });

  it('frameLoaded() turns loading into ready and nothing else', () => {
    assert.equal(state(run(initialFlow, set({token: A}), frameLoaded).flow), 'ready');
    assert.equal(state(run(initialFlow, frameLoaded).flow), 'idle');
    assert.equal(state(run(showingA(), post({type: 'connect:paired'}), frameLoaded).flow), 'paired');
  });

  it('retry() makes a new frame for the same token, and does nothing once paired or idle', () => {
    const timedOutFlow = run(initialFlow, set({token: A}), (f) => timedOut(f, 5, PAGE)).flow;
    const retried = run(timedOutFlow, (f) => retry(f, inputs({token: A}))).flow;
    assert.notEqual(retried.frame, timedOutFlow.frame);
    assert.equal(retried.frame?.src, timedOutFlow.frame?.src);
    assert.equal(state(retried), 'loading');
    const paired = run(showingA(), post({type: 'connect:paired'})).flow;
    assert.equal(run(paired, (f) => retry(f, inputs({token: A}))).flow, paired);
    const idle = run(initialFlow, (f) => retry(f, inputs()));
    assert.equal(state(idle.flow), 'idle');
    assert.deepEqual(idle.effects, []);
  });
});

describe('cspViolation()', () => {
  const src = `${CONNECT}/connect/${A}?${FORWARDED}`;
  const cases: {name: string; blockedURI: string; disposition: string; blocks: boolean}[] = [
    {name: 'the frame URL, enforced', blockedURI: src, disposition: 'enforce', blocks: true},
    {
      name: 'the Connect origin (after a redirect), enforced',
      blockedURI: CONNECT,
      disposition: 'enforce',
      blocks: true,
    },
    {name: 'a report-only policy', blockedURI: src, disposition: 'report', blocks: false},
    {name: 'another URL', blockedURI: 'https://cdn.example/x.js', disposition: 'enforce', blocks: false},
  ];
  for (const {name, blockedURI, disposition, blocks} of cases) {
    it(`${blocks ? 'reports' : 'ignores'} ${name}`, () => {
      const {flow, effects} = run(showingA(), (f) =>
        cspViolation(f, {blockedURI, disposition, effectiveDirective: 'frame-src'}),
      );
      assert.equal(panelError(flow.status), blocks ? 'csp-blocked' : null);
      assert.deepEqual(errorCodes(effects), blocks ? ['csp-blocked'] : []);
    });
  }

  it('names the frame-src source to add', () => {
    const {effects} = run(showingA(), (f) =>
      cspViolation(f, {blockedURI: src, disposition: 'enforce', effectiveDirective: 'frame-src'}),
    );
    assert.match(
      effects[0].type === 'error' ? effects[0].detail.message : '',
      new RegExp(`add ${CONNECT} to its frame-src`),
    );
  });
});

describe('pilotstatus-ready and frame documents', () => {
  const loading = () => run(initialFlow, set({token: A})).flow;
  const readies = (effects: Effect[]) => types(effects).filter((type) => type === 'ready').length;

  it('announces once per document: on load or first message, whichever comes first', () => {
    assert.equal(readies(run(loading(), frameLoaded, post({type: 'resize', height: 1})).effects), 1);
    assert.equal(readies(run(loading(), post({type: 'resize', height: 1}), frameLoaded).effects), 1);
    assert.deepEqual(types(run(loading(), post({type: 'connect:paired'})).effects), ['heard', 'ready', 'paired']);
  });

  it('announces again for a document that loads again (re-insertion), and for a new frame', () => {
    assert.equal(readies(run(loading(), frameLoaded, restart, frameLoaded).effects), 2);
    assert.equal(readies(run(loading(), frameLoaded, set({token: B}), frameLoaded).effects), 2);
  });

  it('never announces a final token shown again', () => {
    const paired = run(loading(), frameLoaded, post({type: 'connect:paired'}), set({token: B}), set({token: A}));
    assert.equal(state(paired.flow), 'paired');
    assert.equal(readies(run(paired.flow, frameLoaded).effects), 0);
  });

  it('treats every later load of the frame as a new document: it is waited for again', () => {
    const spoke = run(loading(), frameLoaded, post({type: 'resize', height: 1})).flow;
    const navigated = run(spoke, frameLoaded);
    assert.deepEqual(types(navigated.effects), ['arm', 'ready']);
    assert.equal(navigated.flow.heard, false);
    assert.equal(state(navigated.flow), 'ready');
    assert.equal(panelError(run(navigated.flow, (f) => timedOut(f, 10, PAGE)).flow.status), 'timeout');
  });
});

describe('the frame URL', () => {
  const srcOf = (over: Partial<Inputs>) => configure(initialFlow, inputs({token: A, ...over}), true)[0].frame?.src;

  it('forwards the language and the colour scheme after the branding keys', () => {
    assert.equal(
      srcOf({branding: 'name=Acme', lang: 'pt-BR', colorScheme: 'dark'}),
      `${CONNECT}/connect/${A}?name=Acme&lang=pt-BR&colorScheme=dark`,
    );
  });

  it('lets branding set lang and colorScheme itself', () => {
    assert.equal(
      srcOf({branding: {colorScheme: 'light', lang: 'es'}, lang: 'pt-BR', colorScheme: 'dark'}),
      `${CONNECT}/connect/${A}?colorScheme=light&lang=es`,
    );
  });

  it('refuses a frame URL over 4,096 characters as invalid-branding, with no frame', () => {
    const branding = Object.fromEntries(Array.from({length: 3}, (_, i) => [`k${i}`, 'x'.repeat(2000)]));
    const [flow, effects] = configure(initialFlow, inputs({token: A, branding}), true);
    assert.equal(flow.frame, null);
    assert.deepEqual(errorCodes(effects), ['invalid-branding']);
    assert.match(effects[0].type === 'error' ? effects[0].detail.message : '', /over the 4096/);
  });
});

describe('a remotePairingUrl as the token', () => {
  it('shows the frame for the URL the API returns for this base-url', () => {
    const [flow] = configure(initialFlow, inputs({token: `${CONNECT}/connect/${A}`}), true);
    assert.equal(flow.frame?.token, A);
    assert.equal(flow.frame?.src, `${CONNECT}/connect/${A}?${FORWARDED}`);
  });

  for (const token of [
    `https://other.example/connect/${A}`,
    `${CONNECT}/connect/${A}/x`,
    `${CONNECT}/connect/${A}?q=1`,
  ]) {
    it(`refuses ${token} as invalid-token, with no frame`, () => {
      const [flow, effects] = configure(initialFlow, inputs({token}), true);
      assert.equal(flow.frame, null);
      assert.deepEqual(errorCodes(effects), ['invalid-token']);
    });
  }
});

describe('the renewal cap', () => {
  const over = {tokenUrl: '/t'};
  const answer = (token: string) => (f: Flow) => tokenFetched(f, f.request!.key, {ok: true, token}, inputs(over));
  const expireAt = (now: number) => post({type: 'connect:expired'}, over, now);

  it(`renews at most ${MAX_RENEWALS} times in ${RENEWAL_WINDOW_MS / 60_000} minutes, each past the guard, then asks the user`, () => {
    let flow = run(initialFlow, set(over, false), answer(A)).flow;
    const renewing: boolean[] = [];
    const step = RENEWAL_GUARD_MS + 500;
    for (let i = 1; i <= MAX_RENEWALS + 1; i++) {
      const expired = run(flow, expireAt(i * step));
      const detail = expired.effects.find((e) => e.type === 'expired');
      renewing.push(detail?.type === 'expired' && detail.detail.renewing === true);
      flow = run(expired.flow, (f) => renew(f, inputs(over), i * step), answer(uuidFor(i))).flow;
    }
    assert.deepEqual(renewing, [true, true, true, false]);
  });

  it('renews again once the window has passed, and after retry()', () => {
    let flow = run(initialFlow, set(over, false), answer(A)).flow;
    for (let i = 1; i <= MAX_RENEWALS; i++) {
      flow = run(flow, expireAt(i * 20_000), (f) => renew(f, inputs(over), i * 20_000), answer(uuidFor(i))).flow;
    }
    const capped = run(flow, expireAt(MAX_RENEWALS * 20_000 + 20_000));
    assert.equal(types(capped.effects).includes('renew'), false);
    const later = run(flow, expireAt(20_000 + RENEWAL_WINDOW_MS + 1));
    assert.equal(types(later.effects).includes('renew'), true);
    const retried = run(
      capped.flow,
      (f) => retry(f, inputs(over)),
      answer(B),
      expireAt(MAX_RENEWALS * 20_000 + 40_000),
    );
    assert.equal(types(retried.effects).includes('renew'), true);
  });
});

function uuidFor(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}
