import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, mseLoss } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectBackwardMatchesFiniteDifferences } from '../support/oracles.js';

describe('mseLoss', () => {
  it('mseLoss() is the mean of the squared errors', () => {
    expect(mseLoss([1, 2, 4], [1, 0, 1]).data).toBe(13 / 3);
    expect(mseLoss([new Value(0.5)], [0.5]).data).toBe(0);
  });

  it('backward() gives 2 (p_i - t_i) / n and matches finite differences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(real(-5, 5), real(-5, 5)), { minLength: 1, maxLength: 6 }), (pairs) => {
        const targets = pairs.map(([, t]) => t);
        const f = (...ps: Value[]) => mseLoss(ps, targets);
        expectBackwardMatchesFiniteDifferences(f, pairs.map(([p]) => p));
        const ps = pairs.map(([p]) => new Value(p));
        mseLoss(ps, targets).backward();
        ps.forEach((p, i) => expect(p.grad).toBeCloseTo((2 * (p.data - (targets[i] as number))) / ps.length, 12));
      }),
    );
  });

  it('mseLoss() rejects mismatched, empty and non-finite input, naming it', () => {
    expect(() => mseLoss([1, 2], [1])).toThrow('mseLoss: 2 predictions but 1 targets');
    expect(() => mseLoss([], [])).toThrow(/mseLoss: needs at least one prediction/);
    expect(() => mseLoss([1], [NaN])).toThrow('mseLoss: targets[0] must be finite, got NaN');
    expect(() => mseLoss(['1' as unknown as number], [1])).toThrow(TypeError);
    expect(() => mseLoss(['1' as unknown as number], [1])).toThrow('mseLoss: predictions[0] must be a Value or a number, got string "1"');
  });
});
