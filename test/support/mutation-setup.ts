/**
 * Setup for `npm run mutation` only (vitest.stryker.config.ts): fewer fast-check runs per property
 * (25 instead of 100, where a test does not set its own), since every mutant reruns the properties
 * that cover it. A mutant this lets through is read like any other survivor, so the score it gives
 * is a lower bound on the full suite's.
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: 25 });
