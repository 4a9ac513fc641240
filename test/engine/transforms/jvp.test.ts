import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NonFiniteError, Value, customOp, grad, hessian, hvp, jvp, localGradients, noGrad } from '../../../src/index.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';
import { SHRINK } from '../../support/scale.js';
import { caught } from '../../support/caught.js';
import { centralDifference } from '../../support/finite-difference.js';
import {
  awayFromZero,
  backwardGradient,
  backwardJacobian,
  expectClose,
  finiteDifferenceJacobian,
  real,
  secondDerivativesByFiniteDifferences,
} from '../../support/oracles.js';
import { ALL_OPS, SMOOTH_OPS, programArbitrary, programFunction, programVectorFunction } from '../../../src/testing/programs.js';
import { OPS, OP_LIST } from '../../../src/engine/core/ops.js';

type UnaryName = { [K in keyof typeof OPS]: (typeof OPS)[K]['arity'] extends 1 ? K : never }[keyof typeof OPS];
type BinaryName = { [K in keyof typeof OPS]: (typeof OPS)[K]['arity'] extends 2 ? K : never }[keyof typeof OPS];

/**
 * An input in [-2, 2]: exactly 0, or of magnitude at least 1e-3 (as in hessian.test.ts: smaller
 * ones only lead into subnormal products, where two correct orders of summation round apart).
 */
const input = fc.oneof(fc.constant(0), awayFromZero(1e-3, 2));
const vectorOf = (n: number) => fc.array(input, { minLength: n, maxLength: n });

/** A program of 1 to 4 inputs and 1 to 4 outputs (the last registers, which share nodes), a point and a tangent. */
const vectorProgram = (ops: typeof SMOOTH_OPS) =>
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([n, m]) => fc.tuple(programArbitrary(ops, 14), fc.constant(m), vectorOf(n), vectorOf(n)));

function matVec(J: readonly (readonly number[])[], v: readonly number[]): number[] {
  return J.map((row) => row.reduce((s, h, j) => s + h * (v[j] as number), 0));
}

/**
 * The rounding scale of J·v: the largest entry of J times the largest of v (at least 1 each).
 * Forward mode sums the same path products as the matrix product, grouped differently; measured
 * on 3,000 programs, the two differ by under 3e-16 of this scale, so 1e-13 leaves room without
 * hiding a wrong edge, which is off by a whole local derivative.
 */
function scaleOf(J: readonly (readonly number[])[], v: readonly number[]): number {
  return Math.max(1, ...J.flat().map(Math.abs)) * Math.max(1, ...v.map(Math.abs));
}

