/**
 * memograd/testing/vitest: importing it (in a test file or a vitest setup file) registers
 * `expect(f).toHaveCorrectGradients(xs, options)` with vitest and adds it to vitest's types. It
 * needs vitest, not fast-check; the matcher object itself is `gradientMatchers` from
 * memograd/testing (for jest's `expect.extend`).
 *
 * @example
 * import 'memograd/testing/vitest';
 * expect((x: Value) => x.tanh()).toHaveCorrectGradients([0.3], { order: 2 });
 *
 * @module
 */
import { expect } from 'vitest';
// The types by the package's name, so that the declarations point to memograd/testing's rather than
// carry a copy (see tsup.config.ts).
import type { CheckGradsOptions } from 'memograd/testing';
import { gradientMatchers } from './matchers.js';

expect.extend(gradientMatchers);

declare module 'vitest' {
  // The type parameter is declared exactly as vitest declares it, as merging requires.
  interface Assertion<T = any> {
    /** Passes when no derivative of the function checked disagrees with finite differences at `xs` (see `checkGrads`). */
    toHaveCorrectGradients(xs: readonly number[], options?: CheckGradsOptions): void;
  }
}
