import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, hingeLoss } from '../../src/index.js';
import { awayFromZero } from '../support/arbitraries.js';
import { expectBackwardMatchesFiniteDifferences } from '../support/oracles.js';

/** Scores whose margins y·s sit at least 0.05 from the kink at 1 (so finite differences do not straddle it). */
const scored = fc.array(fc.tuple(fc.constantFrom(-1, 1), awayFromZero(0.05, 3)), { minLength: 1, maxLength: 6 }).map((rows) => ({
  labels: rows.map(([y]) => y),
  scores: rows.map(([y, d]) => y * (1 + d)),
}));

describe('hingeLoss', () => {
  it('hingeLoss() is the mean of relu(1 - y s)', () => {
    expect(hingeLoss([2, 0.5, -1], [1, 1, 1]).data).toBe((0 + 0.5 + 2) * (1 / 3));
    expect(hingeLoss([-3], [-1]).data).toBe(0);
  });

  it("hingeLoss() multiplies the sum by 1/n, as micrograd's demo does, rather than dividing by n", () => {
    // 0.7 + 0.1 + 0.1 = 0.8999999999999999; times 1/3 and divided by 3 differ in the last bit.
    const terms = [0.7, 0.1, 0.1];
    const loss = hingeLoss(terms.map((t) => 1 - t), [1, 1, 1]).data;
    const total = (1 - (1 - 0.7)) + (1 - (1 - 0.1)) + (1 - (1 - 0.1));
    expect(loss).toBe(total * (1 / 3));
    expect(total * (1 / 3)).not.toBe(total / 3);
  });

  it('backward() gives -y/n where the margin is below 1, else 0, and matches finite differences', () => {
    fc.assert(
      fc.property(scored, ({ labels, scores }) => {
        expectBackwardMatchesFiniteDifferences((...s: Value[]) => hingeLoss(s, labels), scores);
        const vs = scores.map((s) => new Value(s));
        hingeLoss(vs, labels).backward();
        vs.forEach((v, i) => {
          const y = labels[i] as number;
          expect(v.grad).toBe(y * v.data < 1 ? -y * (1 / vs.length) : 0);
        });
      }),
    );
  });

  it('hingeLoss() rejects labels other than -1 and +1, naming them', () => {
    expect(() => hingeLoss([1, 2], [1, 0])).toThrow(RangeError);
    expect(() => hingeLoss([1, 2], [1, 0])).toThrow('hingeLoss: labels[1] must be -1 or +1, got 0');
    expect(() => hingeLoss([1], [NaN])).toThrow('hingeLoss: labels[0] must be -1 or +1, got NaN');
    expect(() => hingeLoss([1], ['1' as unknown as number])).toThrow('hingeLoss: labels[0] must be a number, got string "1"');
    expect(() => hingeLoss([1, 2], [1])).toThrow('hingeLoss: 2 scores but 1 labels');
    expect(() => hingeLoss(null as unknown as number[], [1])).toThrow(TypeError);
  });
});