describe('jvp(f, xs, v): forward mode against reverse mode and finite differences', () => {
  it('jvp() equals J·v with J from backward(), on random programs R^n -> R^m with shared nodes and every op', () => {
    fc.assert(
      fc.property(vectorProgram(ALL_OPS), ([steps, m, xs, v]) => {
        const f = programVectorFunction(ALL_OPS, steps, m);
        const [values, tangents] = jvp(f, xs, v);
        const J = backwardJacobian(f, xs);
        const Jv = matVec(J, v);
        expect(values).toEqual(f(...xs.map((x) => new Value(x))).map((y) => y.data));
        tangents.forEach((t, i) => expectClose(t, Jv[i] as number, 0, 1e-13 * scaleOf(J, v), `(J v)[${i}] at [${xs.join(', ')}]`));
      }),
      { numRuns: 500 },
    );
  });

  it('jvp() agrees with central differences of f along v, on random smooth programs', () => {
    fc.assert(
      fc.property(vectorProgram(SMOOTH_OPS), ([steps, m, xs, v]) => {
        const f = programVectorFunction(SMOOTH_OPS, steps, m);
        const [, tangents] = jvp(f, xs, v);
        const N = matVec(finiteDifferenceJacobian(f, xs), v);
        tangents.forEach((t, i) => expectClose(t, N[i] as number, 1e-6, 1e-7, `(J v)[${i}] at [${xs.join(', ')}]`));
      }),
      { numRuns: 300 },
    );
  });

  it('jvp() of a scalar f with tangent e_j is backward()\'s d f/d x_j, bit for bit on a tree-shaped graph', () => {
    // On x·y + sin(x) every edge is used once, so both modes form the same products.
    const f = (x: Value, y: Value) => x.mul(y).add(x.sin());
    fc.assert(
      fc.property(real(-5, 5), real(-5, 5), (x, y) => {
        const g = backwardGradient(f as (...xs: Value[]) => Value, [x, y]);
        // + 0: backward() sums each gradient from +0, so at x = -0 it gives d/dy = +0 where forward mode's x·1 is -0.
        expect(jvp(f as (...xs: Value[]) => Value, [x, y], [1, 0])[1] + 0).toBe(g[0]);
        expect(jvp(f as (...xs: Value[]) => Value, [x, y], [0, 1])[1] + 0).toBe(g[1]);
      }),
    );
  });

  it('jvp() reads the local-derivative table backward() reads: one op, tangent e_j, gives localGradients() exactly', () => {
    // Every op of the table, by arity, so that a new op is checked here as soon as it has its row.
    const unary = OP_LIST.filter(([, def]) => def.arity === 1).map(([name]) => name as UnaryName);
    const binary = OP_LIST.filter(([, def]) => def.arity === 2).map(([name]) => name as BinaryName);
    expect(unary).toContain('stopGradient');
    expect(binary).toContain('hypot');
    const anyNumber = fc.oneof(real(-3, 3), fc.constantFrom(0, -0, 1, -1, 2, 0.5, Infinity, NaN));
    fc.assert(
      fc.property(anyNumber, anyNumber, fc.constantFrom(...unary), fc.constantFrom(...binary), (a, b, u, op) => {
        const one = new Value(a)[u]();
        expect(jvp((x) => x[u](), [a], [1])[1]).toBe(localGradients(one)[0]);
        const two = new Value(a)[op](new Value(b));
        const [da, db] = localGradients(two);
        expect(jvp((x, y) => x[op](y), [a, b], [1, 0])[1]).toBe(da);
        expect(jvp((x, y) => x[op](y), [a, b], [0, 1])[1]).toBe(db);
        const folded = new Value(a)[op](b);
        expect(jvp((x) => x[op](b), [a], [1])[1]).toBe(localGradients(folded)[0]);
      }),
      { numRuns: 2000 },
    );
  });

  it('jvp() with Values in gives +0, as the numeric path and backward() do, for pow with an exponent of ±0 (found by the property below)', () => {
    // d/dx x^k at k = ±0 is +0 in backward()'s table; k·x^(k-1) alone would be -0 for k = -0 or x < 0.
    for (const [x, k] of [[1.000001, -0], [-2, 0], [-2, -0], [2, 0]] as const) {
      const [, numeric] = jvp((a, b) => a.pow(b), [x, k], [0.001, 0]);
      const [, composed] = jvp((a, b) => a.pow(b), [new Value(x), new Value(k)], [0.001, 0]);
      expect(Object.is(numeric, 0)).toBe(true);
      expect(Object.is(composed.data, 0)).toBe(true);
    }
    // The twin still carries the mixed partial: d/dk (d/dx x^k) at k = 0 is 1/x.
    const mixed = grad((x: Value, k: Value) => jvp((a, b) => a.pow(b), [x, k], [1, 0])[1], [1]);
    expect(mixed(2, -0)[0].data).toBe(0.5);
  });

  it('jvp() with Values in (the composable path, built from gradients()\'s table) gives the numeric path\'s numbers bit for bit', () => {
    fc.assert(
      fc.property(vectorProgram(ALL_OPS), ([steps, m, xs, v]) => {
        const f = programVectorFunction(ALL_OPS, steps, m);
        const [values, tangents] = jvp(f, xs, v);
        const [valueNodes, tangentNodes] = jvp(f, xs.map((x) => new Value(x)), v);
        expect(valueNodes.map((y) => y.data)).toEqual(values);
        expect(tangentNodes.map((t) => t.data)).toEqual(tangents);
      }),
      { numRuns: 500 },
    );
  });

  it('jvp() of f returning a Value gives numbers; of f returning an array gives arrays', () => {
    expect(jvp((x) => x.mul(x), [3], [1])).toEqual([9, 6]);
    expect(jvp((x, y) => [x.mul(y), x.add(y)], [2, 5], [1, 0])).toEqual([
      [10, 7],
      [5, 1],
    ]);
    expect(jvp((x, y) => [x.mul(y), x.add(y)], [2, 5], [0, 1])).toEqual([
      [10, 7],
      [2, 1],
    ]);
    expect(jvp(() => [], [], [])).toEqual([[], []]);
  });

  it('jvp() of an output that is an input, or that does not depend on the inputs', () => {
    const c = new Value(4);
    expect(jvp((x, y) => [x, y, c, x], [1, 2], [3, 5])).toEqual([
      [1, 2, 4, 1],
      [3, 5, 0, 3],
    ]);
  });

  it('jvp() on a chain of 1,000,000 nodes at the default stack size', () => {
    const n = 1_000_000 / SHRINK;
    const [y, t] = jvp(
      (x) => {
        let y = x;
        for (let i = 0; i < n; i++) y = y.mul(1.000001);
        return y;
      },
      [1],
      [1],
    );
    // d/dx (x c^N) = c^N, the value at x = 1: both are N roundings of the same products.
    expect(t).toBe(y);
    expect(t).toBeCloseTo(Math.pow(1.000001, n), 6);
  });

  it('jvp() with a zero tangent entry treats that input as constant: x·sqrt(y) at y = 0 along (1, 0) is 0, not 0·Infinity', () => {
    // d/dy at y = 0 is Infinity, but moving x alone changes nothing: backward() gives the same column.
    const f = (x: Value, y: Value) => x.mul(y.sqrt());
    expect(jvp(f, [3, 0], [1, 0])).toEqual([0, 0]);
    expect(backwardGradient(f as (...xs: Value[]) => Value, [3, 0])).toEqual([0, Infinity]);
    expect(jvp(f, [3, 0], [1, 1])).toEqual([0, Infinity]);
    // A closed-over constant is not differentiated either: sqrt'(0) = Infinity never meets it.
    const zero = new Value(0);
    expect(jvp((x) => x.mul(zero.sqrt()), [3], [1])).toEqual([0, 0]);
  });
});

