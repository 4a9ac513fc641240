/**
 * memograd/testing/vitest: importing it (in a test file or a vitest setup file) registers
 * `expect(f).toHaveCorrectGradients(xs, options)` with vitest and adds it to vitest's types.
 *
 * @example
 * import 'memograd/testing/vitest';
 * expect((x: Value) => x.tanh()).toHaveCorrectGradients([0.3], { order: 2 });
 *
 * @module
 */
import { expect } from 'vitest';
import { gradientMatchers } from './matchers.js';
import type { CheckGradsOptions } from './check-grads.js';

expect.extend(gradientMatchers);

export { gradientMatchers } from './matchers.js';
export type { MatcherContext, MatcherResult } from './matchers.js';
export type { CheckGradsOptions } from './check-grads.js';

declare module 'vitest' {
  // The type parameter is declared exactly as vitest declares it, as merging requires.
  interface Assertion<T = any> {
    /** Passes when no derivative of the function checked disagrees with finite differences at `xs` (see `checkGrads`). */
    toHaveCorrectGradients(xs: readonly number[], options?: CheckGradsOptions): void;
  }
}
