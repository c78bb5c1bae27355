// How the Node end-to-end tests start the Chromium they drive with puppeteer.
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