describe('jvp() at kinks and domain edges: the table backward() follows', () => {
  /** [value, slope] by jvp, and the same by backward(), at x. */
  const both = (f: (v: Value) => Value, x: number): [[number, number], [number, number]] => {
    const v = new Value(x);
    const y = f(v);
    y.backward();
    return [jvp(f, [x], [1]), [y.data, v.grad]];
  };
  const rows: [string, (v: Value) => Value, number, [number, number]][] = [
    ["relu'(0) = 0", (v) => v.relu(), 0, [0, 0]],
    ["relu'(-0) = 0", (v) => v.relu(), -0, [0, 0]],
    ['relu(NaN) is NaN with slope 0', (v) => v.relu(), NaN, [NaN, 0]],
    ["abs'(0) = 0", (v) => v.abs(), 0, [0, 0]],
    ['max(x, 2) at a tie gives 0.5', (v) => v.max(2), 2, [2, 0.5]],
    ['min(x, 2) at a tie gives 0.5', (v) => v.min(2), 2, [2, 0.5]],
    ['x.max(x) has slope 1', (v) => v.max(v), 1.5, [1.5, 1]],
    ["sqrt'(0) = Infinity", (v) => v.sqrt(), 0, [0, Infinity]],
    ["sqrt'(-0) = -Infinity", (v) => v.sqrt(), -0, [-0, -Infinity]],
    ['sqrt(-1) is NaN with slope NaN', (v) => v.sqrt(), -1, [NaN, NaN]],
    ['log(0) = -Infinity with slope Infinity', (v) => v.log(), 0, [-Infinity, Infinity]],
    ['log(-1) is NaN with slope -1', (v) => v.log(), -1, [NaN, -1]],
    ['log1p(-1) = -Infinity with slope Infinity', (v) => v.log1p(), -1, [-Infinity, Infinity]],
    ['pow(1/3) of -8 is NaN with slope NaN', (v) => v.pow(1 / 3), -8, [NaN, NaN]],
    ['pow(0) at 0 is 1 with slope 0', (v) => v.pow(0), 0, [1, 0]],
    ['pow(0.5) at 0 has slope Infinity', (v) => v.pow(0.5), 0, [0, Infinity]],
    ['x / 0 is Infinity with slope Infinity', (v) => v.div(0), 1, [Infinity, Infinity]],
    ['0 / 0 is NaN with slope Infinity', (v) => v.div(0), 0, [NaN, Infinity]],
    ['exp(1000) overflows, slope Infinity', (v) => v.exp(), 1000, [Infinity, Infinity]],
    ['tanh saturates with slope 0', (v) => v.tanh(), 1000, [1, 0]],
    ['sigmoid saturates with slope 0', (v) => v.sigmoid(), -1000, [0, 0]],
    ['softplus(1000) = 1000, slope 1', (v) => v.softplus(), 1000, [1000, 1]],
    ['logSigmoid(-1000) = -1000, slope 1', (v) => v.logSigmoid(), -1000, [-1000, 1]],
  ];
  it.each(rows)('jvp(): %s, as backward()', (_, f, x, expected) => {
    const [forward, reverse] = both(f, x);
    expect(forward).toEqual(expected);
    expect(forward).toEqual(reverse);
  });

  it('jvp(): max and min of two Values at a tie split 0.5 / 0.5, along each input and both', () => {
    for (const op of ['max', 'min'] as const) {
      expect(jvp((a, b) => a[op](b), [2, 2], [1, 0])).toEqual([2, 0.5]);
      expect(jvp((a, b) => a[op](b), [2, 2], [0, 1])).toEqual([2, 0.5]);
      expect(jvp((a, b) => a[op](b), [2, 2], [1, 1])).toEqual([2, 1]);
    }
  });

  it('jvp(): pow(b) of base 0 has slope 0 in b >= 0; a / 0 has slopes Infinity and -Infinity', () => {
    expect(jvp((a, b) => a.pow(b), [0, 2], [0, 1])).toEqual([0, 0]);
    expect(jvp((a, b) => a.div(b), [1, 0], [1, 0])).toEqual([Infinity, Infinity]);
    expect(jvp((a, b) => a.div(b), [1, 0], [0, 1])).toEqual([Infinity, -Infinity]);
  });
});

