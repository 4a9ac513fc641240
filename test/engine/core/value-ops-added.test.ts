import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, evaluateExpression, gradients, parseExpression } from '../../../src/index.js';
import { checkGrads } from '../../../src/testing/index.js';
import { real } from '../../support/arbitraries.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';

// The ops added through the op table: tan, atan, sinh, cosh, asinh, atanh, silu, erf, gelu and hypot, each against
// closed forms written here independently of the table, and through checkGrads (backward, forward
// mode and gradients() to third order, all against finite differences).

/** [value, d/dx] of f at x after backward(). */
function valueAndSlope(f: (v: Value) => Value, x: number): [number, number] {
  const v = new Value(x);
  const y = f(v);
  y.backward();
  return [y.data, v.grad];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** erf by its Maclaurin series in plain doubles: about 1e-14 absolute on [-3, 3] (a check of the table's erf, not a rival). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
/** The standard normal density. */
const phi = (x: number): number => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** [name, op, value, slope, points for the closed forms, points for checkGrads where not [-1.2, 1.2]]. */
const UNARY: readonly (readonly [string, (v: Value) => Value, (x: number) => number, (x: number) => number, fc.Arbitrary<number>, fc.Arbitrary<number>?])[] = [
  ['tan', (v) => v.tan(), Math.tan, (x) => 1 / Math.cos(x) ** 2, real(-1.4, 1.4)],
  ['atan', (v) => v.atan(), Math.atan, (x) => 1 / (1 + x * x), real(-50, 50)],
  ['sinh', (v) => v.sinh(), Math.sinh, Math.cosh, real(-20, 20)],
  ['cosh', (v) => v.cosh(), Math.cosh, Math.sinh, real(-20, 20)],
  ['asinh', (v) => v.asinh(), Math.asinh, (x) => 1 / Math.sqrt(1 + x * x), real(-50, 50)],
  // checkGrads away from the poles at ±1, where the third derivative (2 + 6x²)/(1 - x²)³ outgrows finite differences.
  ['atanh', (v) => v.atanh(), (x) => 0.5 * Math.log((1 + x) / (1 - x)), (x) => 1 / (1 - x * x), real(-0.8, 0.8), real(-0.8, 0.8)],
  ['silu', (v) => v.silu(), (x) => x * sigmoid(x), (x) => sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)), real(-30, 30)],
  ['erf', (v) => v.erf(), erfSeries, (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), real(-3, 3)],
  ['gelu', (v) => v.gelu(), (x) => (x / 2) * (1 + erfSeries(x / Math.SQRT2)), (x) => (1 + erfSeries(x / Math.SQRT2)) / 2 + x * phi(x), real(-4, 4)],
];

