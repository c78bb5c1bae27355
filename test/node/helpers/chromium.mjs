// How the Node end-to-end tests drive Chromium with puppeteer: the flags it starts with, and waits and clicks
// that poll on a timer.
//
// Site isolation is off. The pages' Connect frames are cross-site (the site on localhost, Connect on
// 127.0.0.1), so with it on each frame starts in the page's process as about:blank and then moves to a
// process of its own, and puppeteer's evaluate() in that frame can hang when it races the move (puppeteer
// issue 10715). On a busy 2-core machine about one run in three of the feature pages lost a frame that way:
// the element was `ready` with the right src, and the frame's document never answered. The frames stay
// cross-origin, so what these tests check (origins, postMessage, CSP, what each frame shows) is the same;
// the browser tests (web-test-runner) keep site isolation on, and their security tests run there.
/** Chromium flags for the end-to-end tests' browser, beside scripts/find-browsers.mjs's chromeArgs(). */
export const NO_SITE_ISOLATION = [
  '--disable-site-isolation-trials',
  '--disable-features=IsolateOrigins,site-per-process',
];

const RETRY_MS = 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// `target.$(selector)`, or null once `deadline` has passed: a query in a frame whose document never answers
// must not outlast the wait it is part of.
// The timer is cleared as soon as the query answers: a pending one would keep the test process alive.
async function query(target, selector, deadline) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), null);
  });
  try {
    return await Promise.race([target.$(selector), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Clicks `selector` in `target` (a page or a frame) the way a person would: once it is there, in view, and no
 * longer moving (a panel that just replaced the frame, a sheet that slid in). puppeteer's locators wait for
 * the same with animation frames and an IntersectionObserver, which stall with a frame's rendering on a busy
 * machine (a click on a Connect frame's button once waited out its 30 s). Here the box comes over the
 * DevTools protocol and the checks repeat on a timer.
 */
export async function click(target, selector, {timeout = 30_000} = {}) {
  const page = typeof target.mouse === 'object' ? target : target.page();
  const deadline = Date.now() + timeout;
  let before = null;
  for (;;) {
    const handle = await query(target, selector, deadline);
    if (handle) {
      await handle.evaluate((element) => element.scrollIntoView({block: 'center', inline: 'center'}));
      const box = await handle.boundingBox();
      await handle.dispose();
      const still = box && before && ['x', 'y', 'width', 'height'].every((key) => box[key] === before[key]);
      if (still && box.width > 0 && box.height > 0) {
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        return;
      }
      before = box;
    }
    if (Date.now() > deadline) throw new Error(`click(): ${selector} never stood still in view within ${timeout} ms`);
    await sleep(RETRY_MS);
  }
}

/**
 * puppeteer's waitForFunction(), polled every 100 ms instead of on animation frames (its default): an
 * animation-frame poll missed, for 30 s, a modal's frame that was there all along (its element `ready`), on
 * a machine under load. A poll on a timer cannot stall with the page's rendering.
 */
export const poll = (target, condition, options, ...args) =>
  target.waitForFunction(condition, {polling: RETRY_MS, ...options}, ...args);

/**
 * puppeteer's waitForSelector() (with its `>>>` into shadow roots), polled every 100 ms for the same reason:
 * the element handle once `selector` matches.
 */
export async function waitFor(target, selector, {timeout = 30_000} = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const handle = await query(target, selector, deadline);
    if (handle) return handle;
    if (Date.now() > deadline)
      throw new Error(`Waiting for selector \`${selector}\` failed: none within ${timeout} ms`);
    await sleep(RETRY_MS);
  }
}
