// `token-url`: the element asks the page's own backend for a pairing link (the runner's
// `/__token-url/<key>/<behaviour>` middleware plays that backend), and renews it when Connect says it
// expired. The waits between attempts run on a fake clock; the requests and their answers are real.
import {expect} from '@open-wc/testing';
import '../src/index.js';
import type {PilotstatusConnect} from '../src/index.js';
import {TOKEN_FETCH_ATTEMPTS, TOKEN_FETCH_BACKOFF_MS, fetchToken} from '../src/fetch-token.js';
import {tokenFromResponse} from '../src/urls.js';
import {
  connectUrl,
  create,
  fakeClock,
  fixtureOrigins,
  frames,
  nextLoad,
  postData,
  record,
  until,
  uuid,
  type Clock,
  type FixtureOrigins,
} from './helpers.js';

let origins: FixtureOrigins;
before(async () => {
  origins = await fixtureOrigins();
});

const realFetch = window.fetch;
afterEach(() => {
  window.fetch = realFetch;
  for (const el of document.querySelectorAll('pilotstatus-connect')) el.remove();
});

/** Longer than every wait between attempts together. */
const PAST_EVERY_BACKOFF = TOKEN_FETCH_BACKOFF_MS * 2 ** TOKEN_FETCH_ATTEMPTS;

/**
 * The token-url requests (POSTs) of the page from now on, counted as they start and as they are answered,
 * through `window.fetch`, still the real one. A request starts as soon as the element asks (its code, a chunk, is
 * in the module map after the first), so a count that stays put proves that it did not; and a fake clock may
 * move on only while no request is in flight, for each attempt's deadline runs on the same clock.
 */
function watchRequests(): {started: () => number; answered: () => boolean} {
  let started = 0;
  let settled = 0;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const response = realFetch.call(window, input, init);
    if (init?.method === 'POST') {
      started++;
      const count = () => void settled++;
      response.then(count, count);
    }
    return response;
  };
  return {started: () => started, answered: () => settled === started};
}

/**
 * Moves the fake clock over each wait between attempts, as soon as the attempt before it has been answered,
 * until `done()` (an event, a frame) or the last attempt has started.
 */
async function skipBackoffs(clock: Clock, posts: ReturnType<typeof watchRequests>, done: () => boolean) {
  for (let attempt = 1; attempt < TOKEN_FETCH_ATTEMPTS; attempt++) {
    await until(() => done() || (posts.started() >= attempt && posts.answered()), `the answer to attempt ${attempt}`);
    if (done()) return;
    await clock.tickAsync(TOKEN_FETCH_BACKOFF_MS * 2 ** (attempt - 1));
  }
}

interface Request {
  method: string;
  cookie: string;
  accept: string;
  token: string;
}

/** A backend endpoint of its own for one test, and what it was asked. */
function backend(behaviour: string) {
  const key = uuid();
  return {
    url: `/__token-url/${key}/${behaviour}`,
    requests: (): Promise<Request[]> => fetch(`/__token-url/${key}/log`).then((r) => r.json() as Promise<Request[]>),
  };
}

const frameIn = (el: HTMLElement) => el.shadowRoot!.querySelector('iframe');

/** Waits for the element's frame (a new one when `after` is given) and its Connect page. */
async function loadedFrame(el: HTMLElement, after?: HTMLIFrameElement | null): Promise<HTMLIFrameElement> {
  await until(() => !!frameIn(el) && frameIn(el) !== after);
  const frame = frameIn(el)!;
  // The load may already have happened; the state says so.
  if ((el as PilotstatusConnect).state === 'loading') await nextLoad(frame);
  return frame;
}