describe('the ops added through the op table', () => {
  for (const [name, f, value, slope, points, gradPoints] of UNARY) {
    it(`${name}: value and derivative match the closed forms`, () => {
      fc.assert(
        fc.property(points, (x) => {
          const [y, dy] = valueAndSlope(f, x);
          expect(y).toBeCloseTo(value(x), 12);
          const expected = slope(x);
          expect(Math.abs(dy - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        }),
      );
    });

    it(`${name}: checkGrads passes (backward, forward mode, gradients() to third order, against finite differences)`, () => {
      fc.assert(
        fc.property(gradPoints ?? real(-1.2, 1.2), (x) => {
          const report = checkGrads((v: Value) => f(v).mul(v.add(2)), [x], { order: 3 });
          expect(report.status, `${name} at ${x}`).toBe('pass');
        }),
        { numRuns: 20 },
      );
    });
  }

  it('hypot(a, b): value sqrt(a² + b²) without overflow, slopes a/hypot and b/hypot, and the folded constant the same', () => {
    fc.assert(
      fc.property(real(-5, 5), real(-5, 5), (a, b) => {
        fc.pre(Math.abs(a) + Math.abs(b) > 1e-3);
        const x = new Value(a);
        const y = new Value(b);
        const h = x.hypot(y);
        h.backward();
        const r = Math.sqrt(a * a + b * b);
        expect(h.data).toBeCloseTo(r, 12);
        expect(x.grad).toBeCloseTo(a / r, 12);
        expect(y.grad).toBeCloseTo(b / r, 12);
        const [hc, dc] = valueAndSlope((v) => v.hypot(b), a);
        expect(hc).toBe(h.data);
        expect(dc).toBe(x.grad);
      }),
    );
    // No overflow where a² + b² would: 5e200 to a unit in the last place.
    expect(Math.abs(new Value(3e200).hypot(4e200).data / 5e200 - 1)).toBeLessThanOrEqual(Number.EPSILON);
    expect(checkGrads((p, q) => p.hypot(q).mul(p), [0.7, -1.3], { order: 3 }).status).toBe('pass');
  });

  for (const [operand, shown] of BAD_OPERANDS) {
    it(`hypot() throws a TypeError naming Value.hypot and ${String(shown)}`, () => {
      const call = () => new Value(1).hypot(operand as number);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/^Value\.hypot: expected a Value or a number, got /);
      expect(call).toThrow(shown);
    });
  }

  it('tan has no pole at a double: tan(π/2) = 1.633e16 with slope 1 + tan² = 2.67e32, as docs/semantics.md says', () => {
    const [y, dy] = valueAndSlope((v) => v.tan(), Math.PI / 2);
    expect(y.toPrecision(4)).toBe('1.633e+16');
    expect(dy.toPrecision(3)).toBe('2.67e+32');
    // sinh and cosh overflow together past |x| ≈ 710.48; asinh's slope does not underflow to 0 at 1e200.
    expect(new Value(710.47).sinh().data).toBeLessThan(Infinity);
    expect(new Value(710.48).cosh().data).toBe(Infinity);
    expect(valueAndSlope((v) => v.asinh(), 1e200)[1]).toBe(1e-200);
  });

  it('atanh near its poles: the slope 1/((1 - x)(1 + x)) of the largest double below 1 is 2^52, and the second derivative 2x/(1 - x²)² matches gradients()', () => {
    const below1 = 1 - 2 ** -53;
    expect(valueAndSlope((v) => v.atanh(), below1)).toEqual([Math.atanh(below1), 2 ** 52]);
    expect(valueAndSlope((v) => v.atanh(), -below1)).toEqual([Math.atanh(-below1), 2 ** 52]);
    for (const x0 of [-0.7, 0.3, 0.9]) {
      const x = new Value(x0);
      const [d1] = gradients(x.atanh(), [x]);
      const [d2] = gradients(d1 as Value, [x]);
      const expected = (2 * x0) / (1 - x0 * x0) ** 2;
      expect(Math.abs((d2 as Value).data - expected)).toBeLessThanOrEqual(1e-13 * Math.abs(expected));
    }
  });

  it('atanh\'s slope near ±1 is within 2 units in the last place of 1/(1 - x²) in exact arithmetic, where the unfactored form is off by thousands', () => {
    // 1/(1 - x²) for the double x = N / D, D a power of two: D² / (D² - N²), exactly, rounded once.
    const exact = (x: number): number => {
      let m = Math.abs(x);
      let e = 0;
      while (!Number.isInteger(m)) {
        m *= 2;
        e++;
      }
      const N = BigInt(m);
      const D = 1n << BigInt(e);
      return Number(((D * D) << 200n) / (D * D - N * N)) / 2 ** 200;
    };
    let worstNaive = 0;
    for (const d of [1e-12, 3.7e-11, 1e-9, 2.5e-7, 1e-5, 0.001]) {
      for (const x of [1 - d, -(1 - d)]) {
        const want = exact(x);
        expect(Math.abs(valueAndSlope((v) => v.atanh(), x)[1] - want), `x = ${x}`).toBeLessThanOrEqual(2 * Number.EPSILON * want);
        worstNaive = Math.max(worstNaive, Math.abs(1 / (1 - x * x) - want) / (Number.EPSILON * want));
      }
    }
    expect(worstNaive).toBeGreaterThan(1000);
  });

  it('gradients() of silu to second order is the closed form s(1-s)(2 + x(1 - 2s))', () => {
    for (const x0 of [-3, -0.5, 0, 0.8, 4]) {
      const x = new Value(x0);
      const [d1] = gradients(x.silu(), [x]) as [Value];
      const [d2] = gradients(d1, [x]) as [Value];
      const s = sigmoid(x0);
      expect(d2.data).toBeCloseTo(s * (1 - s) * (2 + x0 * (1 - 2 * s)), 13);
    }
  });

  it('gradients() of erf and gelu to second order are the closed forms -2x·2/√π·e^(-x²) and φ(x)(2 - x²)', () => {
    for (const x0 of [-3, -0.5, 0, 0.8, 2.5]) {
      const x = new Value(x0);
      const [e1] = gradients(x.erf(), [x]) as [Value];
      const [e2] = gradients(e1, [x]) as [Value];
      expect(e2.data).toBeCloseTo(-2 * x0 * (2 / Math.sqrt(Math.PI)) * Math.exp(-x0 * x0), 14);
      const [g1] = gradients(x.gelu(), [x]) as [Value];
      const [g2] = gradients(g1, [x]) as [Value];
      expect(g2.data).toBeCloseTo(phi(x0) * (2 - x0 * x0), 14);
    }
  });

  it('erf and gelu at their ends: erf(±Infinity) = ±1 with slope 0, gelu(x) = x for large x and -0 where erf(x/√2) rounds to -1 and φ(x) underflows', () => {
    expect(valueAndSlope((v) => v.erf(), Infinity)).toEqual([1, 0]);
    expect(valueAndSlope((v) => v.erf(), -Infinity)).toEqual([-1, 0]);
    expect(valueAndSlope((v) => v.gelu(), 10)).toEqual([10, 1]);
    const [y, dy] = valueAndSlope((v) => v.gelu(), -40);
    expect(Object.is(y, -0)).toBe(true);
    expect(dy).toBe(0);
    // At -Infinity the formula 0.5·x·(1 + erf(x/√2)) is -Infinity · 0: NaN, as docs/semantics.md says.
    expect(new Value(-Infinity).gelu().data).toBeNaN();
  });

  it('the expression parser and evaluator know every added function, with the Value methods\' numbers', () => {
    const { output, inputs } = evaluateExpression(parseExpression('tan(x) + atan(x) + sinh(x) * cosh(x) + asinh(x) + atanh(x) + silu(x) + hypot(x, 2) + erf(x) * gelu(x)'), { x: 0.4 });
    output.backward();
    const x = new Value(0.4);
    const direct = x.tan().add(x.atan()).add(x.sinh().mul(x.cosh())).add(x.asinh()).add(x.atanh()).add(x.silu()).add(x.hypot(2)).add(x.erf().mul(x.gelu()));
    direct.backward();
    expect(output.data).toBe(direct.data);
    expect((inputs.get('x') as Value).grad).toBe(x.grad);
  });
});
