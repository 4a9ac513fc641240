import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NonFiniteError, Value, customOp, grad, gradcheck, hessian, localGradients, noGrad, type CustomOpSpec } from '../../../src/index.js';
import { centralDifference } from '../../support/finite-difference.js';
import { awayFromZero, backwardGradient, expectBackwardMatchesFiniteDifferences, expectClose, real } from '../../support/oracles.js';
import { caught } from '../../support/caught.js';
import { checkGrads, gradientProperty, realAwayFrom } from '../../../src/testing/index.js';
import '../../../src/testing/vitest.js';

type F = (...xs: Value[]) => Value;

// softsign(x) = x / (1 + |x|), written as a user would.
const softsignSpec: CustomOpSpec = {
  name: 'softsign',
  forward: (x) => x / (1 + Math.abs(x)),
  derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2],
  derivativeValues: (_out, x) => [(x as Value).abs().add(1).pow(-2)],
};
const softsign = customOp(softsignSpec);
const { derivativeValues: _omitted, ...firstOrderSpec } = softsignSpec;
const softsignFirstOrder = customOp(firstOrderSpec);

// hypot(x, y) = sqrt(x² + y²), two inputs, its derivatives written from the output.
const hypot = customOp({
  name: 'hypot',
  forward: (x, y) => Math.hypot(x, y as number),
  derivatives: (out, x, y) => [x / out, (y as number) / out],
  derivativeValues: (out, x, y) => [(x as Value).div(out), (y as Value).div(out)],
});

/** The closed forms, written out in the test: softsign' = 1/(1+|x|)², softsign'' = -2 sign(x)/(1+|x|)³. */
const softsignValue = (x: number) => x / (1 + Math.abs(x));
const softsignSlope = (x: number) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
const softsignCurvature = (x: number) => (-2 * Math.sign(x)) / (1 + Math.abs(x)) ** 3;

