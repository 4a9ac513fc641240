import { checkGrads, type CheckGradsOptions, type CheckedFunction } from './check-grads.js';
import { formatReport } from './format-report.js';

/** What a matcher returns to vitest's or jest's `expect`. */
export interface MatcherResult {
  /** Whether the assertion holds. */
  readonly pass: boolean;
  /** The message shown when it does not (or, under `.not`, when it does). */
  readonly message: () => string;
}

/** The matcher context this matcher reads: whether it runs under `.not`. */
export interface MatcherContext {
  /** True under `expect(f).not.…`. */
  readonly isNot?: boolean;
}

/**
 * Matchers for `expect.extend`, vitest's or jest's: `expect(f).toHaveCorrectGradients(xs, options)`
 * passes when no check of `checkGrads(f, xs, options)` fails (inconclusive ones do not fail), and
 * its failure message is the report. Importing `memograd/testing/vitest` registers them with vitest.
 *
 * @example
 * expect.extend(gradientMatchers); // jest: in a setup file
 * expect((x: Value) => x.sin()).toHaveCorrectGradients([0.5], { order: 2 });
 */
export const gradientMatchers = {
  /** Checks `f`'s derivatives at `xs` with `checkGrads`, failing with the report. */
  toHaveCorrectGradients(this: MatcherContext | undefined, f: unknown, xs: readonly number[], options?: CheckGradsOptions): MatcherResult {
    if (typeof f !== 'function') {
      return { pass: false, message: () => `toHaveCorrectGradients: expected a function of Values, got ${typeof f}` };
    }
    let report;
    try {
      report = checkGrads(f as CheckedFunction, xs, options);
    } catch (e) {
      const error = e as { report?: unknown; message?: unknown };
      if (error.report === undefined) throw e;
      const message = String(error.message);
      return { pass: false, message: () => `expected f to have correct gradients\n${message}` };
    }
    const text = formatReport(report);
    return { pass: true, message: () => `expected some derivative of f to disagree with finite differences\n${text}` };
  },
};
