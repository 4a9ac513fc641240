import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, grad, localGradients } from '../../../src/index.js';
import { awayFromZero, expectBackwardMatchesFiniteDifferences, expectClose, real } from '../../support/oracles.js';
import { expm1Reference, log1pReference } from '../../support/exact-series.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';
import { OP_LIST } from '../../../src/engine/core/ops.js';

/** y = f(x) and dy/dx by backward() on a fresh leaf. */
function valueAndSlope(f: (v: Value) => Value, x: number): [number, number] {
  const v = new Value(x);
  const y = f(v);
  y.backward();
  return [y.data, v.grad];
}

/** Two numbers at least `gap` apart by construction: a, and a ± gap. */
const apart = (gapMin: number) =>
  fc.tuple(real(-100, 100), real(gapMin, 100), fc.boolean()).map(([a, gap, below]) => [a, below ? a - gap : a + gap] as const);

// The logistic function and softplus written out in the test, as references for the stable ops.
const logistic = (x: number) => Math.exp(x) / (1 + Math.exp(x));

describe('new Value ops: forward values against Math closed forms', () => {
  const unary: [string, (v: Value) => Value, (x: number) => number, fc.Arbitrary<number>][] = [
    ['sqrt', (v) => v.sqrt(), Math.sqrt, real(0, 1e6)],
    ['abs', (v) => v.abs(), Math.abs, real(-1e6, 1e6)],
    ['sin', (v) => v.sin(), Math.sin, real(-100, 100)],
    ['cos', (v) => v.cos(), Math.cos, real(-100, 100)],
    ['log1p', (v) => v.log1p(), Math.log1p, real(-0.999, 1e6)],
    ['expm1', (v) => v.expm1(), Math.expm1, real(-700, 700)],
    ['square', (v) => v.square(), (x) => x * x, real(-1e6, 1e6)],
    ['tan', (v) => v.tan(), Math.tan, real(-100, 100)],
    ['atan', (v) => v.atan(), Math.atan, real(-1e6, 1e6)],
    ['sinh', (v) => v.sinh(), Math.sinh, real(-700, 700)],
    ['cosh', (v) => v.cosh(), Math.cosh, real(-700, 700)],
    ['asinh', (v) => v.asinh(), Math.asinh, real(-1e6, 1e6)],
    ['atanh', (v) => v.atanh(), Math.atanh, real(-1, 1)],
  ];
  for (const [name, f, reference, xs] of unary) {
    it(`${name}(x) is the double Math gives`, () => {
      fc.assert(
        fc.property(xs, (x) => {
          expect(f(new Value(x)).data).toBe(reference(x));
        }),
      );
    });
  }

  it('softplus(x) matches log(1 + e^x) to within the rounding of the naive form on [-30, 30]', () => {
    // The naive form rounds 1 + e^x (absolute error <= 1.1e-16) and then the log: 1e-15 absolute
    // plus 1e-14 relative covers both with room; the stable form is the more accurate of the two.
    fc.assert(
      fc.property(real(-30, 30), (x) => expectClose(new Value(x).softplus().data, Math.log(1 + Math.exp(x)), 1e-14, 1e-15, `softplus(${x})`)),
    );
  });

  it('logSigmoid(x) matches log(1 / (1 + e^-x)) to within the rounding of the naive form on [-30, 30]', () => {
    fc.assert(
      fc.property(real(-30, 30), (x) =>
        expectClose(new Value(x).logSigmoid().data, Math.log(1 / (1 + Math.exp(-x))), 1e-14, 1e-15, `logSigmoid(${x})`),
      ),
    );
  });

  it('max(other) and min(other) are Math.max and Math.min, for Value and number operands', () => {
    fc.assert(
      fc.property(real(-1e6, 1e6), real(-1e6, 1e6), (a, b) => {
        expect(new Value(a).max(new Value(b)).data).toBe(Math.max(a, b));
        expect(new Value(a).min(new Value(b)).data).toBe(Math.min(a, b));
        expect(new Value(a).max(b).data).toBe(Math.max(a, b));
        expect(new Value(a).min(b).data).toBe(Math.min(a, b));
      }),
    );
  });

  it('examples: sqrt 9 = 3, |-2.5| = 2.5, sin 0 = 0, cos 0 = 1, softplus 0 = ln 2, logSigmoid 0 = -ln 2', () => {
    expect(new Value(9).sqrt().data).toBe(3);
    expect(new Value(-2.5).abs().data).toBe(2.5);
    expect(new Value(0).sin().data).toBe(0);
    expect(new Value(0).cos().data).toBe(1);
    expect(new Value(0).softplus().data).toBe(Math.LN2);
    expect(new Value(0).logSigmoid().data).toBe(-Math.LN2);
    expect(new Value(-3).square().data).toBe(9);
    expect(new Value(2).max(5).data).toBe(5);
    expect(new Value(2).min(new Value(5)).data).toBe(2);
  });

  it('each op records its name as op; square is a product and logSigmoid a negation', () => {
    const x = new Value(0.5);
    const names: [Value, string][] = [
      [x.sqrt(), 'sqrt'],
      [x.abs(), 'abs'],
      [x.sin(), 'sin'],
      [x.cos(), 'cos'],
      [x.softplus(), 'softplus'],
      [x.log1p(), 'log1p'],
      [x.expm1(), 'expm1'],
      [x.max(x), 'max'],
      [x.max(1), 'max'],
      [x.min(x), 'min'],
      [x.min(1), 'min'],
      [x.square(), '*'],
      [x.logSigmoid(), 'neg'],
    ];
    for (const [node, op] of names) expect(node.op).toBe(op);
    expect(x.square().parents).toEqual([x, x]);
    expect(x.max(1).constant).toBe(1);
    expect(x.max(1).parents).toEqual([x]);
  });
});