describe('customOp(spec): a one-input op (softsign)', () => {
  it('computes the forward value and records a node whose op is the custom name', () => {
    const x = new Value(0.5, 'x');
    const y = softsign(x);
    expect(y).toBeInstanceOf(Value);
    expect(y.data).toBe(0.5 / 1.5);
    expect(y.op).toBe('softsign');
    expect(y.parents).toEqual([x]);
    expect(localGradients(y)).toEqual([1 / 1.5 ** 2]);
  });

  it('passes gradcheck on [-10, 10]', () => {
    fc.assert(
      fc.property(real(-10, 10), (x) => {
        const result = gradcheck((v) => softsign(v), [x]);
        expect(result.ok).toBe(true);
        expect(result.value).toBe(softsignValue(x));
      }),
    );
  });

  it('has gradient 1/(1+|x|)²', () => {
    fc.assert(
      fc.property(real(-10, 10), (x) => {
        expectClose(backwardGradient((v) => softsign(v), [x])[0] as number, softsignSlope(x), 1e-15, 0, `softsign'(${x})`);
      }),
    );
  });

  // softsign'' jumps at 0, where a central difference is only first-order accurate (it gives
  // 1/(1+h) for softsign'(0) = 1): the finite-difference checks keep softsign's argument off 0.
  it('matches finite differences, alone and inside a composition, away from 0', () => {
    fc.assert(
      fc.property(awayFromZero(1e-3, 10), real(-3, 3), (x, w) => {
        expectBackwardMatchesFiniteDifferences((v) => softsign(v), [x]);
        // Arguments in [0.5, ∞) and [-2.5, -0.5].
        expectBackwardMatchesFiniteDifferences(
          (a, b) =>
            softsign((a as Value).mul(b as Value).square().add(0.5))
              .mul(a as Value)
              .add(softsign((a as Value).tanh().mul((b as Value).tanh()).sub(1.5))),
          [x, w],
        );
      }),
    );
  });

  it('with derivativeValues: grad(grad(softsign)) matches finite differences of the first derivative and -2 sign(x)/(1+|x|)³', () => {
    fc.assert(
      fc.property(awayFromZero(1e-3, 50), (x) => {
        const second = grad(grad((v) => softsign(v)))(x).data;
        const numeric = centralDifference((p) => backwardGradient((v) => softsign(v), p)[0] as number, [x], 0, 1e-5);
        expectClose(second, numeric, 1e-6, 1e-9, `softsign''(${x}) against finite differences`);
        expectClose(second, softsignCurvature(x), 1e-14, 0, `softsign''(${x}) against the closed form`);
      }),
    );
  });

  it('with derivativeValues: second derivatives flow through a composition (hessian against finite differences)', () => {
    // softsign'' jumps at 0, so each call's argument is kept off 0 by construction: the first lies
    // in [-2.5, -0.5], the second in [0.5, ∞).
    const f: F = (a, b) =>
      softsign((a as Value).tanh().mul((b as Value).tanh()).sub(1.5))
        .mul((b as Value).sin())
        .add(softsign((a as Value).mul(b as Value).square().add(0.5)));
    fc.assert(
      fc.property(real(-2, 2), real(-2, 2), (a, b) => {
        const H = hessian(f)(a, b);
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) {
            const numeric = centralDifference((p) => backwardGradient(f, p)[j] as number, [a, b], i, 1e-5);
            expectClose((H[i] as number[])[j] as number, numeric, 1e-6, 1e-7, `H[${i}][${j}] at (${a}, ${b})`);
          }
        }
      }),
    );
  });

  it('without derivativeValues: first derivatives work, by backward() and by grad()', () => {
    fc.assert(
      fc.property(real(-10, 10), (x) => {
        expect(backwardGradient((v) => softsignFirstOrder(v), [x])).toEqual(backwardGradient((v) => softsign(v), [x]));
        expectClose(grad((v) => softsignFirstOrder(v))(x).data, softsignSlope(x), 1e-15, 0, `softsign'(${x})`);
        expect(gradcheck((v) => softsignFirstOrder(v), [x]).ok).toBe(true);
      }),
    );
  });

  it('without derivativeValues: a second derivative throws an Error naming the op and asking for derivativeValues', () => {
    const second = () => grad(grad((v) => softsignFirstOrder(v)))(0.5);
    expect(second).toThrow(Error);
    expect(second).toThrow(/softsign/);
    expect(second).toThrow(/derivativeValues/);
    expect(() => hessian((v) => softsignFirstOrder(v.mul(2)))(0.5)).toThrow(/'softsign'.*derivativeValues/);
    // backward() through the first-order gradient refuses too, rather than giving 0.
    const x = new Value(0.5);
    const d = grad((v) => softsignFirstOrder(v))(x);
    expect(() => d.backward()).toThrow(/softsign.*derivativeValues/);
  });

  it('without derivativeValues: a second derivative that does not pass through the op still works', () => {
    const f: F = (a, b) => softsignFirstOrder(a as Value).add((b as Value).pow(3));
    expect(grad(grad(f, 1), 1)(0.5, 2).data).toBe(12);
  });

  it('takes a number input as a constant leaf', () => {
    const y = softsign(3);
    expect(y.data).toBe(0.75);
    expect(y.parents).toHaveLength(1);
    expect(y.parents[0]?.data).toBe(3);
  });

  it('hands derivatives the output and the inputs', () => {
    const seen: number[][] = [];
    const myExp = customOp({
      name: 'myExp',
      forward: Math.exp,
      derivatives: (out, x) => {
        seen.push([out, x]);
        return [out];
      },
    });
    const x = new Value(0.25);
    myExp(x).backward();
    expect(seen).toEqual([[Math.exp(0.25), 0.25]]);
    expect(x.grad).toBe(Math.exp(0.25));
  });

  it('is named in a NonFiniteError from backward({ checkFinite: true })', () => {
    const myLog = customOp({ name: 'myLog', forward: Math.log, derivatives: (_out, x) => [1 / x] });
    const x = new Value(0);
    const y = myLog(x);
    const thrown = caught(() => y.mul(2).backward({ checkFinite: true }));
    expect(thrown).toBeInstanceOf(NonFiniteError);
    expect((thrown as NonFiniteError).node).toBe(y);
    expect((thrown as NonFiniteError).message).toMatch(/op 'myLog'/);
  });
});

describe('customOp(spec): a two-input op (hypot)', () => {
  it('computes the forward value, records both parents, and shows its name as op', () => {
    const x = new Value(3);
    const y = new Value(4);
    const r = hypot(x, y);
    expect(r.data).toBe(5);
    expect(r.op).toBe('hypot');
    expect(r.parents).toEqual([x, y]);
    expect(localGradients(r)).toEqual([0.6, 0.8]);
  });

  it('passes gradcheck and matches finite differences, alone and composed', () => {
    fc.assert(
      fc.property(awayFromZero(0.1, 10), real(-10, 10), (a, b) => {
        expect(gradcheck((x, y) => hypot(x as Value, y as Value), [a, b]).ok).toBe(true);
        const [ga, gb] = backwardGradient((x, y) => hypot(x as Value, y as Value), [a, b]) as [number, number];
        const r = Math.sqrt(a * a + b * b);
        expectClose(ga, a / r, 1e-15, 0, 'd/dx');
        expectClose(gb, b / r, 1e-15, 1e-300, 'd/dy');
        expectBackwardMatchesFiniteDifferences((x, y) => hypot((x as Value).sin().add(2), (y as Value).mul(x as Value)), [a, b]);
      }),
    );
  });

  it('with derivativeValues has the Hessian [[y², -xy], [-xy, x²]] / r³', () => {
    fc.assert(
      fc.property(awayFromZero(0.1, 10), awayFromZero(0.1, 10), (a, b) => {
        const H = hessian((x, y) => hypot(x as Value, y as Value))(a, b);
        const r3 = Math.sqrt(a * a + b * b) ** 3;
        const expected = [
          [(b * b) / r3, (-a * b) / r3],
          [(-a * b) / r3, (a * a) / r3],
        ];
        H.forEach((row, i) => row.forEach((h, j) => expectClose(h, (expected[i] as number[])[j] as number, 1e-13, 1e-15, `H[${i}][${j}]`)));
      }),
    );
  });

  it('mixes a number and a Value', () => {
    const x = new Value(3);
    const r = hypot(x, 4);
    r.backward();
    expect(r.data).toBe(5);
    expect(x.grad).toBe(0.6);
  });
});

