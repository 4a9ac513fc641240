import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NonFiniteError, Value, grad, valueAndGrad } from '../../../src/index.js';
import { centralDifference } from '../../support/finite-difference.js';
import { awayFromZero, backwardGradient, expectClose, forwardValue, real } from '../../support/oracles.js';
import { ALL_OPS, SMOOTH_OPS, programArbitrary, programFunction } from '../../../src/testing/programs.js';
import { OP_LIST } from '../../../src/engine/core/ops.js';

type F = (...xs: Value[]) => Value;

/** Numbers as written, with -0 shown as -0. */
const show = (xs: readonly number[]) => `[${xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(', ')}]`;

describe('grad(f, argnums)', () => {
  it('takes numbers, makes them leaves, and returns d f / d argument 0 as a Value', () => {
    const g = grad((x, y) => (x as Value).mul(y as Value).add((x as Value).sin()));
    const d = g(0.5, 3);
    expect(d).toBeInstanceOf(Value);
    expect(d.data).toBe(3 + Math.cos(0.5));
  });

  it('takes argnums as a number: the gradient with respect to that argument', () => {
    const f: F = (x, y, z) => (x as Value).mul(y as Value).mul(z as Value);
    expect(grad(f, 0)(2, 3, 5).data).toBe(15);
    expect(grad(f, 1)(2, 3, 5).data).toBe(10);
    expect(grad(f, 2)(2, 3, 5).data).toBe(6);
  });

  it('takes argnums as an array: an array of gradients in that order, repeats allowed', () => {
    const f: F = (x, y) => (x as Value).mul(y as Value);
    expect(grad(f, [0, 1])(3, 4).map((g) => g.data)).toEqual([4, 3]);
    expect(grad(f, [1, 0, 1])(3, 4).map((g) => g.data)).toEqual([3, 4, 3]);
    expect(grad(f, [])(3, 4)).toEqual([]);
  });

  it('takes Values and differentiates through them: the gradient of the result is the second derivative', () => {
    const x = new Value(0.3);
    const d = grad((v) => v.sin().mul(v))(x); // sin x + x cos x
    expect(d.data).toBe(backwardGradient((v) => v.sin().mul(v), [0.3])[0]);
    d.backward();
    // d/dx (sin x + x cos x) = 2 cos x - x sin x, written out.
    expectClose(x.grad, 2 * Math.cos(0.3) - 0.3 * Math.sin(0.3), 1e-15, 0, "f''(0.3)");
  });

  it('mixes numbers and Values as arguments', () => {
    const y = new Value(4);
    const [dx, dy] = grad((a, b) => (a as Value).mul(b as Value).mul(b as Value), [0, 1])(3, y);
    expect(dx?.data).toBe(16);
    expect(dy?.data).toBe(24);
  });

  it('gives 0 for an argument f does not use', () => {
    expect(grad((_x, y) => (y as Value).exp(), 0)(1, 2).data).toBe(0);
    expect(grad((_x: Value) => new Value(5).mul(2), 0)(1).data).toBe(0);
  });

  it('of the identity is 1, and of a constant is 0', () => {
    expect(grad((x) => x)(7).data).toBe(1);
    expect(grad((x: Value, _y: Value) => x, [0, 1])(7, 8).map((g: Value) => g.data)).toEqual([1, 0]);
  });

  it('matches finite differences on random programs of three inputs', () => {
    fc.assert(
      fc.property(programArbitrary(SMOOTH_OPS, 20), fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), (steps, xs) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const gs = grad(f, [0, 1, 2])(...xs).map((g) => g.data);
        gs.forEach((g, i) => expectClose(g, centralDifference((p) => forwardValue(f, p), xs, i), 1e-6, 1e-8, `d/dx${i}`));
      }),
      { numRuns: 200 },
    );
  });
});