describe('new Value ops: first derivatives against central finite differences', () => {
  const unary: [string, (v: Value) => Value, fc.Arbitrary<number>][] = [
    ['sqrt', (v) => v.sqrt(), real(0.01, 100)],
    ['abs (away from 0)', (v) => v.abs(), awayFromZero(1e-3, 100)],
    ['sin', (v) => v.sin(), real(-10, 10)],
    ['cos', (v) => v.cos(), real(-10, 10)],
    ['softplus', (v) => v.softplus(), real(-30, 30)],
    ['log1p', (v) => v.log1p(), real(-0.9, 100)],
    ['expm1', (v) => v.expm1(), real(-20, 20)],
    ['square', (v) => v.square(), real(-100, 100)],
    ['logSigmoid', (v) => v.logSigmoid(), real(-30, 30)],
    ['neg', (v) => v.neg(), real(-100, 100)],
    ['exp', (v) => v.exp(), real(-20, 20)],
    ['log', (v) => v.log(), real(0.01, 100)],
    ['tanh', (v) => v.tanh(), real(-10, 10)],
    ['relu (away from 0)', (v) => v.relu(), awayFromZero(1e-3, 100)],
    ['sigmoid', (v) => v.sigmoid(), real(-30, 30)],
    ['tan', (v) => v.tan(), real(-1.4, 1.4)], // away from its poles at ±π/2
    ['atan', (v) => v.atan(), real(-100, 100)],
    ['sinh', (v) => v.sinh(), real(-20, 20)],
    ['cosh', (v) => v.cosh(), real(-20, 20)],
    ['asinh', (v) => v.asinh(), real(-100, 100)],
    ['atanh', (v) => v.atanh(), real(-0.9, 0.9)], // away from its poles at ±1
    ['silu', (v) => v.silu(), real(-30, 30)],
    ['erf', (v) => v.erf(), real(-5, 5)],
    ['gelu', (v) => v.gelu(), real(-10, 10)],
  ];
  it('the unary cases are every one-operand op of the table but stopGradient (finite differences see the identity, backward() 0 by design)', () => {
    const names = new Set(unary.map(([name]) => name.split(' ')[0] as string));
    const ops = OP_LIST.filter(([name, def]) => def.arity === 1 && name !== 'stopGradient').map(([name]) => name as string);
    expect([...names].filter((name) => name !== 'square' && name !== 'logSigmoid').sort()).toEqual(ops.sort());
  });
  for (const [name, f, xs] of unary) {
    it(`${name}: d/dx matches finite differences`, () => {
      fc.assert(fc.property(xs, (x) => expectBackwardMatchesFiniteDifferences(f, [x])));
    });
  }

  // The finite-difference step is at most 1e-6 * 100 = 1e-4, well inside the 1e-3 gap: the
  // difference never straddles the kink at a = b.
  const binary: [string, (a: Value, b: Value) => Value][] = [
    ['max(Value)', (a, b) => a.max(b)],
    ['min(Value)', (a, b) => a.min(b)],
  ];
  for (const [name, f] of binary) {
    it(`${name}: d/da and d/db match finite differences when a and b differ by at least 1e-3`, () => {
      fc.assert(fc.property(apart(1e-3), ([a, b]) => expectBackwardMatchesFiniteDifferences(f, [a, b])));
    });
  }
  const withConstant: [string, (a: Value, c: number) => Value][] = [
    ['max(number)', (a, c) => a.max(c)],
    ['min(number)', (a, c) => a.min(c)],
  ];
  for (const [name, f] of withConstant) {
    it(`${name}: d/da matches finite differences when a and the constant differ by at least 1e-3`, () => {
      fc.assert(fc.property(apart(1e-3), ([a, c]) => expectBackwardMatchesFiniteDifferences((v) => f(v, c), [a])));
    });
  }

  it('closed forms: sqrt\' = 1/(2 sqrt x), sin\' = cos, cos\' = -sin, log1p\' = 1/(1+x), expm1\' = e^x, square\' = 2x', () => {
    const x = 0.7;
    expect(valueAndSlope((v) => v.sqrt(), 4)[1]).toBe(0.25);
    expect(valueAndSlope((v) => v.sin(), x)[1]).toBeCloseTo(Math.cos(x), 15);
    expect(valueAndSlope((v) => v.cos(), x)[1]).toBeCloseTo(-Math.sin(x), 15);
    expect(valueAndSlope((v) => v.log1p(), x)[1]).toBeCloseTo(1 / 1.7, 15);
    expect(valueAndSlope((v) => v.expm1(), x)[1]).toBeCloseTo(Math.E ** x, 14);
    expect(valueAndSlope((v) => v.square(), -3)[1]).toBe(-6);
    expect(valueAndSlope((v) => v.abs(), -3)[1]).toBe(-1);
    expect(valueAndSlope((v) => v.abs(), 3)[1]).toBe(1);
  });

  it('max and min send the whole gradient to the winner, nothing to the loser', () => {
    const a = new Value(3);
    const b = new Value(-1);
    a.max(b).backward();
    expect([a.grad, b.grad]).toEqual([1, 0]);
    a.grad = 0;
    b.grad = 0;
    a.min(b).backward();
    expect([a.grad, b.grad]).toEqual([0, 1]);
    expect(valueAndSlope((v) => v.max(10), 3)).toEqual([10, 0]);
    expect(valueAndSlope((v) => v.min(10), 3)).toEqual([3, 1]);
  });

  it('softplus\' is the logistic function and logSigmoid\' is 1 - logistic, on [-30, 30]', () => {
    fc.assert(
      fc.property(real(-30, 30), (x) => {
        expectClose(valueAndSlope((v) => v.softplus(), x)[1], logistic(x), 1e-14, 1e-16, `softplus'(${x})`);
        expectClose(valueAndSlope((v) => v.logSigmoid(), x)[1], 1 / (1 + Math.exp(x)), 1e-14, 1e-16, `logSigmoid'(${x})`);
      }),
    );
  });
});

