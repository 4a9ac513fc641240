import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp, grad, localGradients, noGrad, vjp } from '../../../src/index.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';
import { SHRINK } from '../../support/scale.js';
import { caught } from '../../support/caught.js';
import { awayFromZero, backwardGradient, backwardJacobian, expectClose, finiteDifferenceJacobian, real } from '../../support/oracles.js';
import { ALL_OPS, SMOOTH_OPS, programArbitrary, programVectorFunction } from '../../../src/testing/programs.js';

const input = fc.oneof(fc.constant(0), awayFromZero(1e-3, 2));
const vectorOf = (n: number) => fc.array(input, { minLength: n, maxLength: n });

/** A program of 1 to 4 inputs and 1 to 4 outputs sharing nodes, a point and a cotangent. */
const vectorProgram = (ops: typeof SMOOTH_OPS) =>
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([n, m]) => fc.tuple(programArbitrary(ops, 14), vectorOf(n), vectorOf(m)));

/** cᵀ J, summed output by output. */
function vecMat(c: readonly number[], J: readonly (readonly number[])[]): number[] {
  const n = (J[0] ?? []).length;
  return Array.from({ length: n }, (_, j) => J.reduce((s, row, i) => s + (c[i] as number) * (row[j] as number), 0));
}

/** The largest entry of J times the largest of c, at least 1 each (see jvp.test.ts's scaleOf). */
function scaleOf(J: readonly (readonly number[])[], c: readonly number[]): number {
  return Math.max(1, ...J.flat().map(Math.abs)) * Math.max(1, ...c.map(Math.abs));
}

describe('vjp(f, xs): reverse mode against backward() and finite differences', () => {
  it('vjp()\'s pullback gives cᵀJ with J from backward() per output, on random programs R^n -> R^m with shared nodes and every op', () => {
    fc.assert(
      fc.property(vectorProgram(ALL_OPS), ([steps, xs, c]) => {
        const f = programVectorFunction(ALL_OPS, steps, c.length);
        const m = f(...xs.map((x) => new Value(x))).length;
        const cot = c.slice(0, m);
        const [values, pullback] = vjp(f, xs);
        expect(values).toHaveLength(m);
        const J = backwardJacobian(f, xs);
        const expected = vecMat(cot, J);
        // Measured on 3,000 programs: under 3e-16 of the scale, as for jvp.
        pullback(cot).forEach((g, j) => expectClose(g, expected[j] as number, 0, 1e-13 * scaleOf(J, cot), `(cᵀJ)[${j}]`));
      }),
      { numRuns: 500 },
    );
  });

  it('vjp() agrees with central differences of cᵀf on random smooth programs', () => {
    fc.assert(
      fc.property(vectorProgram(SMOOTH_OPS), ([steps, xs, c]) => {
        const f = programVectorFunction(SMOOTH_OPS, steps, c.length);
        const N = finiteDifferenceJacobian(f, xs);
        const cot = c.slice(0, N.length);
        const [, pullback] = vjp(f, xs);
        const expected = vecMat(cot, N);
        pullback(cot).forEach((g, j) => expectClose(g, expected[j] as number, 1e-6, 1e-7, `(cᵀJ)[${j}] at [${xs.join(', ')}]`));
      }),
      { numRuns: 300 },
    );
  });

  it('vjp() of a scalar f with cotangent 1 is backward()\'s gradient, bit for bit (the same sweep, summed from +0)', () => {
    fc.assert(
      fc.property(programArbitrary(ALL_OPS, 14), vectorOf(3), (steps, xs) => {
        const f = (...ys: Value[]) => programVectorFunction(ALL_OPS, steps, 1)(...ys)[0] as Value;
        const [y, pullback] = vjp(f, xs);
        expect(y).toBe(f(...xs.map((x) => new Value(x))).data);
        expect(pullback(1)).toEqual(backwardGradient(f, xs));
      }),
      { numRuns: 500 },
    );
  });

  it('vjp() reads backward()\'s local-derivative table: one op, cotangent 1, gives localGradients()', () => {
    const binary = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min'] as const;
    fc.assert(
      fc.property(real(-3, 3), real(-3, 3), fc.constantFrom(...binary), (a, b, op) => {
        const [, pullback] = vjp((x, y) => x[op](y), [a, b]);
        expect(pullback(1)).toEqual(localGradients(new Value(a)[op](new Value(b))).map((d) => 0 + d));
      }),
    );
  });

  it('vjp()\'s pullback can be called many times on one evaluation, and is linear in the cotangent', () => {
    let calls = 0;
    const [y, pullback] = vjp((x, y) => {
      calls++;
      return [x.mul(y), x.add(y)];
    }, [2, 5]);
    expect(y).toEqual([10, 7]);
    expect(pullback([1, 0])).toEqual([5, 2]);
    expect(pullback([0, 1])).toEqual([1, 1]);
    expect(pullback([3, -2])).toEqual([13, 4]);
    expect(pullback([1, 0])).toEqual([5, 2]);
    expect(calls).toBe(1);
  });

  it('vjp() sums the cotangents of an output listed twice, and gives 0 for an input f never uses', () => {
    const [, pullback] = vjp((x) => {
      const s = x.sin();
      return [s, s];
    }, [1, 2]);
    expect(pullback([1, 2])).toEqual([3 * Math.cos(1), 0]);
  });

  it('vjp() treats an output with cotangent 0 as absent: [x, sqrt(x)] at 0 with c = (1, 0) gives 1, not 1 + 0·Infinity', () => {
    const [, pullback] = vjp((x) => [x, x.sqrt()], [0]);
    expect(pullback([1, 0])).toEqual([1]);
    expect(pullback([1, 1])).toEqual([Infinity]);
  });

  it('vjp() on a chain of 1,000,000 nodes at the default stack size', () => {
    const n = 1_000_000 / SHRINK;
    const [y, pullback] = vjp((x) => {
      let y = x;
      for (let i = 0; i < n; i++) y = y.mul(1.000001);
      return y;
    }, [1]);
    expect(pullback(1)).toEqual([y]);
  });

  it('vjp() through a custom op without derivativeValues works to first order, and a second order throws naming vjp', () => {
    const cube = customOp({ name: 'cube', forward: (x) => x ** 3, derivatives: (_o, x) => [3 * x * x] });
    expect(vjp(cube, [2])[1](1)).toEqual([12]);
    const [, pullback] = vjp((x) => grad(cube)(x), [2]);
    expect(() => pullback(1)).toThrow(/^vjp: cannot differentiate the derivative of custom op 'cube'/);
  });
});