describe('customOp under noGrad', () => {
  it('makes results leaves and does not call derivatives', () => {
    let calls = 0;
    const counted = customOp({
      name: 'counted',
      forward: (x) => 2 * x,
      derivatives: () => {
        calls++;
        return [2];
      },
    });
    const x = new Value(1.5);
    const y = noGrad(() => counted(x));
    expect(y.data).toBe(3);
    expect(y.parents).toEqual([]);
    expect(y.op).toBe('');
    expect(calls).toBe(0);
    y.mul(x).backward();
    expect(x.grad).toBe(3);
    counted(x);
    expect(calls).toBe(1);
  });
});

describe('customOp rejects bad specs and calls', () => {
  const ok = { name: 'ok', forward: (x: number) => x, derivatives: () => [1] };

  it('throws a TypeError for a spec that is not an object', () => {
    expect(() => customOp(null as unknown as CustomOpSpec)).toThrow(/customOp: spec must be an object, got null/);
    expect(() => customOp('softsign' as unknown as CustomOpSpec)).toThrow(TypeError);
  });

  it('throws a TypeError for a missing or empty name', () => {
    const { name: _name, ...noName } = ok;
    expect(() => customOp(noName as unknown as CustomOpSpec)).toThrow(TypeError);
    expect(() => customOp(noName as unknown as CustomOpSpec)).toThrow(/customOp: name must be a non-empty string, got undefined/);
    expect(() => customOp({ ...ok, name: '' })).toThrow(/name must be a non-empty string/);
    expect(() => customOp({ ...ok, name: 3 as unknown as string })).toThrow(/got number 3/);
  });

  it('throws a TypeError naming the op when forward, derivatives or derivativeValues is not a function', () => {
    expect(() => customOp({ ...ok, forward: 1 as unknown as CustomOpSpec['forward'] })).toThrow(TypeError);
    expect(() => customOp({ ...ok, forward: 1 as unknown as CustomOpSpec['forward'] })).toThrow(/customOp 'ok': forward must be a function, got number 1/);
    expect(() => customOp({ ...ok, derivatives: undefined as unknown as CustomOpSpec['derivatives'] })).toThrow(
      /customOp 'ok': derivatives must be a function, got undefined/,
    );
    expect(() => customOp({ ...ok, derivativeValues: 'x' } as unknown as CustomOpSpec)).toThrow(
      /customOp 'ok': derivativeValues must be a function, got string "x"/,
    );
  });

  it('throws a TypeError naming the op when derivatives returns the wrong length, a string, or non-numbers', () => {
    const tooMany = customOp({ ...ok, derivatives: () => [1, 2] });
    expect(() => tooMany(new Value(1))).toThrow(TypeError);
    expect(() => tooMany(new Value(1))).toThrow(/customOp 'ok': derivatives must return an array of 1 number\(s\), got an array of length 2/);
    const text = customOp({ ...ok, derivatives: () => 'ab' as unknown as number[] });
    expect(() => text(new Value(1))).toThrow(/customOp 'ok': derivatives must return an array of 1 number\(s\), got string "ab"/);
    const notNumbers = customOp({ ...ok, derivatives: () => ['1'] as unknown as number[] });
    expect(() => notNumbers(new Value(1))).toThrow(/customOp 'ok': derivatives must return/);
  });

  it('throws a TypeError naming the op when forward does not return a number', () => {
    const bad = customOp({ ...ok, arity: 1, forward: () => '1' as unknown as number });
    expect(() => bad(new Value(1))).toThrow(/customOp 'ok': forward must return a number, got string "1"/);
  });

  it('throws a TypeError naming the op, at second order, when derivativeValues returns something other than Values', () => {
    const bad = customOp({ ...ok, derivativeValues: () => [1] as unknown as Value[] });
    expect(() => grad(grad((v) => bad(v)))(1)).toThrow(TypeError);
    expect(() => grad(grad((v) => bad(v)))(1)).toThrow(/customOp 'ok': derivativeValues must return an array of 1 Value\(s\)/);
  });

  it('throws a TypeError naming the op and the position of an input that is neither a Value nor a number', () => {
    expect(() => softsign('1' as unknown as number)).toThrow(TypeError);
    expect(() => softsign('1' as unknown as number)).toThrow(/customOp 'softsign': input 0 must be a Value or a number, got string "1"/);
    expect(() => hypot(1, null as unknown as number)).toThrow(/customOp 'hypot': input 1 must be a Value or a number, got null/);
  });

  it('throws a RangeError naming the op for no inputs or more than its arity', () => {
    expect(() => softsign()).toThrow(RangeError);
    expect(() => softsign()).toThrow(/customOp 'softsign': takes 1 input, got 0/);
    expect(() => hypot(1, 2, 3)).toThrow(RangeError);
    expect(() => hypot(1, 2, 3)).toThrow(/customOp 'hypot': takes 2 inputs, got 3/);
  });

  it('takes its arity from forward.length, or from arity, and refuses anything but 1 or 2', () => {
    expect(() => customOp({ ...ok, forward: (...xs: number[]) => xs[0] as number })).toThrow(/customOp 'ok': arity must be 1 or 2/);
    const rest = customOp({ ...ok, arity: 1, forward: (...xs: number[]) => 2 * (xs[0] as number), derivatives: () => [2] });
    expect(rest(3).data).toBe(6);
  });

  it('throws a RangeError naming the op when a one-input op gets two inputs, or a two-input op one', () => {
    expect(() => softsign(1, 2)).toThrow(RangeError);
    expect(() => softsign(1, 2)).toThrow(/softsign/);
    expect(() => hypot(1)).toThrow(RangeError);
  });
});