describe('grad() against backward()', () => {
  it('gives the numbers backward() gives, bit for bit, on random programs over every op', () => {
    fc.assert(
      fc.property(programArbitrary(ALL_OPS, 30), fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), (steps, xs) => {
        const f = programFunction(ALL_OPS, steps);
        const expected = backwardGradient(f, xs);
        const actual = grad(f, [0, 1, 2])(...xs).map((g) => g.data);
        actual.forEach((a, i) => {
          if (!Object.is(a, expected[i])) throw new Error(`d/dx${i} at ${show(xs)}: grad ${show([a])}, backward ${show([expected[i] as number])}`);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('grad(grad(f)): second derivatives of every op against finite differences of backward()', () => {
  /**
   * d²f / dx_i dx_j from grad(grad(f, i), j), against the central difference in x_j of
   * backward()'s d f / d x_i. The step is 1e-5 (relative): its truncation error, about
   * 1e-10 · f'''' relative, and its rounding error, about 2e-16 · |f'| / 1e-5, are both far
   * under the tolerances for the domains below.
   */
  function expectSecondDerivatives(f: F, xs: number[]): void {
    for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < xs.length; j++) {
        const analytic = grad(grad(f, i), j)(...xs).data;
        const numeric = centralDifference((p) => backwardGradient(f, p)[i] as number, xs, j, 1e-5);
        expectClose(analytic, numeric, 1e-6, 1e-7, `d²f/dx${i}dx${j} at [${xs.join(', ')}]`);
      }
    }
  }

  /** Two numbers at least 1e-3 apart by construction, so that max and min are away from their kink. */
  const apart = fc
    .tuple(real(-10, 10), real(1e-3, 10), fc.boolean())
    .map(([a, gap, below]) => [a, below ? a - gap : a + gap]);

  const cases: [string, F, fc.Arbitrary<number[]>][] = [
    ['add', (a, b) => (a as Value).add(b as Value), fc.tuple(real(-10, 10), real(-10, 10))],
    ['sub', (a, b) => (a as Value).sub(b as Value), fc.tuple(real(-10, 10), real(-10, 10))],
    ['mul', (a, b) => (a as Value).mul(b as Value), fc.tuple(real(-10, 10), real(-10, 10))],
    ['div', (a, b) => (a as Value).div(b as Value), fc.tuple(real(-10, 10), awayFromZero(0.5, 10))],
    ['pow(Value)', (a, b) => (a as Value).pow(b as Value), fc.tuple(real(0.1, 5), real(-3, 3))],
    ['max(Value)', (a, b) => (a as Value).max(b as Value), apart],
    ['min(Value)', (a, b) => (a as Value).min(b as Value), apart],
    ['add(number)', (a) => (a as Value).add(2.5), fc.tuple(real(-10, 10))],
    ['sub(number)', (a) => (a as Value).sub(2.5), fc.tuple(real(-10, 10))],
    ['mul(number)', (a) => (a as Value).mul(2.5), fc.tuple(real(-10, 10))],
    ['div(number)', (a) => (a as Value).div(2.5), fc.tuple(real(-10, 10))],
    ['pow(number) of a positive base', (a) => (a as Value).pow(-1.5), fc.tuple(real(0.1, 10))],
    ['pow(integer) of any base', (a) => (a as Value).pow(3), fc.tuple(real(-10, 10))],
    ['max(number)', (a) => (a as Value).max(0.5), fc.tuple(awayFromZero(1e-3, 10).map((d) => 0.5 + d))],
    ['min(number)', (a) => (a as Value).min(0.5), fc.tuple(awayFromZero(1e-3, 10).map((d) => 0.5 + d))],
    ['neg', (a) => (a as Value).neg(), fc.tuple(real(-10, 10))],
    ['exp', (a) => (a as Value).exp(), fc.tuple(real(-10, 10))],
    ['log', (a) => (a as Value).log(), fc.tuple(real(0.1, 100))],
    ['tanh', (a) => (a as Value).tanh(), fc.tuple(real(-5, 5))],
    ['relu', (a) => (a as Value).relu(), fc.tuple(awayFromZero(1e-3, 10))],
    ['sigmoid', (a) => (a as Value).sigmoid(), fc.tuple(real(-20, 20))],
    ['sqrt', (a) => (a as Value).sqrt(), fc.tuple(real(0.1, 100))],
    ['abs', (a) => (a as Value).abs(), fc.tuple(awayFromZero(1e-3, 10))],
    ['sin', (a) => (a as Value).sin(), fc.tuple(real(-10, 10))],
    ['cos', (a) => (a as Value).cos(), fc.tuple(real(-10, 10))],
    ['softplus', (a) => (a as Value).softplus(), fc.tuple(real(-30, 30))],
    ['log1p', (a) => (a as Value).log1p(), fc.tuple(real(-0.9, 100))],
    ['expm1', (a) => (a as Value).expm1(), fc.tuple(real(-10, 10))],
    ['hypot(Value)', (a, b) => (a as Value).hypot(b as Value), fc.tuple(awayFromZero(0.5, 10), real(-10, 10))],
    ['hypot(number)', (a) => (a as Value).hypot(2.5), fc.tuple(real(-10, 10))],
    ['tan', (a) => (a as Value).tan(), fc.tuple(real(-1.3, 1.3))], // away from its poles at ±π/2
    ['atan', (a) => (a as Value).atan(), fc.tuple(real(-10, 10))],
    ['sinh', (a) => (a as Value).sinh(), fc.tuple(real(-5, 5))],
    ['cosh', (a) => (a as Value).cosh(), fc.tuple(real(-5, 5))],
    ['asinh', (a) => (a as Value).asinh(), fc.tuple(real(-10, 10))],
    ['atanh', (a) => (a as Value).atanh(), fc.tuple(real(-0.8, 0.8))], // away from its poles at ±1
    ['silu', (a) => (a as Value).silu(), fc.tuple(real(-20, 20))],
    ['erf', (a) => (a as Value).erf(), fc.tuple(real(-5, 5))],
    ['gelu', (a) => (a as Value).gelu(), fc.tuple(real(-5, 5))],
    // Its derivative is 0 for backward() and grad() alike, so the difference of backward()'s checks that the second is 0 too.
    ['stopGradient', (a) => (a as Value).stopGradient(), fc.tuple(real(-10, 10))],
    ['square', (a) => (a as Value).square(), fc.tuple(real(-10, 10))],
    ['logSigmoid', (a) => (a as Value).logSigmoid(), fc.tuple(real(-30, 30))],
  ];

  it('the cases cover every op of the table, and every op with a folded constant with a number too (square and logSigmoid are made of others)', () => {
    const ops = new Set(cases.map(([name]) => name.split(/[ (]/)[0] as string));
    expect([...ops].filter((name) => name !== 'square' && name !== 'logSigmoid').sort()).toEqual(OP_LIST.map(([name]) => name).sort());
    for (const [name, def] of OP_LIST) {
      if (def.constantCode !== null) expect(cases.some(([c]) => c.startsWith(`${name}(number)`)), name).toBe(true);
    }
  });

  for (const [name, f, xs] of cases) {
    it(`${name}`, () => {
      fc.assert(fc.property(xs, (point) => expectSecondDerivatives(f, point)));
    });
  }

  it('d²(a^b)/da db at b = 0 is 1/a, in either order', () => {
    const f: F = (a, b) => (a as Value).pow(b as Value);
    const numeric = centralDifference((p) => backwardGradient(f, p)[0] as number, [0.1, 0], 1, 1e-5);
    expectClose(numeric, 10, 1e-6, 0, 'finite difference');
    expect(grad(grad(f, 1), 0)(0.1, 0).data).toBeCloseTo(10, 12);
    expect(grad(grad(f, 0), 1)(0.1, 0).data).toBeCloseTo(10, 12); // once 0: the b = 0 branch was a constant, not a function of b
  });

  it('a composition of every op: random programs, all mixed partials of three inputs', () => {
    fc.assert(
      fc.property(programArbitrary(SMOOTH_OPS, 12), fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), (steps, xs) => {
        expectSecondDerivatives(programFunction(SMOOTH_OPS, steps), xs);
      }),
      { numRuns: 100 },
    );
  });
});

describe('higher derivatives: closed forms', () => {
  it('grad(grad(x => x³))(2) is 12', () => {
    expect(grad(grad((x) => x.pow(3)))(2).data).toBe(12);
    expect(grad((x) => x.pow(3))(2).data).toBe(12);
  });

  it("tanh''' at 0.7 is -2 sech² x (1 - 3 tanh² x)", () => {
    const t = Math.tanh(0.7);
    const sech2 = 1 - t * t;
    const closedForm = -2 * sech2 * (1 - 3 * t * t);
    // The closed form checked independently: the central difference of tanh'' = -2 tanh sech².
    const second = (x: number) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2);
    expectClose(centralDifference((p) => second(p[0] as number), [0.7], 0), closedForm, 1e-8, 0, 'closed form');
    const third = grad(grad(grad((x) => x.tanh())))(0.7);
    expectClose(third.data, closedForm, 1e-14, 0, "tanh'''(0.7)");
  });

  it('the fourth derivative of x⁵ is 120x', () => {
    const fourth = grad(grad(grad(grad((x) => x.pow(5)))));
    expect(fourth(1).data).toBe(120);
    expect(fourth(0.5).data).toBe(60);
    fc.assert(
      fc.property(real(-3, 3), (x) => {
        expectClose(fourth(x).data, 120 * x, 1e-14, 1e-300, `d⁴/dx⁴ x⁵ at ${x}`);
      }),
    );
    // And the fifth is the constant 120, the sixth 0.
    expect(grad(fourth)(0.3).data).toBe(120);
    expect(grad(grad(fourth))(0.3).data).toBe(0);
  });

  it('the fourth derivative of sin is sin, of exp is exp', () => {
    const d4 = (f: (v: Value) => Value) => grad(grad(grad(grad(f))));
    fc.assert(
      fc.property(real(-5, 5), (x) => {
        expectClose(d4((v) => v.sin())(x).data, Math.sin(x), 1e-14, 1e-15, `sin'''' at ${x}`);
        expectClose(d4((v) => v.exp())(x).data, Math.exp(x), 1e-14, 0, `exp'''' at ${x}`);
      }),
    );
  });

  it('mixed partials of x²y are 2x both ways, and d²/dx² is 2y', () => {
    const f: F = (x, y) => (x as Value).square().mul(y as Value);
    expect(grad(grad(f, 0), 0)(3, 5).data).toBe(10);
    expect(grad(grad(f, 0), 1)(3, 5).data).toBe(6);
    expect(grad(grad(f, 1), 0)(3, 5).data).toBe(6);
    expect(grad(grad(f, 1), 1)(3, 5).data).toBe(0);
  });
});

describe('valueAndGrad()', () => {
  it('returns f(x) and its gradient from one evaluation of f', () => {
    let calls = 0;
    const f = (x: Value) => {
      calls++;
      return x.tanh();
    };
    const [y, dy] = valueAndGrad(f)(0.5);
    expect(calls).toBe(1);
    expect(y.data).toBe(Math.tanh(0.5));
    expect(dy.data).toBe(1 - Math.tanh(0.5) * Math.tanh(0.5));
  });

  it('with argnums as an array returns the array of gradients', () => {
    let calls = 0;
    const [y, gs] = valueAndGrad((a, b) => {
      calls++;
      return (a as Value).mul(b as Value);
    }, [0, 1])(3, 4);
    expect(calls).toBe(1);
    expect(y.data).toBe(12);
    expect(gs.map((g) => g.data)).toEqual([4, 3]);
  });

  it('gives the same numbers as grad() and the forward value', () => {
    fc.assert(
      fc.property(programArbitrary(SMOOTH_OPS, 15), fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), (steps, xs) => {
        const f = programFunction(SMOOTH_OPS, steps);
        const [y, gs] = valueAndGrad(f, [0, 1, 2])(...xs);
        expect(y.data).toBe(forwardValue(f, xs));
        expect(gs.map((g) => g.data)).toEqual(grad(f, [0, 1, 2])(...xs).map((g) => g.data));
      }),
    );
  });
});

describe('grad() and valueAndGrad() reject bad input', () => {
  it('throws a RangeError for argnums out of range, at the call', () => {
    const f: F = (x, y) => (x as Value).mul(y as Value);
    expect(() => grad(f, 2)(1, 2)).toThrow(RangeError);
    expect(() => grad(f, 2)(1, 2)).toThrow(/grad: argnums 2 is out of range for 2 argument\(s\)/);
    expect(() => grad(f, [0, 5])(1, 2)).toThrow(/argnums 5 is out of range/);
    expect(() => valueAndGrad(f, 3)(1, 2)).toThrow(/valueAndGrad: argnums 3 is out of range/);
    // @ts-expect-error the type says f takes one argument
    expect(() => grad((x) => x)()).toThrow(RangeError);
  });

  it('throws a RangeError for a negative or fractional argnums, when grad is called', () => {
    // @ts-expect-error argnums is a position of f's parameters
    expect(() => grad((x) => x, -1)).toThrow(RangeError);
    // @ts-expect-error argnums is a position of f's parameters
    expect(() => grad((x) => x, -1)).toThrow(/grad: argnums must be non-negative integers, got number -1/);
    // @ts-expect-error argnums is a position of f's parameters
    expect(() => grad((x) => x, 0.5)).toThrow(RangeError);
    // @ts-expect-error argnums is a position of f's parameters
    expect(() => grad((x) => x, [0, NaN])).toThrow(RangeError);
  });

  it('throws a TypeError when f is not a function', () => {
    expect(() => grad(3 as unknown as F)).toThrow(TypeError);
    expect(() => grad(3 as unknown as F)).toThrow(/grad: f must be a function, got number 3/);
    expect(() => valueAndGrad('f' as unknown as F)).toThrow(/valueAndGrad: f must be a function, got string "f"/);
  });

  it('throws a TypeError naming what f returned when it is not a Value', () => {
    const f = (() => 1) as unknown as F;
    expect(() => grad(f)(2)).toThrow(TypeError);
    expect(() => grad(f)(2)).toThrow(/grad: f must return a Value, got number 1/);
    expect(() => valueAndGrad((() => undefined) as unknown as F)(2)).toThrow(/valueAndGrad: f must return a Value, got undefined/);
  });

  it('throws a TypeError naming the position of an argument that is neither a Value nor a number', () => {
    expect(() => grad((x) => x)('2' as unknown as number)).toThrow(TypeError);
    expect(() => grad((x: Value, _y: Value) => x)(1, null as unknown as number)).toThrow(/grad: argument 1 must be a Value or a number, got null/);
  });
});

describe('grad(f, argnums, { checkFinite: true })', () => {
  it('throws a NonFiniteError naming the op and its label: log at 0 labelled h', () => {
    const f = (x: Value) => {
      const h = x.log();
      h.label = 'h';
      return h.mul(2).exp();
    };
    const g = grad(f, 0, { checkFinite: true });
    expect(() => g(0)).toThrow(NonFiniteError);
    expect(() => g(0)).toThrow(/log/);
    expect(() => g(0)).toThrow(/'h'/);
    // Without the option: IEEE results, no throw (e^-Infinity = 0, and 0 · Infinity is NaN).
    expect(grad(f)(0).data).toBeNaN();
  });

  it('throws a NonFiniteError naming sqrt when its gradient is infinite at 0', () => {
    expect(() => grad((x) => x.sqrt(), 0, { checkFinite: true })(0)).toThrow(/op 'sqrt'/);
    expect(grad((x) => x.sqrt())(0).data).toBe(Infinity);
  });

  it('passes finite gradients through unchanged', () => {
    expect(grad((x) => x.log(), 0, { checkFinite: true })(4).data).toBe(0.25);
    const [y, dy] = valueAndGrad((x) => x.exp(), 0, { checkFinite: true })(1);
    expect([y.data, dy.data]).toEqual([Math.E, Math.E]);
  });
});