describe('new Value ops at kinks: one documented rule per kink (PyTorch policy)', () => {
  it("relu'(0) = 0", () => {
    expect(valueAndSlope((v) => v.relu(), 0)).toEqual([0, 0]);
  });

  it("abs'(0) = 0, also at -0", () => {
    expect(valueAndSlope((v) => v.abs(), 0)).toEqual([0, 0]);
    expect(valueAndSlope((v) => v.abs(), -0)).toEqual([0, 0]);
  });

  it('max and min at a tie of two Values split the gradient 0.5 / 0.5', () => {
    for (const op of ['max', 'min'] as const) {
      const a = new Value(2);
      const b = new Value(2);
      const y = a[op](b);
      y.backward();
      expect([y.data, a.grad, b.grad]).toEqual([2, 0.5, 0.5]);
      expect(localGradients(y)).toEqual([0.5, 0.5]);
    }
  });

  it('max and min at a tie with a number give the Value 0.5', () => {
    expect(valueAndSlope((v) => v.max(2), 2)).toEqual([2, 0.5]);
    expect(valueAndSlope((v) => v.min(2), 2)).toEqual([2, 0.5]);
  });

  it('x.max(x) and x.min(x) have gradient 1 (the two halves add up)', () => {
    expect(valueAndSlope((v) => v.max(v), 1.5)).toEqual([1.5, 1]);
    expect(valueAndSlope((v) => v.min(v), 1.5)).toEqual([1.5, 1]);
  });

  it("sqrt'(0) = Infinity with value 0", () => {
    expect(valueAndSlope((v) => v.sqrt(), 0)).toEqual([0, Infinity]);
  });

  it('sqrt of a negative number is NaN with a NaN gradient', () => {
    const [y, g] = valueAndSlope((v) => v.sqrt(), -1);
    expect(y).toBeNaN();
    expect(g).toBeNaN();
  });

  it("log1p(-1) = -Infinity with gradient Infinity", () => {
    expect(valueAndSlope((v) => v.log1p(), -1)).toEqual([-Infinity, Infinity]);
  });

  it('grad() follows the same kink rules as backward()', () => {
    expect(grad((v) => v.relu())(0).data).toBe(0);
    expect(grad((v) => v.abs())(0).data).toBe(0);
    expect(grad((a, b) => a.max(b), [0, 1])(2, 2).map((g) => g.data)).toEqual([0.5, 0.5]);
    expect(grad((a, b) => a.min(b), [0, 1])(2, 2).map((g) => g.data)).toEqual([0.5, 0.5]);
    expect(grad((v) => v.max(2))(2).data).toBe(0.5);
    expect(grad((v) => v.min(2))(2).data).toBe(0.5);
    expect(grad((v) => v.sqrt())(0).data).toBe(Infinity);
  });
});

