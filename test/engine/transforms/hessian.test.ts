import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NonFiniteError, Value, grad, hessian, hvp } from '../../../src/index.js';
import { centralDifference } from '../../support/finite-difference.js';
import { awayFromZero, backwardGradient, expectClose, real, secondDerivativesByFiniteDifferences } from '../../support/oracles.js';
import { SMOOTH_OPS, programArbitrary, programFunction } from '../../../src/testing/programs.js';

type F = (...xs: Value[]) => Value;

/**
 * An input in [-2, 2]: exactly 0, or of magnitude at least 1e-3. Zero is a special point worth
 * hitting on purpose; magnitudes below 1e-3 only lead, through products of tiny numbers, into
 * subnormal underflow, where H·v and hvp round differently without either being wrong.
 */
const input = fc.oneof(fc.constant(0), awayFromZero(1e-3, 2));
const point = (n: number) => fc.array(input, { minLength: n, maxLength: n });

/** A random program of 2 to 4 inputs, a point, and a direction. */
const programAtPoint = fc
  .integer({ min: 2, max: 4 })
  .chain((n) => fc.tuple(programArbitrary(SMOOTH_OPS, 12), point(n), point(n)));

function matVec(H: readonly (readonly number[])[], v: readonly number[]): number[] {
  return H.map((row) => row.reduce((s, h, j) => s + h * (v[j] as number), 0));
}

const maxAbs = (H: readonly (readonly number[])[]) => Math.max(0, ...H.flat().map(Math.abs));

