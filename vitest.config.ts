import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Under CI, also write a JSON report: .ci/run turns it into the plain "N passed, N failed" line.
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'build/test-results.json' }]] : ['default'],
    // One build of dist/ for every test that runs it (see the file).
    globalSetup: ['test/support/build.ts'],
  },
});
