/* global window, document, performance, requestAnimationFrame, MutationObserver, MessageChannel, crypto */
/* global fetch */
// The bench page's own script, driven by bench/run.mjs through page.evaluate(). It runs before either
// element is loaded, so every window 'message' listener an element adds goes through the wrappers below.

const nativeAdd = window.addEventListener;
const nativeRemove = window.removeEventListener;

// The window 'message' listeners page code holds, keyed as the DOM keys them: by listener and capture flag.
const held = [new Map(), new Map()];
let timeHandlers = false;
let handlerMs = 0;

const captureOf = (options) => Boolean(typeof options === 'boolean' ? options : options?.capture);

// Two performance.now() calls per listener call: cheap next to one message, but not next to 500 listeners
// that return at once, so the routing test registers the listeners as they are (see setup()).
function timed(listener) {
  return function (event) {
    const start = performance.now();
    try {
      return typeof listener === 'function' ? listener.call(this, event) : listener.handleEvent(event);
    } finally {
      handlerMs += performance.now() - start;
    }
  };
}

// `this` is undefined when module code calls a bare addEventListener(); the DOM then uses the window too.
window.addEventListener = function (type, listener, options) {
  const target = this ?? window;
  if (target !== window || type !== 'message' || !listener) return nativeAdd.call(target, type, listener, options);
  const listeners = held[Number(captureOf(options))];
  if (!listeners.has(listener)) listeners.set(listener, timeHandlers ? timed(listener) : listener);
  return nativeAdd.call(window, type, listeners.get(listener), options);
};

window.removeEventListener = function (type, listener, options) {
  const target = this ?? window;
  const listeners = held[Number(captureOf(options))];
  if (target !== window || type !== 'message' || !listeners.has(listener)) {
    return nativeRemove.call(target, type, listener, options);
  }
  nativeRemove.call(window, type, listeners.get(listener), options);
  listeners.delete(listener);
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
async function frames(count) {
  for (let i = 0; i < count; i++) await nextFrame();
}

let tag = '';
let baseUrl = '';

function create() {
  const el = document.createElement(tag);
  el.setAttribute('base-url', baseUrl);
  el.setAttribute('token', crypto.randomUUID());
  return el;
}

const frameOf = (el) => el.shadowRoot?.querySelector('iframe[src]');

// The element must create its frame in its first update: microtasks are waited for, a timer is not.
async function framesOf(els) {
  for (let i = 0; i < 1000; i++) {
    if (els.every(frameOf)) return els.map(frameOf);
    await null;
  }
  throw new Error(`<${tag}> had no iframe[src] in its shadow root after 1,000 microtasks`);
}

const loaded = (frame) => new Promise((resolve) => frame.addEventListener('load', resolve, {once: true}));

async function mountLoaded(count) {
  const els = Array.from({length: count}, create);
  document.body.append(...els);
  await Promise.all((await framesOf(els)).map(loaded));
  return els;
}

// --- Script evaluation -------------------------------------------------------------------------------

const finished = new Map();
window.__benchDone = (id) => finished.get(id)?.();

let scriptId = 0;
// An inline module has no fetch to wait for, but it still runs in a task of its own: run() is timed from
// the insertion to the module's last statement, and an empty module measures that fixed cost.
function run(code) {
  const id = ++scriptId;
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.textContent = `${code}\n;window.__benchDone(${id});`;
    const fail = (event) => reject(event.error ?? new Error(event.message));
    window.addEventListener('error', fail, {once: true});
    const start = performance.now();
    finished.set(id, () => {
      const ms = performance.now() - start;
      window.removeEventListener('error', fail);
      finished.delete(id);
      script.remove();
      resolve(ms);
    });
    document.head.append(script);
  });
}

// Each copy defines its own tag, so every evaluation does the whole job, define() included.
async function evaluate({url, copies}) {
  const source = await (await fetch(url)).text();
  const literal = new RegExp(`(['"])${tag}\\1`, 'g');
  if (!literal.test(source)) throw new Error(`${url} has no '${tag}' literal to rename per copy`);
  let net = 0;
  for (let i = 0; i < copies; i++) {
    const empty = await run('');
    net += (await run(source.replace(literal, `'${tag}-copy${i}'`))) - empty;
  }
  return net / copies;
}

