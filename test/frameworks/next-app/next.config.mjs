// The Next.js App Router fixture of test/node/next.e2e.test.mjs. Nothing here a new app would not have:
// the package is installed into ./node_modules from `npm pack`, as an app installs it.
/** @type {import('next').NextConfig} */
export default {};
