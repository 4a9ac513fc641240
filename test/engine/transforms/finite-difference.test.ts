import { describe, expect, it } from 'vitest';
import { differenceQuotients, stepFor } from '../../../src/engine/transforms/finite-difference.js';

describe('stepFor(eps, xs)', () => {
  // eps = 0.5 and powers of two keep every product exact: the expected steps are eps · max(1, |x|∞) by hand.
  it('stepFor() is eps where every |x| <= 1, and eps times the largest |x| otherwise', () => {
    expect(stepFor(0.5, [])).toBe(0.5);
    expect(stepFor(0.5, [0.25, -1])).toBe(0.5);
    expect(stepFor(0.5, [2, -8, 4])).toBe(4);
    expect(stepFor(0.5, [-16])).toBe(8);
  });
});

describe('differenceQuotients()', () => {
  it('differenceQuotients() of a line through its point gives its slope (central, right and left)', () => {
    // f(x, y) = 3x - y along v = (1, 0.5) from (1, 2) with h = 0.25: slope 3 - 0.5 = 2.5, every number exact.
    const f = (xs: number[]) => 3 * (xs[0] as number) - (xs[1] as number);
    const q = differenceQuotients('c', 0.25, f, [1, 2], [1, 0.5], 0.25, f([1, 2]));
    expect(q).toEqual({ central: 2.5, right: 2.5, left: 2.5, step: 0.25 });
  });

  it('differenceQuotients() names the first of two equally long axes when the step vanishes there', () => {
    // Both steps vanish (1e20 ± 1e-6 is 1e20): the step is measured along the first longest axis, xs[0].
    const f = (xs: number[]) => (xs[0] as number) + (xs[1] as number);
    expect(() => differenceQuotients('c', 1e-6, f, [1e20, 3e20], [1, -1], 1e-6)).toThrow(
      new RangeError(`c: eps = 0.000001 gives no usable step at xs[0] = ${1e20} (x ± h = ${1e20}, ${1e20})`),
    );
  });
});
