import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { Value, grad, hessian, jacobian, noGrad } from '../../../src/index.js';
import { LinearTape } from '../../../src/engine/transforms/linear-tape.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';
import { awayFromZero, backwardJacobian, expectClose, finiteDifferenceJacobian } from '../../support/oracles.js';
import { ALL_OPS, SMOOTH_OPS, programArbitrary, programFunction, programVectorFunction } from '../../../src/testing/programs.js';

const input = fc.oneof(fc.constant(0), awayFromZero(1e-3, 2));
const vectorProgram = (ops: typeof SMOOTH_OPS) =>
  fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
    .chain(([n, m]) => fc.tuple(programArbitrary(ops, 14), fc.constant(m), fc.array(input, { minLength: n, maxLength: n })));

/** Every entry within 1e-13 of the largest entry (at least 1): see jvp.test.ts for the measured rounding. */
function expectSameMatrix(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], what: string): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.flat().map(Math.abs));
  actual.forEach((row, i) => {
    expect(row.length).toBe((expected[i] as number[]).length);
    row.forEach((a, j) => expectClose(a, (expected[i] as number[])[j] as number, 0, 1e-13 * scale, `${what}[${i}][${j}]`));
  });
}

describe('jacobian(f, { mode })', () => {
  it('forward, reverse and auto Jacobians agree with backward() per output, on random programs with shared nodes and every op', () => {
    fc.assert(
      fc.property(vectorProgram(ALL_OPS), ([steps, m, xs]) => {
        const f = programVectorFunction(ALL_OPS, steps, m);
        const J = backwardJacobian(f, xs);
        // One walk orders all the outputs, so a row can sum in another order than backward() from
        // its output alone (bit for bit only for a scalar f: see vjp.test.ts).
        expectSameMatrix(jacobian(f, { mode: 'reverse' })(...xs), J, 'reverse');
        expectSameMatrix(jacobian(f, { mode: 'forward' })(...xs), J, 'forward');
        expect(jacobian(f)(...xs)).toEqual(jacobian(f, { mode: xs.length < J.length ? 'forward' : 'reverse' })(...xs));
      }),
      { numRuns: 500 },
    );
  });

  it('jacobian() agrees with central differences on random smooth programs, in both modes', () => {
    fc.assert(
      fc.property(vectorProgram(SMOOTH_OPS), ([steps, m, xs]) => {
        const f = programVectorFunction(SMOOTH_OPS, steps, m);
        const N = finiteDifferenceJacobian(f, xs);
        for (const mode of ['forward', 'reverse'] as const) {
          jacobian(f, { mode })(...xs).forEach((row, i) =>
            row.forEach((d, j) => expectClose(d, (N[i] as number[])[j] as number, 1e-6, 1e-7, `${mode} J[${i}][${j}]`)),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('jacobian() of a small example, rows = outputs and columns = inputs; a scalar f gives one row', () => {
    const f = (x: Value, y: Value) => [x.mul(y), x.add(y), x.sin()];
    for (const mode of ['forward', 'reverse', 'auto'] as const) {
      expect(jacobian(f, { mode })(2, 5)).toEqual([
        [5, 2],
        [1, 1],
        [Math.cos(2), 0],
      ]);
      expect(jacobian((x: Value, y: Value) => x.mul(y), { mode })(2, 5)).toEqual([[5, 2]]);
      expect(jacobian(() => [], { mode })()).toEqual([]);
      expect(jacobian((_x: Value) => [], { mode })(1)).toEqual([]);
      expect(jacobian(() => new Value(3), { mode })()).toEqual([[]]);
    }
  });

  it('jacobian() of grad() is the Hessian, in both modes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(programArbitrary(SMOOTH_OPS, 12), fc.array(input, { minLength: n, maxLength: n }))),
        ([steps, xs]) => {
          const f = programFunction(SMOOTH_OPS, steps);
          const all = xs.map((_, i) => i);
          const H = hessian(f)(...xs);
          for (const mode of ['forward', 'reverse'] as const) {
            expectSameMatrix(jacobian((...ys) => grad(f, all)(...ys), { mode })(...xs), H, `${mode} jacobian of grad`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("jacobian() sweeps once per column in 'forward' mode, once per row in 'reverse', and 'auto' picks the fewer", () => {
    const forward = vi.spyOn(LinearTape.prototype, 'pushForward');
    const reverse = vi.spyOn(LinearTape.prototype, 'pullBack');
    const sweeps = (f: (...xs: Value[]) => Value[], xs: number[], mode: 'forward' | 'reverse' | 'auto') => {
      forward.mockClear();
      reverse.mockClear();
      jacobian(f, { mode })(...xs);
      return [forward.mock.calls.length, reverse.mock.calls.length];
    };
    try {
      const tall = (x: Value, y: Value) => [x, y, x.mul(y), x.sin(), y.exp()];
      const wide = (...xs: Value[]) => [xs.reduce((s, x) => s.add(x.square())), (xs[0] as Value).neg()];
      expect(sweeps(tall, [1, 2], 'forward')).toEqual([2, 0]);
      expect(sweeps(tall, [1, 2], 'reverse')).toEqual([0, 5]);
      expect(sweeps(tall, [1, 2], 'auto')).toEqual([2, 0]);
      expect(sweeps(wide, [1, 2, 3, 4], 'auto')).toEqual([0, 2]);
      // A tie goes to reverse mode.
      expect(sweeps(wide, [1, 2], 'auto')).toEqual([0, 2]);
    } finally {
      forward.mockRestore();
      reverse.mockRestore();
    }
  });

  it('jacobian() forward and reverse agree where one column is infinite: x·sqrt(y) at y = 0', () => {
    const f = (x: Value, y: Value) => [x.mul(y.sqrt()), x.add(y)];
    const expected = [
      [0, Infinity],
      [1, 1],
    ];
    expect(jacobian(f, { mode: 'forward' })(3, 0)).toEqual(expected);
    expect(jacobian(f, { mode: 'reverse' })(3, 0)).toEqual(expected);
  });
});

describe('jacobian() rejects bad input', () => {
  const f = (x: Value) => [x, x.mul(x)];

  it('throws a TypeError naming jacobian for a non-function f or non-object options', () => {
    expect(() => jacobian('f' as unknown as typeof f)).toThrow(/^jacobian: f must be a function, got string "f"$/);
    expect(() => jacobian(f, 'forward' as unknown as object)).toThrow(/^jacobian: options must be an object, got string "forward"$/);
  });

  it('throws a RangeError naming jacobian and the mode for an unknown mode', () => {
    expect(() => jacobian(f, { mode: 'sideways' as 'auto' })).toThrow(RangeError);
    expect(() => jacobian(f, { mode: 'sideways' as 'auto' })).toThrow(/^jacobian: mode must be 'forward', 'reverse' or 'auto', got string "sideways"$/);
  });

  it.each(BAD_OPERANDS)('throws a TypeError naming jacobian for the argument %s', (bad, shown) => {
    const call = () => jacobian(f)(bad as number);
    expect(call).toThrow(/^jacobian: xs\[0\] must be a number, got /);
    expect(call).toThrow(shown);
  });

  it('throws naming jacobian when f returns no Values, and inside noGrad()', () => {
    expect(() => jacobian((() => 'x') as unknown as typeof f)(1)).toThrow(/^jacobian: f must return a Value or an array of Values, got string "x"$/);
    expect(() => noGrad(() => jacobian(f)(1))).toThrow(/^jacobian: cannot differentiate inside noGrad\(\)/);
  });
});
