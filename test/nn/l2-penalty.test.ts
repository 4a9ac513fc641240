import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, l2Penalty } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectBackwardMatchesFiniteDifferences } from '../support/oracles.js';

describe('l2Penalty', () => {
  it("l2Penalty() is alpha times the sum of squares, summed first and scaled after, as micrograd's demo", () => {
    const ps = [0.1, 0.2, 0.3].map((p) => new Value(p));
    expect(l2Penalty(ps, 1e-4).data).toBe((0.1 * 0.1 + 0.2 * 0.2 + 0.3 * 0.3) * 1e-4);
  });

  it('l2Penalty() counts a number among the parameters as a constant: its square is added, and it has no gradient', () => {
    const p = new Value(2);
    const penalty = l2Penalty([3 as unknown as Value, p], 0.5);
    expect(penalty.data).toBe(0.5 * (3 * 3 + 2 * 2));
    penalty.backward();
    expect(p.grad).toBe(2 * 0.5 * 2);
  });

  it('backward() gives 2 alpha p and matches finite differences', () => {
    fc.assert(
      fc.property(fc.array(real(-3, 3), { minLength: 1, maxLength: 6 }), real(0, 2), (xs, alpha) => {
        expectBackwardMatchesFiniteDifferences((...ps: Value[]) => l2Penalty(ps, alpha), xs);
        const ps = xs.map((x) => new Value(x));
        l2Penalty(ps, alpha).backward();
        ps.forEach((p) => expect(p.grad).toBeCloseTo(2 * alpha * p.data, 12));
      }),
    );
  });

  it('l2Penalty() rejects a bad alpha and bad parameters', () => {
    expect(() => l2Penalty([new Value(1)], -1)).toThrow('l2Penalty: alpha must be a finite number >= 0, got number -1');
    expect(() => l2Penalty([new Value(1)], NaN)).toThrow(RangeError);
    expect(() => l2Penalty(['x' as unknown as Value], 1)).toThrow('l2Penalty: parameters[0] must be a Value or a number, got string "x"');
  });
});
