// Faults: the Connect document navigating away to another origin (or to nowhere), a Connect origin that
// refuses connections (with and without the `timeout` attribute), and elements removed in the middle of a
// burst. Nothing may be heard from the wrong origin or after removal, and no exception may reach the page.
import {expect} from '@open-wc/testing';
import '../src/index.js';
import {
  create,
  fakeClock,
  fixtureOrigins,
  frameOf,
  frames,
  markerFrom,
  mount,
  nextLoad,
  post,
  record,
  until,
  uuid,
  watchPageErrors,
  type FixtureOrigins,
  type Posted,
} from './helpers.js';

let origins: FixtureOrigins;
let closedPort: number;

/**
 * A loopback port nothing listens on, proved by a refused `fetch` (a no-cors fetch of an open port resolves
 * with an opaque response, whatever the server says). Low ports that are on no browser's list of blocked
 * ports, so the frame's failure is a refused connection and not a blocked port.
 */
async function findClosedPort(): Promise<number> {
  for (const port of [47, 49, 51, 57, 59, 61, 63, 65, 67, 71]) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, {mode: 'no-cors', cache: 'no-store'});
    } catch {
      return port;
    }
  }
  throw new Error('every candidate loopback port answered; add another candidate');
}

/**
 * Resolves when a frame whose connection is refused has settled. Chromium shows its network-error page and
 * fires `load` for it; Firefox and WebKit fire nothing at the embedding page for a refused frame, so there no
 * signal exists and a bounded wait (on real time, whatever the test's clock) stands in: the refusal itself
 * takes a few milliseconds on loopback.
 */
function refusedFrameSettled(frame: HTMLIFrameElement, ms = 1_000): Promise<'load' | 'no load event'> {
  return until(nextLoad(frame), 'a load', ms).then(
    () => 'load' as const,
    () => 'no load event' as const,
  );
}

/** Every valid message of the protocol, and a resize: what a document on the wrong origin tries. */
const EVERYTHING: Posted[] = [
  {data: {type: 'resize', height: 123}},
  {data: {type: 'connect:error', message: 'evil'}},
  {data: {type: 'connect:paired', numberId: 'evil', redirectUrl: 'https://evil.example/'}},
  {data: {type: 'connect:expired'}},
];

/** An element on a Connect origin that refuses connections, not yet appended (its frame never loads). */
const refused = (attributes: Record<string, string> = {}) =>
  create({'base-url': `http://127.0.0.1:${closedPort}`, token: uuid(), ...attributes}, {parent: null});

before(async () => {
  origins = await fixtureOrigins();
  closedPort = await findClosedPort();
});

let page: ReturnType<typeof watchPageErrors>;
beforeEach(() => {
  page = watchPageErrors();
});
afterEach(() => {
  page.stop();
  for (const el of document.querySelectorAll('pilotstatus-connect')) el.remove();
});