describe('customOp whose derivativeValues computes with grad()', () => {
  // tanh as a custom op whose derivative Value is itself obtained from grad(): a natural way to
  // give derivativeValues for an op whose forward is also expressible with Values.
  const myTanh = customOp({
    name: 'myTanh',
    forward: Math.tanh,
    derivatives: (out) => [1 - out * out],
    derivativeValues: (_out, x) => [grad((t) => t.tanh())(x as Value)],
  });

  it('works when the op is the whole graph', () => {
    expectClose(grad((x) => myTanh(x))(0.4).data, 1 - Math.tanh(0.4) ** 2, 1e-15, 0, "myTanh'(0.4)");
  });

  it('gives the gradients backward() gives when the op sits inside a larger graph', () => {
    const h: F = (x, y) =>
      (y as Value)
        .sin()
        .mul((y as Value).cos())
        .add(myTanh((x as Value).mul(2).add(0.3)));
    const [x0, y0] = [0.4, 0.9];
    const expected = [2 * (1 - Math.tanh(2 * x0 + 0.3) ** 2), Math.cos(2 * y0)];
    const viaBackward = backwardGradient(h, [x0, y0]);
    viaBackward.forEach((g, i) => expectClose(g, expected[i] as number, 1e-14, 1e-16, `backward d/dx${i}`)); // passes
    const viaGrad = grad(h, [0, 1])(x0, y0).map((g) => g.data);
    viaGrad.forEach((g, i) => expectClose(g, expected[i] as number, 1e-14, 1e-16, `grad d/dx${i}`)); // fails
  });
});

// memograd's own kit (memograd/testing) on the custom ops above: every path, forward and reverse,
// to third order, against finite differences, and softsign's kink at 0 told from a bug.
describe('customOp checked with checkGrads (memograd/testing)', () => {
  it('softsign and hypot have correct derivatives to third order at every smooth point drawn, by every path', () => {
    fc.assert(gradientProperty((x) => softsign(x), [realAwayFrom([0], { min: -4, max: 4, margin: 1e-2 })], { order: 3, inconclusive: 'fail' }), { numRuns: 25 });
    fc.assert(
      gradientProperty((x, y) => hypot(x, y).mul(x.sin()), [awayFromZero(0.2, 3), awayFromZero(0.2, 3)], { order: 3, inconclusive: 'fail' }),
      { numRuns: 15 },
    );
  });

  it("softsign's second derivative jumps at 0 (from -2 to 2 times 1/(1+|x|)³): inconclusive there, not failed", () => {
    const report = checkGrads((x) => softsign(x), [0], { order: 2 });
    expect(report.checks.filter((c) => c.order === 1).map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(report.checks.filter((c) => c.order === 2).every((c) => c.status === 'inconclusive')).toBe(true);
  });

  it('the first-order-only softsign passes at order 1, and order 2 through it throws the error that names it', () => {
    expect((x: Value) => softsignFirstOrder(x)).toHaveCorrectGradients([0.8]);
    expect(() => checkGrads((x) => softsignFirstOrder(x), [0.8], { order: 2 })).toThrow(/softsign/);
  });
});
