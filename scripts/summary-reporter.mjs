// Prints one plain closing line, "N passed, N failed", after the runner's own report, so a log reader
// (or CI) sees the count without parsing progress bars. With TEST_SUMMARY_FILE set (scripts/test-browser.mjs
// sets it, one file per engine), it also writes the counts there as JSON. With TEST_TIMINGS=1 it lists each
// file's test time, slowest first.
import {writeFileSync} from 'node:fs';

export function summaryReporter() {
  return {
    onTestRunFinished({sessions}) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        if (!suite) return;
        for (const test of suite.tests) {
          if (test.skipped) skipped++;
          else if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load or threw outside a test counts as a failure of its own.
        if (!session.passed && session.errors?.length) failed += session.errors.length;
      }
      const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
      // TEST_TIMINGS=1: the files whose tests took longest, then the slowest tests themselves, which is where a
      // slow suite is made quicker.
      if (process.env.TEST_TIMINGS === '1') {
        const rows = (list, limit = list.length) =>
          list
            .sort((a, b) => b[0] - a[0])
            .slice(0, limit)
            .map(([seconds, name]) => `${seconds.toFixed(1).padStart(7)} s  ${name.slice(0, 140)}`)
            .join('\n');
        const tests = [];
        const collect = (suite, path) => {
          if (!suite) return;
          for (const test of suite.tests) tests.push([(test.duration ?? 0) / 1000, [...path, test.name].join(' > ')]);
          for (const child of suite.suites) collect(child, [...path, child.name]);
        };
        const files = sessions.map((session) => {
          const file = session.testFile.replace(/^.*\/test\//, 'test/');
          const first = tests.length;
          collect(session.testResults, [file]);
          return [tests.slice(first).reduce((sum, [seconds]) => sum + seconds, 0), file];
        });
        setTimeout(() => console.log(`${rows(files)}\n\nSlowest tests:\n${rows(tests, 25)}`), 0);
      }
      if (process.env.TEST_SUMMARY_FILE) {
        writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({passed, failed, skipped}));
      }
      // After the default reporter's last repaint.
      setTimeout(() => console.log(`\n${line}`), 0);
    },
  };
}