describe('stable ops where the naive forms overflow', () => {
  it('softplus(1000) = 1000 with gradient 1; softplus(-1000) = 0 with gradient 0', () => {
    expect(valueAndSlope((v) => v.softplus(), 1000)).toEqual([1000, 1]);
    expect(valueAndSlope((v) => v.softplus(), -1000)).toEqual([0, 0]);
    // The naive form overflows at 1000.
    expect(valueAndSlope((v) => v.exp().add(1).log(), 1000)[0]).toBe(Infinity);
  });

  it('logSigmoid(-1000) = -1000 with gradient 1, where the naive log(sigmoid(x)) gives -Infinity and a non-finite gradient', () => {
    expect(valueAndSlope((v) => v.logSigmoid(), -1000)).toEqual([-1000, 1]);
    const [naive, naiveSlope] = valueAndSlope((v) => v.sigmoid().log(), -1000);
    expect(naive).toBe(-Infinity);
    expect(Number.isFinite(naiveSlope)).toBe(false);
  });

  it('softplus(x) = x with gradient 1 for x in [710, 1e6], where log(1 + e^x) is Infinity', () => {
    // softplus(x) - x = log(1 + e^-x) < e^-710 < 1e-308: far below half an ulp of x, so the
    // correctly rounded result is x itself; the exact slope 1 - 1/(1 + e^x) rounds to 1.
    fc.assert(
      fc.property(real(710, 1e6), (x) => {
        expect(Math.log(1 + Math.exp(x))).toBe(Infinity);
        expect(valueAndSlope((v) => v.softplus(), x)).toEqual([x, 1]);
      }),
    );
  });

  it('softplus(x) is 0 with gradient 0 for x in [-1e6, -750], where e^x underflows to 0', () => {
    fc.assert(
      fc.property(real(-1e6, -750), (x) => {
        expect(valueAndSlope((v) => v.softplus(), x)).toEqual([0, 0]);
      }),
    );
  });

  it('logSigmoid(x) = x with gradient 1 for x in [-1e6, -710], where log(sigmoid(x)) is -Infinity', () => {
    // logSigmoid(x) = x - log(1 + e^x), and log(1 + e^x) < e^-710: the correctly rounded result is x.
    fc.assert(
      fc.property(real(-1e6, -710), (x) => {
        expect(Math.log(1 / (1 + Math.exp(-x)))).toBe(-Infinity);
        expect(valueAndSlope((v) => v.logSigmoid(), x)).toEqual([x, 1]);
      }),
    );
  });

  it('logSigmoid(x) and its gradient are below 1e-300 in magnitude (value <= 0) for x in [700, 1e6]', () => {
    fc.assert(
      fc.property(real(700, 1e6), (x) => {
        const [y, g] = valueAndSlope((v) => v.logSigmoid(), x);
        // log σ(x) = -log(1 + e^-x) ≈ -e^-x, which is below 1e-304 in magnitude for x >= 700.
        expect(y).toBeLessThanOrEqual(0);
        expect(Math.abs(y)).toBeLessThan(1e-300);
        expect(Math.abs(g)).toBeLessThan(1e-300);
      }),
    );
  });

  it('softplus and logSigmoid values and slopes stay finite on [-1e6, 1e6]', () => {
    fc.assert(
      fc.property(real(-1e6, 1e6), (x) => {
        for (const f of [(v: Value) => v.softplus(), (v: Value) => v.logSigmoid()]) {
          const [y, g] = valueAndSlope(f, x);
          expect(Number.isFinite(y)).toBe(true);
          expect(Number.isFinite(g)).toBe(true);
        }
      }),
    );
  });
});