// --- Mount -------------------------------------------------------------------------------------------

// A batch per sample: one mount is close to the 100 µs step that browsers round performance.now() to.
async function mount({batch, samples}) {
  const perElement = [];
  for (let sample = -1; sample < samples; sample++) {
    const els = Array.from({length: batch}, create);
    const start = performance.now();
    for (const el of els) document.body.append(el);
    await framesOf(els);
    const ms = (performance.now() - start) / batch;
    for (const el of els) el.remove();
    // Lets the browser drop the cancelled navigations before the next sample starts.
    await frames(2);
    if (sample >= 0) perElement.push(ms);
  }
  return perElement;
}

// --- Messages ----------------------------------------------------------------------------------------

let burst = null;

nativeAdd.call(
  window,
  'message',
  (event) => {
    if (!burst || event.source !== burst.source) return;
    burst.received++;
    if (burst.received === 1) {
      // Holds the main thread while the frame, in its own process, queues the rest of the burst: they are
      // then handled back to back, and the wall time measures this page's work, not the sender's pace.
      const until = performance.now() + burst.hold;
      while (performance.now() < until);
      handlerMs = 0;
      burst.start = performance.now();
    }
    if (burst.received === burst.count) {
      // A task of its own runs once the last message's listeners have all returned.
      const channel = new MessageChannel();
      channel.port1.onmessage = burst.end;
      channel.port2.postMessage(null);
    }
  },
  true,
);

async function runBurst(frame, {count, hold, data}) {
  const messages = Array.from({length: count}, (_, i) => ({data: data ?? {type: 'resize', height: 200 + (i % 400)}}));
  let writes = 0;
  const observer = new MutationObserver((records) => (writes += records.length));
  observer.observe(frame, {attributes: true, attributeFilter: ['style']});
  let ticks = 0;
  let counting = true;
  const tick = () => {
    if (!counting) return;
    ticks++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const ended = new Promise((end) => {
    burst = {source: frame.contentWindow, count, hold, received: 0, start: 0, end};
  });
  frame.contentWindow.postMessage({drive: 'post', messages, targetOrigin: '*'}, '*');
  await ended;
  const totalMs = performance.now() - burst.start;
  const ms = handlerMs;
  burst = null;
  // The last coalesced write lands in the next animation frame.
  await frames(3);
  counting = false;
  observer.disconnect();
  return {totalUs: (totalMs / count) * 1000, handlerUs: (ms / count) * 1000, writes, frames: ticks};
}

async function messages({count, bursts, hold}) {
  const [el] = await mountLoaded(1);
  const frame = frameOf(el);
  await runBurst(frame, {count: Math.min(count, 1000), hold});
  const results = [];
  for (let i = 0; i < bursts; i++) results.push(await runBurst(frame, {count, hold}));
  el.remove();
  return results;
}

// One height for the whole burst: after the first write, no layout follows, so growing the page to 500
// frames adds no rendering work and only the cost of finding the message's element is left to grow.
async function routing({levels, count, bursts, hold, data}) {
  const els = [];
  const perLevel = {};
  for (const level of levels) {
    while (els.length < level) els.push(...(await mountLoaded(Math.min(50, level - els.length))));
    await frames(5);
    const sender = frameOf(els[0]);
    await runBurst(sender, {count, hold, data});
    perLevel[level] = [];
    for (let i = 0; i < bursts; i++) perLevel[level].push(await runBurst(sender, {count, hold, data}));
  }
  for (const el of els) el.remove();
  return perLevel;
}

// --- Memory ------------------------------------------------------------------------------------------

async function cycles(count) {
  for (let i = 0; i < count; i++) {
    const el = create();
    document.body.append(el);
    await framesOf([el]);
    el.remove();
  }
}

// Several collections, a frame apart, so that objects freed by finalizers of the first are gone too.
async function collect() {
  for (let i = 0; i < 3; i++) {
    window.gc?.();
    await nextFrame();
  }
  return Boolean(window.gc);
}

window.bench = {
  setup(options) {
    ({tag, baseUrl} = options);
    timeHandlers = Boolean(options.timeHandlers);
  },
  load: (url) => import(url),
  evaluate,
  mount,
  messages,
  routing,
  cycles,
  collect,
  listeners: () => held[0].size + held[1].size,
};
