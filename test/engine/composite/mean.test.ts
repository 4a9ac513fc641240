import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, mean } from '../../../src/index.js';
import { expectBackwardMatchesFiniteDifferences, expectClose, real } from '../../support/oracles.js';

const list = (min: number, max: number, maxLength = 12) => fc.array(real(min, max), { minLength: 1, maxLength });

describe('mean()', () => {
  it('is the sum divided by the count', () => {
    fc.assert(
      fc.property(list(-1e6, 1e6), (xs) => {
        expect(mean(xs.map((x) => new Value(x))).data).toBe(xs.reduce((a, b) => a + b) / xs.length);
      }),
    );
  });

  it('gives every Value gradient 1/n, matching finite differences', () => {
    fc.assert(
      fc.property(list(-100, 100), (xs) => {
        const leaves = xs.map((x) => new Value(x));
        mean(leaves).backward();
        for (const l of leaves) expect(l.grad).toBe(1 / xs.length);
        expectBackwardMatchesFiniteDifferences((...vs) => mean(vs), xs);
      }),
    );
  });

  it('of squares has gradient 2x/n (a mean squared error)', () => {
    fc.assert(
      fc.property(list(-10, 10), (xs) => {
        const leaves = xs.map((x) => new Value(x));
        mean(leaves.map((l) => l.square())).backward();
        // Each product rounds to within 2^-53 relative or, among subnormals, a few multiples of
        // Number.MIN_VALUE absolute.
        leaves.forEach((l, i) => expectClose(l.grad, (2 * (xs[i] as number)) / xs.length, 1e-15, 4 * Number.MIN_VALUE, `d/dx${i}`));
      }),
    );
  });

  it('mixes numbers with Values: mean([a, 3]) = (a + 3)/2, d/da = 1/2', () => {
    const a = new Value(1);
    const y = mean([a, 3]);
    y.backward();
    expect(y.data).toBe(2);
    expect(a.grad).toBe(0.5);
    expect(mean([1, 2, 3, 4]).data).toBe(2.5);
  });

  it('of an empty list throws a RangeError', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => mean([])).toThrow(/mean: needs at least one value/);
  });

  it('throws a TypeError naming mean and the index of a bad element', () => {
    expect(() => mean([new Value(1), 2, {} as unknown as number])).toThrow(TypeError);
    expect(() => mean([new Value(1), 2, {} as unknown as number])).toThrow(/mean: values\[2\] must be a Value or a number, got an object/);
    expect(() => mean(['1' as unknown as number])).toThrow(/mean: values\[0\]/);
  });
});