describe('jvp() composes: forward over reverse, forward over forward, reverse over forward', () => {
  const programAtPoint = fc
    .integer({ min: 2, max: 4 })
    .chain((n) => fc.tuple(programArbitrary(SMOOTH_OPS, 12), vectorOf(n), vectorOf(n)));

  it('jvp() of grad() is the Hessian-vector product: it agrees with hvp() and with finite differences of backward() gradients', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs, v]) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const all = xs.map((_, i) => i);
        const [g, Hv] = jvp((...ys) => grad(f, all)(...ys), xs, v);
        expect(g.map((d) => d + 0)).toEqual(backwardGradient(f, xs).map((d) => d + 0));
        const reference = hvp(f, xs, v);
        const N = matVec(secondDerivativesByFiniteDifferences(f, xs), v);
        const scale = Math.max(1, ...reference.map(Math.abs));
        Hv.forEach((h, i) => {
          // Two exact routes to H·v, summing the same second-order path products in other orders
          // (measured: under 7e-16 of the largest entry on 3,000 programs).
          expectClose(h, reference[i] as number, 0, 1e-13 * scale, `(H v)[${i}] against hvp at [${xs.join(', ')}]`);
          expectClose(h, N[i] as number, 1e-6, 1e-6, `(H v)[${i}] against finite differences at [${xs.join(', ')}]`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('jvp() of jvp() is the second directional derivative vᵀ H v, as hessian() gives it', () => {
    fc.assert(
      fc.property(programAtPoint, ([steps, xs, v]) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const [dv, dvv] = jvp((...ys) => jvp(f, ys, v)[1], xs, v);
        const H = hessian(f)(...xs);
        const vHv = matVec(H, v).reduce((s, h, i) => s + h * (v[i] as number), 0);
        const gradient = backwardGradient(f, xs);
        const g = gradient.reduce((s, d, i) => s + d * (v[i] as number), 0);
        const size = Math.max(1, ...v.map(Math.abs));
        // The scales of hessian.test.ts: the largest entry (measured: under 7e-16 of it on 3,000 programs).
        expectClose(dv, g, 0, 1e-13 * Math.max(1, ...gradient.map(Math.abs)) * size, 'the inner tangent');
        expectClose(dvv, vHv, 0, 1e-13 * Math.max(1, ...H.flat().map(Math.abs)) * size ** 2, `vᵀHv at [${xs.join(', ')}]`);
      }),
      { numRuns: 300 },
    );
  });

  it('jvp() nested three deep gives the third derivative: x⁴ at 2 gives 4·3·2·x = 48', () => {
    const inner = (x: Value) => x.pow(4);
    const second = (x: Value) => jvp(inner, [x], [1])[1];
    const third = (x: Value) => jvp(second, [x], [1])[1];
    expect(jvp(third, [2], [1])).toEqual([48, 48]);
    expect(jvp(second, [2], [1])).toEqual([32, 48]);
  });

  it('grad() of jvp() differentiates the tangent: d/dx of sin\'(x) is -sin(x)', () => {
    fc.assert(
      fc.property(real(-3, 3), (x) => {
        // + 0: a gradient is summed from +0, so it cannot be -0 where -sin(x) is.
        expect(grad((u) => jvp((w) => w.sin(), [u], [1])[1])(x).data).toBe(-Math.sin(x) + 0);
      }),
    );
  });

  it('grad() of jvp() in the tangent gives Jᵀ: the tangent is linear in v', () => {
    // d/dv (J v)·c = Jᵀ c; here J = [[y, x], [1, 1]] at (2, 5).
    const f = (x: Value, y: Value) => [x.mul(y), x.add(y)];
    const jtc = grad((v0, v1) => {
      const [, t] = jvp(f, [2, 5], [v0, v1]);
      return (t[0] as Value).mul(3).add((t[1] as Value).mul(7));
    }, [0, 1])(0.5, -1).map((d) => d.data);
    expect(jtc).toEqual([5 * 3 + 7, 2 * 3 + 7]);
  });

  it('jvp() with a Value passed twice treats each position as its own direction', () => {
    const [, t] = jvp((u) => jvp((a, b) => a.mul(b.mul(b)), [u, u], [1, 0])[1], [3], [1]);
    // d/da (a b²) = b², whose derivative in u (a = b = u) is 2u = 6.
    expect(t).toBe(6);
  });

  it('hessian() of a function that calls jvp(): the Hessian of the directional derivative', () => {
    // g(x, y) = ∂/∂x (x³y) = 3x²y, whose Hessian is [[6y, 6x], [6x, 0]].
    const g = (x: Value, y: Value) => jvp((a, b) => a.pow(3).mul(b), [x, y], [1, 0])[1];
    expect(hessian(g)(1, 2)).toEqual([
      [12, 6],
      [6, 0],
    ]);
  });

  it('jvp() of grad() through a custom op without derivativeValues throws, naming jvp and the op', () => {
    const cube = customOp({ name: 'cube', forward: (x) => x ** 3, derivatives: (_o, x) => [3 * x * x] });
    expect(() => jvp((x) => grad(cube)(x), [2], [1])).toThrow(/^jvp: cannot differentiate the derivative of custom op 'cube'/);
    const cubed = customOp({
      name: 'cube',
      forward: (x) => x ** 3,
      derivatives: (_o, x) => [3 * x * x],
      derivativeValues: (_o, x) => [x.mul(x).mul(3)],
    });
    expect(jvp((x) => grad(cubed)(x), [2], [1])).toEqual([12, 12]);
    expect(jvp((u) => jvp(cubed, [u], [1])[1], [2], [1])).toEqual([12, 12]);
  });
});

describe('jvp() rejects bad input', () => {
  const f = (x: Value) => x.mul(x);

  it('throws a TypeError naming jvp when f is not a function', () => {
    expect(() => jvp(3 as unknown as typeof f, [1], [1])).toThrow(/^jvp: f must be a function, got number 3$/);
  });

  it('throws a TypeError naming jvp when xs or v is not an array', () => {
    expect(() => jvp(f, 3 as unknown as number[], [1])).toThrow(TypeError);
    expect(() => jvp(f, 3 as unknown as number[], [1])).toThrow(/^jvp: xs must be an array of numbers \(or Values\), got number 3$/);
    expect(() => jvp(f, [1], 'v' as unknown as number[])).toThrow(/^jvp: v must be an array/);
  });

  it.each(BAD_OPERANDS)('throws a TypeError naming jvp and the entry for xs[1] or v[1] = %s', (bad, shown) => {
    for (const [xs, v, name] of [
      [[1, bad], [1, 1], 'xs'],
      [[1, 1], [1, bad], 'v'],
    ] as const) {
      const call = () => jvp((a: Value, b: Value) => a.mul(b), xs as unknown as number[], v as unknown as number[]);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(new RegExp(`^jvp: ${name}\\[1\\] must be a number or a Value, got `));
      expect(call).toThrow(shown);
    }
  });

  it('throws a RangeError naming jvp when v and xs differ in length', () => {
    const error = caught(() => jvp(f, [1, 2], [1]));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('jvp: v has length 1 but xs has length 2');
  });

  it('throws a TypeError naming jvp when f returns something other than Values', () => {
    expect(() => jvp((() => 3) as unknown as typeof f, [1], [1])).toThrow(/^jvp: f must return a Value or an array of Values, got number 3$/);
    expect(() => jvp(((x: Value) => [x, 'y']) as unknown as typeof f, [1], [1])).toThrow(/^jvp: f must return Values, got string "y" at index 1$/);
  });

  it('throws inside noGrad(), where nothing is recorded and every tangent would silently be 0', () => {
    expect(() => noGrad(() => jvp(f, [1], [1]))).toThrow(/^jvp: cannot differentiate inside noGrad\(\)/);
  });

  it('passes IEEE values through rather than throwing: NaN in, NaN out', () => {
    const [y, t] = jvp(f, [NaN], [1]);
    expect(y).toBeNaN();
    expect(t).toBeNaN();
    expect(jvp(f, [1], [Infinity])).toEqual([1, Infinity]);
  });

  it('is not a NonFiniteError: it has no checkFinite option to throw one', () => {
    expect(caught(() => jvp(f, [NaN], [1]))).toBeUndefined();
    expect(NonFiniteError).toBeDefined();
  });
});

describe('jvp(): finite differences on a fixed example', () => {
  it('jvp() of (x, y) -> [x y², exp(x)/y] at (0.7, -1.3) along (0.2, 0.9) matches central differences', () => {
    const f = (x: Value, y: Value) => [x.mul(y.square()), x.exp().div(y)];
    const xs = [0.7, -1.3];
    const v = [0.2, 0.9];
    const [, t] = jvp(f, xs, v);
    const along = (i: number) => (s: number[]) => {
      const p = xs.map((x, k) => x + (s[0] as number) * (v[k] as number));
      return (f(new Value(p[0] as number), new Value(p[1] as number))[i] as Value).data;
    };
    t.forEach((ti, i) => expectClose(ti, centralDifference(along(i), [0], 0), 1e-7, 1e-9, `output ${i}`));
  });
});
