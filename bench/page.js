/* global window, document, performance, requestAnimationFrame, MutationObserver, crypto */
/* global fetch */
// The bench page's own script, driven by bench/run.mjs through page.evaluate(). It runs before either
// element is loaded, so every window 'message' listener an element adds or removes is counted.

const nativeAdd = window.addEventListener;
const nativeRemove = window.removeEventListener;

// The window 'message' listeners page code holds, keyed as the DOM keys them: by listener and capture flag.
// One that leaves by itself ({once}, {signal}) would be counted as left behind; neither element uses those.
const held = [new Set(), new Set()];
const captureOf = (options) => Boolean(typeof options === 'boolean' ? options : options?.capture);

// `this` is undefined when module code calls a bare addEventListener(); the DOM then uses the window too.
window.addEventListener = function (type, listener, options) {
  const target = this ?? window;
  if (target === window && type === 'message' && listener) held[Number(captureOf(options))].add(listener);
  return nativeAdd.call(target, type, listener, options);
};

window.removeEventListener = function (type, listener, options) {
  const target = this ?? window;
  if (target === window && type === 'message') held[Number(captureOf(options))].delete(listener);
  return nativeRemove.call(target, type, listener, options);
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
async function frames(count) {
  for (let i = 0; i < count; i++) await nextFrame();
}

let tag = '';
let baseUrl = '';
let idleBaseUrl = '';

function create(base = baseUrl) {
  const el = document.createElement(tag);
  el.setAttribute('base-url', base);
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

// The first element's Connect page has loaded and sends the bursts. The others are bystanders pointed at a
// path where the mock answers 204 No Content, so their frames stay on about:blank: what a window listener
// does with a message does not depend on what the other frames show, and loading 500 Connect pages would
// take most of the run on 2 cores.
const mounted = [];

async function mountElements(count) {
  if (mounted.length === 0) {
    const el = create();
    document.body.append(el);
    await loaded((await framesOf([el]))[0]);
    mounted.push(el);
  }
  // In steps of 50, so that the browser never has hundreds of navigations to start at once.
  while (mounted.length < count) {
    const els = Array.from({length: Math.min(50, count - mounted.length)}, () => create(idleBaseUrl));
    document.body.append(...els);
    await framesOf(els);
    mounted.push(...els);
    await frames(2);
  }
  await frames(10);
  return mounted.length;
}

function unmountAll() {
  for (const el of mounted.splice(0)) el.remove();
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

// A batch per sample: a single frame creation now and then waits on a busy browser process for several
// milliseconds, and an average over a batch, then the median over batches, keeps that out of the figure.
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

// A message is timed from the first window listener (capture listeners run first at the target) to the
// last (re-added before each burst, after every element's): all the elements' listeners, and the
// browser's cost of calling each. Chromium decodes a message's data at its first read, in the element's
// listener, so that is in the figure too, for both elements alike. Summed over a burst the figure is exact
// on average even in Chromium, which rounds performance.now() to 100 µs but at a random threshold: a 2 µs
// dispatch adds 100 µs to one message in fifty.
// Only the sender posts during a burst (the driver pages post nothing unasked), so neither listener reads
// event.source, one more call into the browser per listener.
let burst = null;

const head = () => {
  if (burst) burst.headAt = performance.now();
};

function tail() {
  if (!burst) return;
  burst.dispatchMs += performance.now() - burst.headAt;
  if (++burst.received === burst.count) burst.end();
}

nativeAdd.call(window, 'message', head, true);

/**
 * Makes the first mounted element's Connect page post `count` resize messages, all `data` or else of
 * changing heights, and waits for the last. With `observe`, also counts the writes of the frame's height
 * and the animation frames the burst took.
 */
async function send({count, data, observe}) {
  const frame = frameOf(mounted[0]);
  const messages = Array.from({length: count}, (_, i) => ({data: data ?? {type: 'resize', height: 200 + (i % 400)}}));
  nativeRemove.call(window, 'message', tail);
  nativeAdd.call(window, 'message', tail);
  let writes = 0;
  const observer = new MutationObserver((records) => (writes += records.length));
  let ticks = 0;
  let counting = observe;
  const tick = () => {
    if (!counting) return;
    ticks++;
    requestAnimationFrame(tick);
  };
  if (observe) {
    observer.observe(frame, {attributes: true, attributeFilter: ['style']});
    requestAnimationFrame(tick);
  }
  const done = new Promise((end) => {
    burst = {count, received: 0, headAt: 0, dispatchMs: 0, end};
  });
  frame.contentWindow.postMessage({drive: 'post', messages, targetOrigin: '*'}, '*');
  await done;
  const dispatchUs = (burst.dispatchMs / count) * 1000;
  burst = null;
  if (!observe) return {dispatchUs};
  // The last coalesced write lands in the next animation frame.
  await frames(3);
  counting = false;
  observer.disconnect();
  return {dispatchUs, writes, frames: ticks};
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
    ({tag, baseUrl, idleBaseUrl} = options);
  },
  load: (url) => import(url),
  evaluate,
  mount,
  mountElements,
  unmountAll,
  send,
  cycles,
  collect,
  listeners: () => held[0].size + held[1].size,
};
