import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, dot } from '../../../src/index.js';
import { expectBackwardMatchesFiniteDifferences, real } from '../../support/oracles.js';

/** Two lists of the same length n, 1 <= n <= 10. */
const pair = (min: number, max: number) =>
  fc
    .integer({ min: 1, max: 10 })
    .chain((n) => fc.tuple(fc.array(real(min, max), { minLength: n, maxLength: n }), fc.array(real(min, max), { minLength: n, maxLength: n })));

describe('dot()', () => {
  it('is Σ a_i b_i, summed left to right', () => {
    fc.assert(
      fc.property(pair(-1e3, 1e3), ([a, b]) => {
        const expected = a.map((x, i) => x * (b[i] as number)).reduce((s, t) => s + t);
        expect(dot(a.map((x) => new Value(x)), b.map((y) => new Value(y))).data).toBe(expected);
      }),
    );
  });

  it('gives d/da_i = b_i and d/db_i = a_i exactly', () => {
    fc.assert(
      fc.property(pair(-100, 100), ([a, b]) => {
        const as = a.map((x) => new Value(x));
        const bs = b.map((y) => new Value(y));
        dot(as, bs).backward();
        // backward() sums each gradient from +0, so a slope of -0 reads +0: compare with b_i + 0.
        as.forEach((v, i) => expect(v.grad).toBe((b[i] as number) + 0));
        bs.forEach((v, i) => expect(v.grad).toBe((a[i] as number) + 0));
      }),
    );
  });

  it('matches finite differences on [-1, 1]', () => {
    // Inputs in [-1, 1] keep |dot| <= 10, so the difference quotient's rounding error
    // (about ulp(dot) / step <= 2e-15 / 1e-6) stays under the 1e-8 absolute tolerance.
    fc.assert(
      fc.property(pair(-1, 1), ([a, b]) => {
        const n = a.length;
        expectBackwardMatchesFiniteDifferences((...vs) => dot(vs.slice(0, n), vs.slice(n)), [...a, ...b]);
      }),
    );
  });

  it('with a number list differentiates only the Values: d/dw_i = x_i', () => {
    const w = [new Value(0.5), new Value(-2)];
    const y = dot(w, [3, 4]);
    y.backward();
    expect(y.data).toBe(1.5 - 8);
    expect(w.map((v) => v.grad)).toEqual([3, 4]);
    const z = dot([3, new Value(1)], [new Value(2), 5]);
    expect(z.data).toBe(11);
    expect(dot([1, 2], [3, 4]).data).toBe(11);
  });

  it('of a Value with itself is its square: dot([x], [x]) has gradient 2x', () => {
    const x = new Value(3);
    dot([x], [x]).backward();
    expect(x.grad).toBe(6);
  });

  it('of two empty lists is 0', () => {
    expect(dot([], []).data).toBe(0);
  });

  it('throws a RangeError when the lengths differ', () => {
    expect(() => dot([1, 2], [3])).toThrow(RangeError);
    expect(() => dot([1, 2], [3])).toThrow(/dot: a has length 2 but b has length 1/);
  });

  it('throws a TypeError naming dot, the list and the index of a bad element', () => {
    expect(() => dot([1, 'x' as unknown as number], [1, 2])).toThrow(TypeError);
    expect(() => dot([1, 'x' as unknown as number], [1, 2])).toThrow(/dot: a\[1\] must be a Value or a number, got string "x"/);
    expect(() => dot([1, 2], [new Value(1), null as unknown as number])).toThrow(/dot: b\[1\].*null/);
    expect(() => dot(1 as unknown as number[], [])).toThrow(/dot: a must be an array/);
  });
});
