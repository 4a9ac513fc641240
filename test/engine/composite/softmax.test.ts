import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, softmax, zeroGrad } from '../../../src/index.js';
import { centralDifference } from '../../support/finite-difference.js';
import { expectClose, real } from '../../support/oracles.js';

const list = (min: number, max: number, maxLength = 8) => fc.array(real(min, max), { minLength: 1, maxLength });

/** e^x_i / Σ e^x_j written out in the test, for inputs where the naive form does not overflow. */
function naiveSoftmax(xs: readonly number[]): number[] {
  const e = xs.map((x) => Math.exp(x));
  const total = e.reduce((s, t) => s + t, 0);
  return e.map((t) => t / total);
}

/** J[i][j] = d p_i / d x_j, by one backward() per output. */
function jacobianByBackward(xs: readonly number[]): number[][] {
  const leaves = xs.map((x) => new Value(x));
  const ps = softmax(leaves);
  return ps.map((p) => {
    zeroGrad(leaves);
    p.backward();
    return leaves.map((l) => l.grad);
  });
}

describe('softmax()', () => {
  it('sums to 1 and matches e^x_i / Σ e^x_j on [-30, 30]', () => {
    fc.assert(
      fc.property(list(-30, 30), (xs) => {
        const ps = softmax(xs.map((x) => new Value(x))).map((p) => p.data);
        expectClose(ps.reduce((s, p) => s + p, 0), 1, xs.length * 2.3e-16, 0, 'Σ p');
        const expected = naiveSoftmax(xs);
        ps.forEach((p, i) => expectClose(p, expected[i] as number, 1e-13, 1e-300, `p${i}`));
      }),
    );
  });

  it('has the Jacobian p_i (δij - p_j), by backward() on each output', () => {
    fc.assert(
      fc.property(list(-20, 20), (xs) => {
        const e = xs.map((x) => Math.exp(x));
        const total = e.reduce((s, t) => s + t, 0);
        const p = e.map((t) => t / total);
        // 1 - p_i written as Σ_{k≠i} e_k / Σ e, which does not cancel when p_i is near 1.
        const rest = e.map((_, i) => e.reduce((s, t, k) => (k === i ? s : s + t), 0) / total);
        const J = jacobianByBackward(xs);
        J.forEach((row, i) =>
          row.forEach((Jij, j) => {
            const pi = p[i] as number;
            const expected = i === j ? pi * (rest[i] as number) : -pi * (p[j] as number);
            // The chain rule through e_i / Σ e adds terms of size up to p_i <= 1 that cancel to
            // p_i (1 - p_i): the engine's result carries an absolute error of a few ulps of 1.
            expectClose(Jij, expected, 1e-12, 1e-15, `J[${i}][${j}]`);
          }),
        );
      }),
    );
  });

  it('has a Jacobian matching finite differences', () => {
    fc.assert(
      fc.property(list(-5, 5, 5), (xs) => {
        const J = jacobianByBackward(xs);
        xs.forEach((_, i) =>
          xs.forEach((__, j) => {
            const numeric = centralDifference((pt) => (softmax(pt.map((x) => new Value(x)))[i] as Value).data, xs, j);
            expectClose((J[i] as number[])[j] as number, numeric, 1e-6, 1e-9, `J[${i}][${j}]`);
          }),
        );
      }),
    );
  });

  it('softmax([1000, 1000]) is [0.5, 0.5]; softmax([-1000, -1000]) too', () => {
    expect(softmax([new Value(1000), new Value(1000)]).map((p) => p.data)).toEqual([0.5, 0.5]);
    expect(softmax([new Value(-1000), new Value(-1000)]).map((p) => p.data)).toEqual([0.5, 0.5]);
  });

  it('is unchanged by adding a constant, however large, and stays finite', () => {
    fc.assert(
      fc.property(list(-20, 20), real(-1e5, 1e5), (xs, c) => {
        // Shifted by an integer-valued c so that x + c is exact for |x| <= 20 and the shift loses nothing... nearly:
        // x + c rounds to a multiple of ulp(c) <= 2^-36 for |c| <= 1e5, a relative change in p of about 20 * 2^-36.
        const shifted = softmax(xs.map((x) => new Value(x + c))).map((p) => p.data);
        const expected = naiveSoftmax(xs.map((x) => x + c - c));
        shifted.forEach((p, i) => {
          expect(Number.isFinite(p)).toBe(true);
          expectClose(p, expected[i] as number, 1e-13, 1e-300, `p${i}`);
        });
      }),
    );
  });

  it('of one value is [1], with gradient 0', () => {
    const a = new Value(123);
    const [p] = softmax([a]);
    p?.backward();
    expect(p?.data).toBe(1);
    expect(a.grad).toBe(0);
  });

  it('mixes numbers with Values: softmax([a, 0])[0] = sigmoid(a)', () => {
    const a = new Value(0.75);
    const [p0, p1] = softmax([a, 0]) as [Value, Value];
    expectClose(p0.data, 1 / (1 + Math.exp(-0.75)), 1e-15, 0, 'p0');
    expectClose(p1.data, 1 / (1 + Math.exp(0.75)), 1e-15, 0, 'p1');
    p0.backward();
    const s = 1 / (1 + Math.exp(-0.75));
    expectClose(a.grad, s * (1 - s), 1e-14, 0, 'd p0 / da');
    expect(softmax([1, 1, 1, 1]).map((p) => p.data)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('of an empty list is an empty list', () => {
    expect(softmax([])).toEqual([]);
  });

  it('throws a TypeError naming softmax and the index of a bad element', () => {
    expect(() => softmax([1, 2, undefined as unknown as number])).toThrow(TypeError);
    expect(() => softmax([1, 2, undefined as unknown as number])).toThrow(/softmax: values\[2\] must be a Value or a number, got undefined/);
    expect(() => softmax({} as unknown as number[])).toThrow(/softmax: values must be an array/);
  });
});
