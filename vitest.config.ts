import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // memograd/testing imports the library by the package's name (see tsup.config.ts): from source, src/.
  // The docs' examples import the testing subpaths by name too (test/testing/docs.test.ts).
  resolve: {
    alias: [
      { find: /^memograd$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^memograd\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
      { find: /^memograd\/testing\/vitest$/, replacement: fileURLToPath(new URL('./src/testing/vitest.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Under CI, also write a JSON report: .ci/run turns it into the plain "N passed, N failed" line.
    // The browser-skip reporter comes last, so that its note is the run's last lines.
    reporters: [
      ...(process.env['CI'] ? ['default', ['json', { outputFile: 'build/test-results.json' }]] : ['default']),
      './test/playground/skip-reporter.ts',
    ] as never,
    // One build of dist/ for every test that runs it (see the file); the playground's build and
    // the Chromium check for the browser tests (see the file).
    globalSetup: ['test/support/build.ts', 'test/playground/global-setup.ts'],
  },
});
