import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The suite Stryker runs against each mutant (npm run mutation, docs/mutation-testing.md): the
// engine's and nn's own tests, and the options-argument test that covers both. They import src/
// directly, so no dist/ build (no globalSetup), and the scale tests shrink (test/support/scale.ts),
// so that each mutant is tested in seconds.
export default defineConfig({
  // memograd/testing imports the library by the package's name (see tsup.config.ts): from source, src/.
  resolve: { alias: [{ find: /^memograd$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }] },
  test: {
    include: ['test/engine/**/*.test.ts', 'test/expression/**/*.test.ts', 'test/nn/**/*.test.ts', 'test/options-argument.test.ts'],
    testTimeout: 60_000,
    env: { MEMOGRAD_MUTATION: '1' },
    setupFiles: ['test/support/mutation-setup.ts'],
  },
});