describe('log1p and expm1 at tiny arguments', () => {
  it('log1p(1e-10) is exact to 1e-16 relative; the naive log(1 + x) is off by more than 1e-8', () => {
    const reference = log1pReference(1e-10); // 1e-10 - 5e-21 + 3.3e-31 - ..., summed exactly
    const y = new Value(1e-10).log1p().data;
    expect(Math.abs(y - reference)).toBeLessThanOrEqual(1e-16 * reference);
    expect(Math.abs(Math.log(1 + 1e-10) - reference)).toBeGreaterThan(1e-8 * reference);
    // The reference itself is not 1e-10: the x²/2 term shows.
    expect(reference).toBeLessThan(1e-10);
  });

  it('expm1(1e-10) is exact to 1e-16 relative; the naive e^x - 1 is off by more than 1e-8', () => {
    const reference = expm1Reference(1e-10); // 1e-10 + 5e-21 + ..., summed exactly
    const y = new Value(1e-10).expm1().data;
    expect(Math.abs(y - reference)).toBeLessThanOrEqual(1e-16 * reference);
    expect(Math.abs(Math.exp(1e-10) - 1 - reference)).toBeGreaterThan(1e-8 * reference);
    expect(reference).toBeGreaterThan(1e-10);
  });

  it('log1p and expm1 are within 1e-16 relative of the exact series for |x| in [1e-20, 1e-3]', () => {
    // Math.log1p / Math.expm1 are faithful (under one ulp); 1e-16 relative is under one ulp
    // (2^-52 ≈ 2.2e-16) only for the better half of each binade, so allow the ulp of the reference.
    const ulp = (x: number) => Math.pow(2, Math.floor(Math.log2(Math.abs(x))) - 52);
    fc.assert(
      fc.property(awayFromZero(1e-20, 1e-3), (x) => {
        const l = log1pReference(x);
        const e = expm1Reference(x);
        expect(Math.abs(new Value(x).log1p().data - l)).toBeLessThanOrEqual(ulp(l));
        expect(Math.abs(new Value(x).expm1().data - e)).toBeLessThanOrEqual(ulp(e));
      }),
      { numRuns: 200 },
    );
  });

  it('log1p and expm1 at 1e-10 have gradients 1/(1 + x) and e^x', () => {
    expect(valueAndSlope((v) => v.log1p(), 1e-10)[1]).toBe(1 / (1 + 1e-10));
    expect(valueAndSlope((v) => v.expm1(), 1e-10)[1]).toBe(Math.exp(1e-10));
  });
});

describe('detach()', () => {
  it('has the same value and label, no parents, and op ""', () => {
    const x = new Value(1.25, 'x');
    const d = x.tanh().detach();
    expect(d.data).toBe(Math.tanh(1.25));
    expect(d.parents).toEqual([]);
    expect(d.op).toBe('');
    expect(x.detach().label).toBe('x');
    expect(x.detach()).not.toBe(x);
  });

  it('lets no gradient flow: y = x.detach() * x gives dy/dx = x', () => {
    fc.assert(
      fc.property(real(-100, 100), (x) => {
        // backward() sums each gradient from +0, so at x = -0 the slope reads +0: compare x + 0.
        expect(valueAndSlope((v) => v.detach().mul(v), x)).toEqual([x * x, x + 0]);
        expect(grad((v) => v.detach().mul(v))(x).data === x).toBe(true);
      }),
    );
  });

  it('a detached subgraph gives its inputs nothing, even through several ops', () => {
    const a = new Value(0.5);
    const b = new Value(2);
    const y = a.mul(b).exp().detach().mul(b);
    y.backward();
    expect(a.grad).toBe(0);
    expect(b.grad).toBe(Math.exp(1));
  });
});

describe('max and min reject bad operands', () => {
  const bad = BAD_OPERANDS;
  for (const op of ['max', 'min'] as const) {
    for (const [operand, shown] of bad) {
      it(`${op}() throws a TypeError naming Value.${op} and ${String(shown)}`, () => {
        const call = () => (new Value(1)[op] as (o: unknown) => Value)(operand);
        expect(call).toThrow(TypeError);
        expect(call).toThrow(new RegExp(`Value\\.${op}: expected a Value or a number`));
        expect(call).toThrow(shown);
      });
    }
  }
});