describe('<pilotstatus-connect token-url>', () => {
  it('POSTs to the page’s own backend, with its cookies, and shows the token it answers', async () => {
    document.cookie = 'session=test-session; path=/';
    const server = backend('token');
    const el = create({'token-url': server.url});
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    const frame = await loadedFrame(el);
    const [request, ...more] = await server.requests();
    expect(more).to.have.length(0);
    expect(request.method).to.equal('POST');
    expect(request.cookie).to.include('session=test-session');
    expect(request.accept).to.equal('application/json');
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, request.token));
    expect(el.state).to.equal('ready');
  });

  it('accepts {remotePairingUrl} on the Connect origin', async () => {
    const server = backend('url');
    const el = create({'token-url': server.url});
    const frame = await loadedFrame(el);
    const [request] = await server.requests();
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, request.token));
  });

  const refused = [
    {what: 'a remotePairingUrl on another origin', behaviour: 'foreign-url', says: 'is not on the Connect origin'},
    {what: 'an answer that is not JSON', behaviour: 'not-json', says: 'must answer JSON'},
    {what: 'HTTP 404 (not retried)', behaviour: 'status-404', says: 'HTTP 404', requests: 1},
    {what: 'HTTP 403 (not retried)', behaviour: 'status-403', says: 'HTTP 403', requests: 1},
    {what: 'HTTP 500, retried to the limit', behaviour: 'status-500', says: 'HTTP 500', requests: TOKEN_FETCH_ATTEMPTS},
  ];
  for (const {what, behaviour, says, requests = 1} of refused) {
    it(`reports token-fetch-failed for ${what}, with no frame`, async () => {
      const clock = fakeClock();
      const posts = watchRequests();
      const server = backend(behaviour);
      const el = create({'token-url': server.url});
      const recorder = record(el);
      await skipBackoffs(clock, posts, () => recorder.events.length > 0);
      const [event] = await recorder.waitFor(1);
      expect(event.type).to.equal('pilotstatus-error');
      expect((event.detail as {code: string}).code).to.equal('token-fetch-failed');
      expect((event.detail as {message: string}).message).to.include(says);
      expect(el.state).to.equal('error');
      expect(frameIn(el)).to.equal(null);
      expect(await server.requests()).to.have.length(requests);
    });
  }

  it('refuses a token-url on another origin without asking it', async () => {
    const key = uuid();
    const el = create({'token-url': `${origins.http}/__token-url/${key}/token`});
    const [event] = await record(el).waitFor(1);
    expect(event.detail).to.deep.include({code: 'token-fetch-failed'});
    expect((event.detail as {message: string}).message).to.include(location.origin);
    expect(frameIn(el)).to.equal(null);
  });

  it('recovers when the backend fails twice and then answers', async () => {
    const clock = fakeClock();
    const posts = watchRequests();
    const server = backend('flaky-2');
    const el = create({'token-url': server.url});
    const events = record(el);
    await skipBackoffs(clock, posts, () => !!frameIn(el));
    const frame = await loadedFrame(el);
    const requests = await server.requests();
    expect(requests).to.have.length(3);
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, requests[2].token));
    expect(events.events).to.deep.equal([]);
  });

  it('asks again from the error panel’s button after a failure', async () => {
    const server = backend('status-404');
    const el = create({'token-url': server.url});
    await record(el).waitFor(1);
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!;
    expect(button.textContent?.trim()).to.equal('Try again');
    button.click();
    await record(el).waitFor(1);
    expect(await server.requests()).to.have.length(2);
  });

  it('renews an expired link by itself, announcing it with detail.renewing', async () => {
    const server = backend('token');
    const el = create({'token-url': server.url});
    const events = record(el);
    const first = await loadedFrame(el);
    postData(first, {type: 'connect:expired'});
    await events.waitFor(1);
    expect(events.events[0].type).to.equal('pilotstatus-expired');
    expect(events.events[0].detail).to.deep.equal({renewing: true});

    const second = await loadedFrame(el, first);
    const requests = await server.requests();
    expect(requests).to.have.length(2);
    expect(second.src).to.equal(connectUrl(`${origins.http}`, requests[1].token));
    expect(el.state).to.equal('ready');

    // The new link is heard as usual.
    postData(second, {type: 'connect:paired', numberId: 'n1'});
    await events.waitFor(2);
    expect(events.events[1].detail).to.deep.equal({numberId: 'n1'});
  });

  it('does not renew in a loop: a renewed link that expires at once shows the expired panel', async () => {
    const server = backend('token');
    const el = create({'token-url': server.url});
    const events = record(el);
    const first = await loadedFrame(el);
    postData(first, {type: 'connect:expired'});
    const second = await loadedFrame(el, first);
    postData(second, {type: 'connect:expired'});
    await events.waitFor(2);
    expect(events.events.map((e) => e.detail)).to.deep.equal([{renewing: true}, {renewing: false}]);
    await el.updateComplete;
    expect(el.state).to.equal('expired');
    expect(await server.requests()).to.have.length(2);

    // The panel offers a new link, and asking for one works.
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!;
    expect(button.textContent?.trim()).to.equal('Get a new link');
    button.click();
    const third = await loadedFrame(el, second);
    const requests = await server.requests();
    expect(requests).to.have.length(3);
    expect(third.src).to.equal(connectUrl(`${origins.http}`, requests[2].token));
  });

  it('uses a token set by the page first, and token-url to renew it', async () => {
    const server = backend('token');
    const token = uuid();
    const el = create({'token-url': server.url, token});
    const first = await loadedFrame(el);
    expect(first.src).to.equal(connectUrl(`${origins.http}`, token));
    expect(await server.requests()).to.have.length(0);
    postData(first, {type: 'connect:expired'});
    const second = await loadedFrame(el, first);
    const [request] = await server.requests();
    expect(second.src).to.equal(connectUrl(`${origins.http}`, request.token));
  });

  it('drops a request in flight when removed, and asks again when put back', async () => {
    const clock = fakeClock();
    const posts = watchRequests();
    const server = backend('flaky-1');
    const el = create({'token-url': server.url});
    // Removed while waiting to ask again, after the first answer (503).
    await until(() => posts.started() === 1 && posts.answered(), 'the first answer');
    el.remove();
    const events = record(el);
    // Past every backoff: had the request gone on, its next attempt would have started.
    await clock.tickAsync(PAST_EVERY_BACKOFF);
    expect(posts.started()).to.equal(1);
    expect(await server.requests()).to.have.length(1);
    expect(frameIn(el)).to.equal(null);
    document.body.append(el);
    const frame = await loadedFrame(el);
    const requests = await server.requests();
    expect(requests).to.have.length(2);
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, requests[1].token));
    expect(events.events).to.deep.equal([]);
  });

  it('does not ask again when an element that failed is moved', async () => {
    const clock = fakeClock();
    const posts = watchRequests();
    const server = backend('status-404');
    const el = create({'token-url': server.url});
    const events = record(el);
    await events.waitFor(1);
    document.body.prepend(el);
    await el.updateComplete;
    // A new request would start as the element is connected again, or after a wait: the clock goes past any.
    await clock.tickAsync(PAST_EVERY_BACKOFF);
    await frames(2);
    expect(posts.started()).to.equal(1);
    expect(await server.requests()).to.have.length(1);
    expect(events.types()).to.deep.equal(['pilotstatus-error']);
  });

  it('drops a request in flight when the page sets a token: its failure never covers the page’s frame', async () => {
    const clock = fakeClock();
    const posts = watchRequests();
    const server = backend('status-500');
    const el = create({'token-url': server.url});
    const events = record(el);
    while ((await server.requests()).length < 1);
    el.token = uuid();
    const frame = await loadedFrame(el);
    postData(frame, {type: 'connect:paired', numberId: 'page-token'});
    await events.waitFor(1);
    // The dropped attempt answered, and the clock past every backoff: had the request gone on, its next
    // attempts would have started and its failure arrived.
    await until(posts.answered, 'the answer to the dropped request');
    await clock.tickAsync(PAST_EVERY_BACKOFF);
    await frames(2);
    expect(posts.started()).to.equal(1);
    expect(events.types()).to.deep.equal(['pilotstatus-paired']);
    expect(el.state).to.equal('paired');
    expect(await server.requests()).to.have.length(1);
  });

  it('asks again when token-url is removed mid-request and set back', async () => {
    const server = backend('flaky-1');
    const el = create({'token-url': server.url});
    while ((await server.requests()).length < 1);
    el.tokenUrl = null;
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    el.tokenUrl = server.url;
    const frame = await loadedFrame(el);
    const requests = await server.requests();
    expect(requests).to.have.length(2);
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, requests[1].token));
  });

  it('asks again when base-url turns invalid and back', async () => {
    const server = backend('token');
    const el = create({'token-url': server.url});
    await loadedFrame(el);
    el.baseUrl = 'javascript:alert(1)';
    await el.updateComplete;
    expect(el.state).to.equal('error');
    el.baseUrl = origins.http;
    await el.updateComplete;
    // The token it had is still good: no new request, the same link again.
    const frame = await loadedFrame(el);
    const requests = await server.requests();
    expect(frame.src).to.equal(connectUrl(`${origins.http}`, requests[requests.length - 1].token));
  });
});

describe('fetchToken()', () => {
  it('gives up on an attempt that outlasts its deadline, and says so', async () => {
    const clock = fakeClock();
    const posts = watchRequests();
    const server = backend('hang');
    const asked = fetchToken(
      new URL(server.url, location.href).href,
      (body) => tokenFromResponse(body, new URL(origins.http)),
      new AbortController().signal,
      {
        deadlineMs: 100,
      },
    );
    for (let attempt = 1; attempt <= TOKEN_FETCH_ATTEMPTS; attempt++) {
      // The backend holds every answer for two seconds: each attempt is aborted at its deadline.
      await until(() => posts.started() === attempt, `attempt ${attempt}`);
      await clock.tickAsync(100);
      await until(posts.answered, `the abort of attempt ${attempt}`);
      if (attempt < TOKEN_FETCH_ATTEMPTS) await clock.tickAsync(TOKEN_FETCH_BACKOFF_MS * 2 ** (attempt - 1));
    }
    const result = await until(asked, 'the result of fetchToken()');
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.message).to.include('did not answer within 100 ms');
    expect(!result.ok && result.message).to.include(`Gave up after ${TOKEN_FETCH_ATTEMPTS} attempts`);
  });
});