describe('<pilotstatus-connect> under faults', () => {
  describe('when the Connect document navigates away', () => {
    it('to another origin: hears what Connect said before leaving, nothing from the new document, and nothing throws', async () => {
      const token = uuid();
      const {el, frame} = await mount({token});
      const view = frame.contentWindow!;
      const recorder = record(el);
      const left = nextLoad(frame);
      // One message, then away in the same breath: the message came from Connect, so it counts.
      post(frame, [{data: {type: 'connect:error', message: 'before leaving'}}]);
      view.postMessage({drive: 'navigate', url: `${origins.otherPort}/connect/${token}`}, '*');
      await until(left, 'the frame loading the other origin');
      // Same frame, same WindowProxy, another origin: everything it posts is refused on the origin alone.
      const marker = uuid();
      const delivered = markerFrom(view, marker);
      post(frame, [...EVERYTHING, {data: {marker}}]);
      await until(delivered, 'the messages of the document on the other origin');
      await frames(2);
      expect(recorder.events.map((e) => e.detail)).to.deep.equal([{code: 'connect-error', message: 'before leaving'}]);
      // The frame's next document is a new one: the old document's connect-error no longer stands for it,
      // and it is waited for again (its own timeout), as after any reload.
      expect(el.state).to.equal('ready');
      expect(frame.style.height).to.equal('');
      expect(page.errors).to.deep.equal([]);
    });

    it('to an origin that refuses the connection: nothing is heard and nothing throws', async () => {
      const {el, frame} = await mount();
      const recorder = record(el);
      const settled = refusedFrameSettled(frame);
      frame.contentWindow!.postMessage({drive: 'navigate', url: `http://127.0.0.1:${closedPort}/connect/x`}, '*');
      await settled;
      await frames(2);
      expect(frameOf(el)).to.equal(frame);
      expect(recorder.events).to.deep.equal([]);
      expect(['ready', 'loading']).to.include(el.state);
      expect(page.errors).to.deep.equal([]);
    });
  });

  describe('when the Connect origin refuses connections', () => {
    it('hears nothing and throws nothing without a timeout', async () => {
      const el = refused();
      const recorder = record(el);
      document.body.append(el);
      await el.updateComplete;
      await refusedFrameSettled(frameOf(el));
      await frames(2);
      expect(recorder.events).to.deep.equal([]);
      expect(page.errors).to.deep.equal([]);
    });

    it('reports pilotstatus-error with code timeout after timeout="300" ms, once (a network-error page’s load does not count)', async () => {
      const clock = fakeClock();
      const el = refused({timeout: '300'});
      const recorder = record(el);
      document.body.append(el);
      // Not early: a timer set now, before the element arms its own 300 ms one, runs first (timers never fire
      // early, and one set earlier with a shorter delay runs before). When it runs, nothing may be reported.
      let eventsAt250: number | undefined;
      setTimeout(() => (eventsAt250 = recorder.events.length), 250);
      await el.updateComplete;
      // Chromium fires `load` for its network-error page, before the timeout: no sign that Connect is there.
      // The clock stands still until the frame has settled, so that load comes first.
      const loadedFirst = (await refusedFrameSettled(frameOf(el), 300)) === 'load';
      expect(recorder.events).to.deep.equal([]);
      await clock.tickAsync(300);
      const [event] = await until(recorder.waitFor(1), 'pilotstatus-error (timeout)', 5_000);
      expect(eventsAt250, 'events 250 ms after the element was added').to.equal(0);
      expect(event.type).to.equal('pilotstatus-error');
      expect((event.detail as {code: string}).code).to.equal('timeout');
      expect((event.detail as {message: string}).message)
        .to.be.a('string')
        .and.have.length.within(1, 1000);
      expect(event.event.bubbles && event.event.composed).to.equal(true);
      expect(el.state).to.equal('error');
      console.debug(`timeout: the network-error page fired load before the timeout: ${loadedFirst}`);
      // A second timeout would need the clock to move on: it does, far past another 300 ms.
      await clock.tickAsync(10_000);
      await frames(2);
      expect(recorder.types()).to.deep.equal(['pilotstatus-error']);
      expect(page.errors).to.deep.equal([]);
    });

    it('reports no timeout for an element removed before it', async () => {
      const clock = fakeClock();
      const el = refused({timeout: '200'});
      const recorder = record(el);
      document.body.append(el);
      await el.updateComplete;
      el.remove();
      // Control: an element still on the page, with the same timeout, does report it.
      const control = refused({timeout: '200'});
      const controlRecorder = record(control);
      document.body.append(control);
      await control.updateComplete;
      // The removed element armed its 200 ms timer before the control armed the same delay, and timers of equal
      // delay run in the order they were set: had the removal left it running, it would have fired, and been
      // recorded, before the control's. The clock then goes on far past it.
      await clock.tickAsync(200);
      await until(controlRecorder.waitFor(1), 'the control element’s timeout', 5_000);
      await clock.tickAsync(10_000);
      expect(recorder.events).to.deep.equal([]);
      expect(page.errors).to.deep.equal([]);
    });
  });

  describe('when an element is removed in the middle of a burst', () => {
    it('dispatches and resizes nothing after its removal, while a sibling hears all of its own burst', async () => {
      const a = await mount();
      const b = await mount();
      const recordA = record(a.el);
      const recordB = record(b.el);
      // Style writes to A's frame after its removal (the CSSOM would apply them to the detached frame too).
      const writesAfterRemoval: string[] = [];
      let removed = false;
      const style = a.frame.style;
      Object.defineProperty(style, 'height', {
        configurable: true,
        get: () => style.getPropertyValue('height'),
        set: (value: string) => {
          if (removed) writesAfterRemoval.push(value);
          style.setProperty('height', value);
        },
      });
      // Messages that reached the page from A's old document after the removal (the browser may drop them).
      const oldView = a.frame.contentWindow!;
      let staleDelivered = 0;
      const countStale = (event: MessageEvent) => {
        if (removed && event.source === oldView) staleDelivered++;
      };
      window.addEventListener('message', countStale);
      a.el.addEventListener(
        'pilotstatus-error',
        () => {
          a.el.remove();
          removed = true;
        },
        {once: true},
      );
      const burst = (who: string): Posted[] =>
        // A resize first: at the removal, a height is waiting for the next animation frame.
        Array.from({length: 150}, (_, k) => [
          {data: {type: 'resize', height: 200 + k}},
          {data: {type: 'connect:error', message: `${who}${k}`}},
        ]).flat();
      const marker = uuid();
      const delivered = markerFrom(b.frame.contentWindow!, marker);
      post(a.frame, [...burst('a'), {data: {type: 'connect:paired', numberId: 'a'}}]);
      post(b.frame, [...burst('b'), {data: {type: 'connect:paired', numberId: 'b'}}, {data: {marker}}]);
      try {
        await until(delivered, "the sibling's burst");
        // A's document is gone with its frame, so nothing of it can prove delivery: B's burst, posted at the
        // same time and as long, and the animation frames that would have applied a pending resize, stand
        // in for that proof.
        await frames(3);
      } finally {
        window.removeEventListener('message', countStale);
      }
      expect(removed).to.equal(true);
      expect(recordA.events.map((e) => e.detail)).to.deep.equal([{code: 'connect-error', message: 'a0'}]);
      expect(writesAfterRemoval).to.deep.equal([]);
      expect(recordB.events.map((e) => e.detail)).to.deep.equal([
        ...Array.from({length: 150}, (_, k) => ({code: 'connect-error', message: `b${k}`})),
        {numberId: 'b'},
      ]);
      expect(b.frame.style.height).to.equal('349px');
      expect(page.errors).to.deep.equal([]);
      console.debug(`removal mid-burst: ${staleDelivered} messages of the removed frame reached the page afterwards`);
    });
  });
});