describe('hessian(f)', () => {
  it('is symmetric on random compositions of 2 to 4 inputs', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs]) => {
        const H = hessian(programFunction(SMOOTH_OPS, steps))(...xs);
        // Two routes to the same mixed partial round differently: allow 1e-13 of the largest entry
        // (measured: under 5e-16 on 3000 programs).
        const tol = 1e-13 * Math.max(1, maxAbs(H));
        H.forEach((row, i) =>
          row.forEach((h, j) => {
            const hji = (H[j] as number[])[i] as number;
            if (Math.abs(h - hji) > tol) throw new Error(`H[${i}][${j}] = ${h} but H[${j}][${i}] = ${hji}`);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('equals finite differences of backward() gradients on random compositions of 2 to 4 inputs', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs]) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const H = hessian(f)(...xs);
        const N = secondDerivativesByFiniteDifferences(f, xs);
        H.forEach((row, i) =>
          row.forEach((h, j) => expectClose(h, (N[i] as number[])[j] as number, 1e-6, 1e-7, `H[${i}][${j}] at [${xs.join(', ')}]`)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('of x²y is [[2y, 2x], [2x, 0]]', () => {
    const f: F = (x, y) => (x as Value).mul(x as Value).mul(y as Value);
    expect(hessian(f)(1, 2)).toEqual([
      [4, 2],
      [2, 0],
    ]);
    // Every entry is exact; zeros are compared as +0 since the sign of a zero depends on the order of a sum.
    const plusZero = (H: number[][]) => H.map((row) => row.map((h) => h + 0));
    fc.assert(
      fc.property(real(-100, 100), real(-100, 100), (x, y) => {
        expect(plusZero(hessian(f)(x, y))).toEqual(
          plusZero([
            [2 * y, 2 * x],
            [2 * x, 0],
          ]),
        );
      }),
    );
  });

  it('of sin(x) e^y is [[-sin x e^y, cos x e^y], [cos x e^y, sin x e^y]]', () => {
    fc.assert(
      fc.property(real(-5, 5), real(-5, 5), (x, y) => {
        const H = hessian((a, b) => (a as Value).sin().mul((b as Value).exp()))(x, y);
        const s = Math.sin(x) * Math.exp(y);
        const c = Math.cos(x) * Math.exp(y);
        const expected = [
          [-s, c],
          [c, s],
        ];
        H.forEach((row, i) => row.forEach((h, j) => expectClose(h, (expected[i] as number[])[j] as number, 1e-14, 1e-14, `H[${i}][${j}]`)));
      }),
    );
  });

  it('of a function of one input is its second derivative, of a linear function is zero', () => {
    expect(hessian((x) => x.pow(3))(2)).toEqual([[12]]);
    expect(hessian((x, y) => (x as Value).mul(3).add(y as Value))(1, 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(hessian((x: Value, _y: Value) => x)(1, 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('of a function of no inputs is []', () => {
    expect(hessian(() => new Value(3))()).toEqual([]);
  });

  it('of a^b at b = 0 is symmetric: H[0][1] = H[1][0] = 1/a', () => {
    // d/da a^b = b a^(b-1), d²/da db = a^(b-1) (1 + b ln a) = 1/a at b = 0. Finite differences agree:
    const numeric = centralDifference((p) => backwardGradient((a, b) => (a as Value).pow(b as Value), p)[0] as number, [0.1, 0], 1, 1e-5);
    expectClose(numeric, 10, 1e-6, 0, 'finite difference');
    const H = hessian((a, b) => (a as Value).pow(b as Value))(0.1, 0);
    expect(H[1]?.[0]).toBeCloseTo(10, 12);
    expect(H[0]?.[1]).toBeCloseTo(10, 12); // once 0: the b = 0 branch was a constant, not a function of b
  });

  it('throws a TypeError for an argument that is not a number, and for an f that is not a function', () => {
    expect(() => hessian((x) => x)(new Value(1) as unknown as number)).toThrow(TypeError);
    expect(() => hessian((x) => x)(new Value(1) as unknown as number)).toThrow(/hessian: xs\[0\] must be a number/);
    expect(() => hessian((x: Value, _y: Value) => x)(1, '2' as unknown as number)).toThrow(/hessian: xs\[1\] must be a number, got string "2"/);
    expect(() => hessian(null as unknown as F)).toThrow(/hessian: f must be a function, got null/);
    expect(() => hessian((() => 2) as unknown as F)(1)).toThrow(/hessian: f must return a Value, got number 2/);
  });

  it('with checkFinite throws a NonFiniteError naming the op', () => {
    expect(() => hessian((x) => x.log(), { checkFinite: true })(0)).toThrow(NonFiniteError);
    expect(() => hessian((x) => x.log(), { checkFinite: true })(0)).toThrow(/op 'log'/);
    expect(hessian((x) => x.log())(0)).toEqual([[-Infinity]]);
  });
});

describe('hvp(f, xs, v)', () => {
  it('equals hessian(f)(xs) · v on random compositions', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs, v]) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const H = hessian(f)(...xs);
        const expected = matVec(H, v);
        const actual = hvp(f, xs, v);
        // Both sum products of the same second-derivative terms, in different orders: allow
        // 1e-13 of max(1, max |H|) · Σ|v| (measured: under 1e-15 on 20000 programs).
        const tol = 1e-13 * Math.max(1, maxAbs(H)) * v.reduce((s, x) => s + Math.abs(x), 0);
        actual.forEach((a, i) => {
          if (Math.abs(a - (expected[i] as number)) > tol) throw new Error(`(Hv)[${i}]: hvp ${a}, H·v ${expected[i]}`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('equals the directional difference (∇f(x + hv) - ∇f(x - hv)) / 2h of backward() gradients', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs, v]) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const h = 1e-5;
        const plus = backwardGradient(f, xs.map((x, i) => x + h * (v[i] as number)));
        const minus = backwardGradient(f, xs.map((x, i) => x - h * (v[i] as number)));
        hvp(f, xs, v).forEach((a, i) => expectClose(a, ((plus[i] as number) - (minus[i] as number)) / (2 * h), 1e-6, 1e-7, `(Hv)[${i}]`));
      }),
      { numRuns: 300 },
    );
  });

  it('of x²y at (1, 2) along (1, 0) is [4, 2]', () => {
    expect(hvp((x, y) => (x as Value).mul(x as Value).mul(y as Value), [1, 2], [1, 0])).toEqual([4, 2]);
  });

  /** f = Σ x_i² x_{i+1}, and its H·v written out: H has 2x_{i+1} on the diagonal, 2x_i beside it. */
  const chain: F = (...xs) => {
    let acc = new Value(0);
    for (let i = 0; i + 1 < xs.length; i++) acc = acc.add((xs[i] as Value).square().mul(xs[i + 1] as Value));
    return acc;
  };
  function chainHvp(x: readonly number[], v: readonly number[]): number[] {
    const n = x.length;
    return x.map((_, j) => {
      let s = 0;
      if (j + 1 < n) s += 2 * (x[j + 1] as number) * (v[j] as number) + 2 * (x[j] as number) * (v[j + 1] as number);
      if (j > 0) s += 2 * (x[j - 1] as number) * (v[j - 1] as number);
      return s;
    });
  }

  it('works on f = Σ x_i² x_{i+1} of 200 inputs, exactly for small integers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 200, maxLength: 200 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 200, maxLength: 200 }),
        (x, v) => {
          // Every intermediate is a small integer, so both sides are exact (the sign of a zero
          // depends on the order of the sum, so zeros are compared as +0).
          const plusZero = (xs: number[]) => xs.map((t) => t + 0);
          expect(plusZero(hvp(chain, x, v))).toEqual(plusZero(chainHvp(x, v)));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('works on f = Σ x_i² x_{i+1} of 200 real inputs, to rounding', () => {
    fc.assert(
      fc.property(
        fc.array(real(-2, 2), { minLength: 200, maxLength: 200 }),
        fc.array(real(-2, 2), { minLength: 200, maxLength: 200 }),
        (x, v) => {
          const expected = chainHvp(x, v);
          hvp(chain, x, v).forEach((a, j) => {
            // Three products of size at most 8, each rounded: 1e-14 absolute is a few ulps of 8.
            expectClose(a, expected[j] as number, 1e-14, 1e-14, `(Hv)[${j}]`);
          });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('of no inputs is []', () => {
    expect(hvp(() => new Value(1), [], [])).toEqual([]);
  });

  it('throws a RangeError when v and xs differ in length', () => {
    expect(() => hvp((x: Value, _y: Value) => x, [1, 2], [1] as never)).toThrow(RangeError);
    expect(() => hvp((x: Value, _y: Value) => x, [1, 2], [1] as never)).toThrow(/hvp: v has length 1 but xs has length 2/);
  });

  it('throws a TypeError for a non-number in xs or v, a non-array, or an f that is not a function', () => {
    expect(() => hvp((x: Value, _y: Value) => x, [1, 'a' as unknown as number], [1, 2])).toThrow(TypeError);
    expect(() => hvp((x: Value, _y: Value) => x, [1, 'a' as unknown as number], [1, 2])).toThrow(/hvp: xs\[1\] must be a number, got string "a"/);
    expect(() => hvp((x) => x, [1], [null as unknown as number])).toThrow(/hvp: v\[0\] must be a number, got null/);
    expect(() => hvp((x) => x, 1 as never, [1])).toThrow(/hvp: xs must be an array of numbers/);
    expect(() => hvp((x) => x, [1], 1 as never)).toThrow(/hvp: v must be an array of numbers/);
    expect(() => hvp(1 as unknown as F, [1], [1])).toThrow(/hvp: f must be a function/);
  });
});

describe("Newton's method with grad and hessian on Rosenbrock's function", () => {
  const rosenbrock: F = (x, y) =>
    (x as Value)
      .sub(1)
      .square()
      .add((y as Value).sub((x as Value).square()).square().mul(100));

  /** Newton steps from (x, y), solving H d = g by Cramer's rule, until within tol of (1, 1). */
  function newton(hessianOf: (x: number, y: number) => number[][], start: [number, number], maxSteps: number) {
    const g = grad(rosenbrock, [0, 1]);
    let [x, y] = start;
    const path: [number, number][] = [];
    for (let step = 0; step < maxSteps && !(x === 1 && y === 1); step++) {
      const [gx, gy] = g(x, y).map((v) => v.data) as [number, number];
      const [[a, b], [c, d]] = hessianOf(x, y) as [[number, number], [number, number]];
      const det = a * d - b * c;
      [x, y] = [x - (d * gx - b * gy) / det, y - (a * gy - c * gx) / det];
      path.push([x, y]);
    }
    return path;
  }
  const distance = ([x, y]: [number, number]) => Math.hypot(x - 1, y - 1);

  it('the Hessian matches the closed form [[2 - 400(y - 3x²), -400x], [-400x, 200]]', () => {
    fc.assert(
      fc.property(real(-2, 2), real(-1, 3), (x, y) => {
        const H = hessian(rosenbrock)(x, y);
        const expected = [
          [2 - 400 * (y - 3 * x * x), -400 * x],
          [-400 * x, 200],
        ];
        H.forEach((row, i) =>
          row.forEach((h, j) => expectClose(h, (expected[i] as number[])[j] as number, 1e-13, 1e-11, `H[${i}][${j}]`)),
        );
      }),
    );
  });

  it('converges from (-1.2, 1) to (1, 1) within 1e-10 in 6 steps, and exactly in 7', () => {
    const path = newton((x, y) => hessian(rosenbrock)(x, y), [-1.2, 1], 50);
    const firstClose = path.findIndex((p) => distance(p) <= 1e-10) + 1;
    // Measured: 6 steps to within 1e-10 (distance 1.9e-11), then (1, 1) exactly at step 7.
    expect(firstClose).toBeGreaterThan(0);
    expect(firstClose).toBeLessThanOrEqual(6);
    expect(path.length).toBe(7);
    expect(path[6]).toEqual([1, 1]);
    // Quadratic convergence near the end: each error at most a modest multiple of the previous squared.
    for (let k = 4; k < 6; k++) {
      expect(distance(path[k] as [number, number])).toBeLessThanOrEqual(1e3 * distance(path[k - 1] as [number, number]) ** 2);
    }
  });

  it('the step bound catches a broken Hessian: off-diagonal entries 0.1% off do not converge in 50 steps', () => {
    const broken = (x: number, y: number) => {
      const [[a, b], [c, d]] = hessian(rosenbrock)(x, y) as [[number, number], [number, number]];
      return [
        [a, b * 1.001],
        [c * 1.001, d],
      ];
    };
    const path = newton(broken, [-1.2, 1], 50);
    expect(path.slice(0, 6).some((p) => distance(p) <= 1e-10)).toBe(false);
    expect(distance(path[path.length - 1] as [number, number])).toBeGreaterThan(1);
  });
});