describe('vjp() rejects bad input', () => {
  const f = (x: Value) => x.mul(x);

  it('throws a TypeError naming vjp when f is not a function or xs is not an array of numbers', () => {
    expect(() => vjp(null as unknown as typeof f, [1])).toThrow(/^vjp: f must be a function, got null$/);
    expect(() => vjp(f, 1 as unknown as number[])).toThrow(/^vjp: xs must be an array of numbers, got number 1$/);
  });

  it.each(BAD_OPERANDS)('throws a TypeError naming vjp for xs[0] = %s', (bad, shown) => {
    const call = () => vjp(f, [bad] as unknown as number[]);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(/^vjp: xs\[0\] must be a number, got /);
    expect(call).toThrow(shown);
  });

  it('throws a TypeError naming vjp when xs holds a Value: its results are numbers, which would cut an outer derivative', () => {
    expect(() => vjp(f, [new Value(1)] as unknown as number[])).toThrow(/^vjp: xs\[0\] must be a number, got /);
  });

  it('pullback: a scalar f needs a number, a vector f an array of its length', () => {
    const [, one] = vjp(f, [2]);
    expect(() => one([1] as unknown as number)).toThrow(/^vjp: the cotangent of a scalar f must be a number, got an array/);
    const [, many] = vjp((x) => [x, x], [2]);
    const short = caught(() => many([1]));
    expect(short).toBeInstanceOf(RangeError);
    expect((short as Error).message).toBe('vjp: cotangent has length 1 but f has 2 output(s)');
    expect(() => many([1, '2'] as unknown as number[])).toThrow(/^vjp: cotangent\[1\] must be a number, got string "2"$/);
  });

  it('throws naming vjp when f returns no Values, and inside noGrad()', () => {
    expect(() => vjp((() => [1]) as unknown as typeof f, [1])).toThrow(/^vjp: f must return Values, got number 1 at index 0$/);
    expect(() => noGrad(() => vjp(f, [1]))).toThrow(/^vjp: cannot differentiate inside noGrad\(\)/);
  });
});
