// Puppeteer (pulled in by @web/test-runner-puppeteer for Firefox) would download its own Chrome at install
// time. These machines have no route to that download and the tests use the system's browsers instead, so
// `npm ci` must not try.
module.exports = {skipDownload: true};
