import { afterEach, describe, expect, it, vi } from 'vitest';
import { Value, customOp, logSumExp } from '../../src/index.js';
import { LinearTape } from '../../src/engine/transforms/linear-tape.js';
import { GradientCheckError, checkGrads, formatReport, type CheckGradsOptions, type GradientReport } from '../../src/testing/index.js';
import { tableRows } from '../support/kinks-table.js';

type F = (...xs: Value[]) => Value | Value[];

/** The report, whether checkGrads returned it or threw it. */
function reportOf(f: F, xs: number[], options: CheckGradsOptions = {}): GradientReport {
  try {
    return checkGrads(f, xs, options);
  } catch (e) {
    if (e instanceof GradientCheckError) return e.report;
    throw e;
  }
}

/** The paths that failed, as 'order path'. */
function failed(report: GradientReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => `${c.order} ${c.path}`);
}

const ORDER_1 = ['1 jvp', '1 jvp on Values', '1 vjp', '1 grad'];
const NUMBER_PATHS = ['1 jvp', '1 vjp'];
const VALUE_PATHS = ['1 jvp on Values', '1 grad'];
const ORDER_2 = [
  '2 jvp of jvp', '2 jvp on Values of jvp', '2 vjp of jvp', '2 grad of jvp',
  '2 jvp of grad', '2 jvp on Values of grad', '2 vjp of grad', '2 grad of grad',
];

describe('checkGrads() at smooth points', () => {
  it('passes a correct scalar function in both modes, and reports analytic = numeric per path', () => {
    const report = checkGrads((x, y) => x.mul(y).tanh(), [0.3, -1.2]);
    expect(report.status).toBe('pass');
    expect(report.ok).toBe(true);
    expect(report.point).toEqual([0.3, -1.2]);
    expect(report.checks.map((c) => `${c.order} ${c.path}`)).toEqual(ORDER_1);
    expect(report.checks.map((c) => c.mode)).toEqual(['forward', 'forward', 'reverse', 'reverse']);
    for (const c of report.checks) {
      expect(c.error).toBe(Math.abs(c.analytic - c.numeric));
      expect(c.tolerance).toBe(1e-5 + 1e-3 * Math.abs(c.numeric));
      expect(c.error).toBeLessThan(1e-8);
      expect(c.reason).toBe('');
    }
  });

  it("the directional derivative is the closed form's: for a scalar f, ∇f · v with v's largest entry ±1", () => {
    // f = x² y: ∇f = (2xy, x²); every path must give the same number, equal to the closed form for some unit-max v.
    const { checks } = checkGrads((x, y) => x.square().mul(y), [1.5, 2]);
    const first = checks[0]?.analytic as number;
    for (const c of checks) expect(c.analytic).toBeCloseTo(first, 12);
    // The same seed gives the same directions; another seed other ones.
    expect(checkGrads((x, y) => x.square().mul(y), [1.5, 2]).checks[0]?.analytic).toBe(first);
    expect(checkGrads((x, y) => x.square().mul(y), [1.5, 2], { seed: 7 }).checks[0]?.analytic).not.toBe(first);
    // |∇f · v| <= |∇f|₁ when max |v_i| = 1, and it is not 0 for a random v.
    expect(Math.abs(first)).toBeLessThanOrEqual(6 + 2.25);
    expect(Math.abs(first)).toBeGreaterThan(0);
  });

  it('order 2 checks Hessian-vector products by every composition of the two modes, order 3 the next', () => {
    const f = (x: Value, y: Value) => [x.mul(y).sin(), x.exp().add(y.square())];
    const two = checkGrads(f, [0.4, -0.7], { order: 2 });
    expect(two.checks.map((c) => `${c.order} ${c.path}`)).toEqual([...ORDER_1, ...ORDER_2]);
    expect(two.status).toBe('pass');
    const three = checkGrads(f, [0.4, -0.7], { order: 3 });
    expect(three.checks).toHaveLength(4 + 8 + 16);
    expect(three.status).toBe('pass');
    expect(three.checks.at(-1)?.path).toBe('grad of grad of grad');
  });

  it('modes narrows the checks to one mode; directions multiplies them', () => {
    const f = (x: Value) => x.sin();
    expect(checkGrads(f, [1], { modes: ['forward'] }).checks.map((c) => c.path)).toEqual(['jvp', 'jvp on Values']);
    expect(checkGrads(f, [1], { modes: ['reverse'], order: 2 }).checks.map((c) => c.path)).toEqual(['vjp', 'grad', 'vjp of grad', 'grad of grad']);
    expect(checkGrads(f, [1], { directions: 3 }).checks).toHaveLength(12);
  });

  it("leaves the gradients of the Values f closes over as they were (it never calls backward)", () => {
    const w = new Value(0.5);
    w.grad = 7;
    checkGrads((x) => x.mul(w).tanh(), [0.3], { order: 2 });
    expect(w.grad).toBe(7);
  });
});

describe('checkGrads() failing', () => {
  it('throws a GradientCheckError whose message is the report, failed checks first', () => {
    const wrong = (x: Value) => x.pow(2).mul(x.data); // x³ recorded as x² times a constant: 2x² instead of 3x²
    let error: unknown;
    try {
      checkGrads(wrong, [1.7]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradientCheckError);
    const e = error as GradientCheckError;
    expect(e.name).toBe('GradientCheckError');
    expect(e.report.status).toBe('fail');
    expect(e.report.ok).toBe(false);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('checkGrads: 4 of 4 checks failed at xs = [1.7]');
    expect(lines[1]).toMatch(/^ {2}FAIL {9}order 1 forward jvp: analytic 5\.78, numeric 8\.67, error 2\.89 > 0\.00868 \(fail: disagrees with finite differences at a smooth point\)$/);
    for (const c of e.report.checks) {
      // The analytic side is 2x²·v and the numeric 3x²·v, for the same v.
      expect(c.analytic / c.numeric).toBeCloseTo(2 / 3, 6);
    }
  });

  it('catches an error of one part in a thousand of the derivative, with the default tolerances', () => {
    const off = customOp({ name: 'off', forward: Math.sin, derivatives: (_o, x) => [Math.cos(x) * 1.002], derivativeValues: (_o, x) => [x.cos().mul(1.002)] });
    expect(failed(reportOf((x) => off(x), [0.5]))).toEqual(ORDER_1);
  });
});

// -------------------------------------------------------------------------------------------
// Deliberately wrong derivatives: each case names the paths that must fail; every other path must pass.

const sinWith = (name: string, d: (x: number) => number, dv: (x: Value) => Value) =>
  customOp({ name, forward: Math.sin, derivatives: (_o, x) => [d(x)], derivativeValues: (_o, x) => [dv(x)] });

/** sin whose derivative is right to first order, whose second derivative through `derivativeValues` is wrong. */
const cosConstantBelow = customOp({ name: 'cos-no-slope', forward: Math.cos, derivatives: (_o, x) => [-Math.sin(x)], derivativeValues: (_o, x) => [new Value(-Math.sin(x.data))] });
const sinRightTo2 = customOp({ name: 'sin-3rd-wrong', forward: Math.sin, derivatives: (_o, x) => [Math.cos(x)], derivativeValues: (_o, x) => [cosConstantBelow(x)] });

interface WrongCase {
  readonly f: F;
  readonly xs: number[];
  readonly order?: 1 | 2 | 3;
  /** The paths that must fail; every other must pass. */
  readonly fails: readonly string[];
}

const WRONG: Record<string, WrongCase> = {
  'wrong sign (sin with -cos)': { f: (x) => sinWith('neg', (x) => -Math.cos(x), (x) => x.cos().neg())(x), xs: [0.7], fails: ORDER_1 },
  'off by a factor of 2 (exp with 2eˣ)': {
    f: (x) => customOp({ name: 'exp2', forward: Math.exp, derivatives: (o) => [2 * o], derivativeValues: (o) => [o.mul(2)] })(x),
    xs: [0.3],
    fails: ORDER_1,
  },
  'off by a constant (cos + 0.01)': { f: (x) => sinWith('plus', (x) => Math.cos(x) + 0.01, (x) => x.cos().add(0.01))(x), xs: [1.1], fails: ORDER_1 },
  'tanh′ written 1 - y instead of 1 - y²': {
    f: (x) => customOp({ name: 'tanh1', forward: Math.tanh, derivatives: (o) => [1 - o], derivativeValues: (o) => [o.neg().add(1)] })(x),
    xs: [0.8],
    fails: ORDER_1,
  },
  'wrong only for x > 2, at x = 2.5': {
    f: (x) => sinWith('region', (x) => (x > 2 ? -Math.cos(x) * 3 : Math.cos(x)), (x) => (x.data > 2 ? x.cos().mul(-3) : x.cos()))(x),
    xs: [2.5],
    fails: ORDER_1,
  },
  'wrong only in the second input of a binary op (a·b with d/db = 2a)': {
    f: (a, b) => customOp({ name: 'mulb', forward: (a, b) => a * b, derivatives: (_o, a, b) => [b, 2 * a], derivativeValues: (_o, a, b) => [b, a.mul(2)] })(a, b),
    xs: [1.3, -0.4],
    fails: ORDER_1,
  },
  'partials swapped (a·b² with d/da = 2ab, d/db = b²)': {
    f: (a, b) => customOp({ name: 'swap', forward: (a, b) => a * b * b, derivatives: (_o, a, b) => [2 * a * b, b * b], derivativeValues: (_o, a, b) => [a.mul(b).mul(2), b.square()] })(a, b),
    xs: [0.9, 1.6],
    fails: ORDER_1,
  },
  'a product rule missing a term (x·sin x with derivative sin x)': {
    f: (x) => customOp({ name: 'xsin', forward: (x) => x * Math.sin(x), derivatives: (_o, x) => [Math.sin(x)], derivativeValues: (_o, x) => [x.sin()] })(x),
    xs: [1.2],
    fails: ORDER_1,
  },
  'a detach in the wrong place (x·x.detach(): derivative x, not 2x)': { f: (x) => x.mul(x.detach()), xs: [1.4], fails: ORDER_1 },
  'a constant read from data (x² · x.data: 2x², not 3x²)': { f: (x) => x.pow(2).mul(x.data), xs: [-1.7], fails: ORDER_1 },
  'one output of two wrong (vector f)': {
    f: (x, y) => [x.mul(y), sinWith('v', (x) => 2 * Math.cos(x), (x) => x.cos().mul(2))(y)],
    xs: [0.5, 0.25],
    fails: ORDER_1,
  },
  'wrong next to a kink, 0.01 away (relu-like op with slope 2 for x > 0)': {
    f: (x) => customOp({ name: 'relu2', forward: (x) => Math.max(0, x), derivatives: (_o, x) => [x > 0 ? 2 : 0], derivativeValues: (_o, x) => [new Value(x.data > 0 ? 2 : 0)] })(x),
    xs: [0.01],
    fails: ORDER_1,
  },
  'wrong next to a kink, 3e-7 away (inside the first step, outside the smallest)': {
    f: (x) => customOp({ name: 'relu2', forward: (x) => Math.max(0, x), derivatives: (_o, x) => [x > 0 ? 2 : 0], derivativeValues: (_o, x) => [new Value(x.data > 0 ? 2 : 0)] })(x),
    xs: [3e-7],
    fails: ORDER_1,
  },
  'wrong next to a pole (1/x with derivative 1/x², at x = 0.01)': {
    f: (x) => customOp({ name: 'inv', forward: (x) => 1 / x, derivatives: (_o, x) => [1 / (x * x)], derivativeValues: (_o, x) => [x.square().pow(-1)] })(x),
    xs: [0.01],
    fails: ORDER_1,
  },
  'derivativeValues with the wrong sign, derivatives right: the Value paths fail': {
    f: (x) => sinWith('dv-sign', Math.cos, (x) => x.cos().neg())(x),
    xs: [0.6],
    fails: VALUE_PATHS,
  },
  'derivativeValues off by a factor, derivatives right: the Value paths fail': {
    f: (x) => sinWith('dv-factor', Math.cos, (x) => x.cos().mul(1.5))(x),
    xs: [0.6],
    fails: VALUE_PATHS,
  },
  'derivatives wrong, derivativeValues right: the number paths (jvp, vjp) fail': {
    f: (x) => sinWith('d-only', (x) => 2 * Math.cos(x), (x) => x.cos())(x),
    xs: [0.6],
    fails: NUMBER_PATHS,
  },
  'second derivative wrong (derivativeValues a constant of the right value): order 2 fails, order 1 passes': {
    f: (x) => sinWith('no-slope', Math.cos, (x) => new Value(Math.cos(x.data)))(x),
    xs: [0.7],
    order: 2,
    fails: ORDER_2,
  },
  'second derivative wrong (x³ with derivativeValues 3x·x.data)': {
    f: (x) => customOp({ name: 'cube', forward: (x) => x ** 3, derivatives: (_o, x) => [3 * x * x], derivativeValues: (_o, x) => [x.mul(3 * x.data)] })(x),
    xs: [1.2],
    order: 2,
    fails: ORDER_2,
  },
  'second derivative wrong only for x > 2, at x = 2.5': {
    f: (x) => sinWith('region2', Math.cos, (x) => (x.data > 2 ? new Value(Math.cos(x.data)) : x.cos()))(x),
    xs: [2.5],
    order: 2,
    fails: ORDER_2,
  },
  'second derivative wrong in a cross term only (a·b with derivativeValues [b.data, a])': {
    f: (a, b) => customOp({ name: 'cross', forward: (a, b) => a * b, derivatives: (_o, a, b) => [b, a], derivativeValues: (_o, a, b) => [new Value(b.data), a] })(a, b),
    xs: [0.8, -1.1],
    order: 2,
    fails: ORDER_2,
  },
  'third derivative wrong only: order 3 fails, orders 1 and 2 pass': {
    f: (x) => sinRightTo2(x),
    xs: [0.9],
    order: 3,
    fails: [
      '3 jvp of jvp of jvp', '3 jvp on Values of jvp of jvp', '3 vjp of jvp of jvp', '3 grad of jvp of jvp',
      '3 jvp of grad of jvp', '3 jvp on Values of grad of jvp', '3 vjp of grad of jvp', '3 grad of grad of jvp',
      '3 jvp of jvp of grad', '3 jvp on Values of jvp of grad', '3 vjp of jvp of grad', '3 grad of jvp of grad',
      '3 jvp of grad of grad', '3 jvp on Values of grad of grad', '3 vjp of grad of grad', '3 grad of grad of grad',
    ],
  },
};

describe('checkGrads() against deliberately wrong derivatives', () => {
  it('has at least 20 cases', () => {
    expect(Object.keys(WRONG).length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(WRONG))('%s', (_name, c) => {
    const report = reportOf(c.f, c.xs, { order: c.order ?? 1 });
    expect(failed(report)).toEqual(c.fails);
    expect(report.checks.filter((k) => k.status === 'inconclusive')).toEqual([]);
    expect(() => checkGrads(c.f, c.xs, { order: c.order ?? 1 })).toThrow(GradientCheckError);
  });

  it('a derivative wrong only for x > 2 passes at x = 1.5', () => {
    const f = (x: Value) => sinWith('region', (x) => (x > 2 ? -Math.cos(x) * 3 : Math.cos(x)), (x) => (x.data > 2 ? x.cos().mul(-3) : x.cos()))(x);
    expect(checkGrads(f, [1.5]).status).toBe('pass');
  });

  it('a wrong second derivative passes at order 1: only a higher order sees it', () => {
    expect(checkGrads((x) => sinWith('no-slope', Math.cos, (x) => new Value(Math.cos(x.data)))(x), [0.7]).status).toBe('pass');
    expect(checkGrads((x) => sinRightTo2(x), [0.9], { order: 2 }).status).toBe('pass');
  });
});

describe('checkGrads() against a fault in one mode of the engine only (fault injected into the linear tape)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tangents 10% too large in forward mode: jvp fails, every reverse path and the forward path of Values pass', () => {
    const original = LinearTape.prototype.pushForward;
    vi.spyOn(LinearTape.prototype, 'pushForward').mockImplementation(function (this: LinearTape, v, out) {
      const r = original.call(this, v, out);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * 1.1;
      return r;
    });
    expect(failed(reportOf((x, y) => x.mul(y).sin(), [0.4, 0.9]))).toEqual(['1 jvp']);
  });

  it('cotangents with the wrong sign in reverse mode: vjp fails, every other path passes', () => {
    const original = LinearTape.prototype.pullBack;
    vi.spyOn(LinearTape.prototype, 'pullBack').mockImplementation(function (this: LinearTape, c, out) {
      const r = original.call(this, c, out);
      for (let i = 0; i < out.length; i++) out[i] = -(out[i] as number);
      return r;
    });
    expect(failed(reportOf((x, y) => x.mul(y).sin(), [0.4, 0.9]))).toEqual(['1 vjp']);
  });
});

// -------------------------------------------------------------------------------------------
// The kinks table of docs/semantics.md: the rows at a kink, a pole or a domain edge are
// inconclusive, never failed; the rows that only saturate (smooth, exactly representable) pass.

type Expect = 'inconclusive' | 'pass' | 'refused';
const KINK_ROWS: Record<string, readonly [F, number[], Expect][]> = {
  '`relu` | x = 0': [[(x) => x.relu(), [0], 'inconclusive']],
  '`relu` | x = NaN': [[(x) => x.relu(), [NaN], 'refused']],
  '`abs` | x = 0': [[(x) => x.abs(), [0], 'inconclusive']],
  '`max`, `min` | a tie, x = y': [[(x, y) => x.max(y), [2, 2], 'inconclusive'], [(x, y) => x.min(y), [2, 2], 'inconclusive']],
  '`sqrt` | x = 0': [[(x) => x.sqrt(), [0], 'inconclusive'], [(x) => x.sqrt(), [-0], 'inconclusive']],
  '`sqrt` | x < 0': [[(x) => x.sqrt(), [-4], 'inconclusive']],
  '`log` | x = ±0': [[(x) => x.log(), [0], 'inconclusive'], [(x) => x.log(), [-0], 'inconclusive']],
  '`log` | x < 0': [[(x) => x.log(), [-2], 'inconclusive']],
  '`log1p` | x = -1': [[(x) => x.log1p(), [-1], 'inconclusive']],
  '`pow(c)` | x < 0, c not an integer': [[(x) => x.pow(0.5), [-2], 'inconclusive']],
  '`pow(c)` | c = 0, any x (also 0)': [[(x) => x.pow(0), [0], 'pass'], [(x) => x.pow(0), [-3], 'pass']],
  '`pow(c)` | x = 0, 0 < c < 1 (e.g. c = 0.5)': [[(x) => x.pow(0.5), [0], 'inconclusive']],
  '`pow(b)`, b a Value | x = 0, b ≥ 0': [[(x, b) => x.pow(b), [0, 2], 'inconclusive'], [(x, b) => x.pow(b), [0, 0], 'inconclusive'], [(x, b) => x.pow(b), [0, 0.5], 'inconclusive']],
  '`pow(b)`, b a Value | x < 0': [[(x, b) => x.pow(b), [-2, 2], 'inconclusive'], [(x, b) => x.pow(b), [-2, 0.5], 'inconclusive']],
  '`div` | x / ±0, x ≠ 0': [[(x, y) => x.div(y), [1, 0], 'inconclusive'], [(x, y) => x.div(y), [1, -0], 'inconclusive'], [(x, y) => x.div(y), [-1, 0], 'inconclusive']],
  '`div` | 0 / 0': [[(x, y) => x.div(y), [0, 0], 'inconclusive'], [(x, y) => x.div(y), [0, -0], 'inconclusive']],
  '`exp` | x > ln(Number.MAX_VALUE) ≈ 709.7827': [[(x) => x.exp(), [709.8], 'inconclusive'], [(x) => x.exp(), [709.78], 'pass']],
  '`tanh` | \\|x\\| large': [[(x) => x.tanh(), [30], 'pass'], [(x) => x.tanh(), [-30], 'pass']],
  '`sigmoid` | \\|x\\| large': [[(x) => x.sigmoid(), [40], 'pass'], [(x) => x.sigmoid(), [-800], 'pass']],
  '`softplus` | x = 1000 / x = -1000': [[(x) => x.softplus(), [1000], 'pass'], [(x) => x.softplus(), [-1000], 'pass']],
  '`logSigmoid` | x = -1000': [[(x) => x.logSigmoid(), [-1000], 'pass']],
  '`logSumExp` | [1000, 1000]': [[(x, y) => logSumExp([x, y]), [1000, 1000], 'pass']],
  '`hypot` | a = b = 0': [[(x, y) => x.hypot(y), [0, 0], 'inconclusive']],
  // The non-finite gradient arriving is an input here (u), which checkGrads refuses; the row's numbers
  // are backward()'s, checked in test/engine/core/kink-table.test.ts.
  '`stopGradient` | a gradient g = ±Infinity or NaN arrives': [[(u, x) => x.stopGradient().mul(u), [NaN, 2], 'refused']],
  '`atanh` | x = ±1': [[(x) => x.atanh(), [1], 'inconclusive'], [(x) => x.atanh(), [-1], 'inconclusive']],
  '`atanh` | \\|x\\| > 1': [[(x) => x.atanh(), [2], 'inconclusive'], [(x) => x.atanh(), [-3], 'inconclusive']],
  '`log1p`, `expm1` | x = 1e-10': [[(x) => x.log1p(), [1e-10], 'pass'], [(x) => x.expm1(), [1e-10], 'pass']],
};

describe("checkGrads() on every row of docs/semantics.md's kinks table", () => {
  it('every row of the table has cases here, and every case a row', () => {
    expect([...tableRows().keys()].sort()).toEqual(Object.keys(KINK_ROWS).sort());
  });

  it.each(Object.entries(KINK_ROWS))('%s', (_row, cases) => {
    for (const [f, xs, expected] of cases) {
      if (expected === 'refused') {
        expect(() => checkGrads(f, xs)).toThrow(/checkGrads: xs\[0\] must be finite, got NaN/);
        continue;
      }
      const report = checkGrads(f, xs, { order: 2 });
      expect(report.status, `${f} at ${xs}`).toBe(expected);
      if (expected === 'inconclusive') {
        // At order 1 every check; a higher order may pass where the derivative is smooth (log's 1/x at x < 0).
        for (const c of report.checks.filter((k) => k.order === 1)) expect(c.reason).toMatch(/^inconclusive: (non-differentiable|f is not finite) within eps of the point/);
      }
    }
  });

  it("formatReport's first line counts the inconclusive checks when none failed", () => {
    expect(formatReport(checkGrads((x) => x.abs(), [0])).split('\n')[0]).toBe('checkGrads: 4 of 4 checks inconclusive at xs = [0]');
  });

  it('names the input at the kink: relu(x)·y at x = 0 names xs[0], not xs[1]', () => {
    const report = checkGrads((x, y) => x.relu().mul(y), [0, 1.5]);
    expect(report.status).toBe('inconclusive');
    for (const c of report.checks) expect(c.reason).toBe('inconclusive: non-differentiable within eps of the point, in xs[0] = 0');
  });

  it('names both inputs at a tie of max, and the domain edge of sqrt(y) in xs[1]', () => {
    expect(checkGrads((x, y) => x.max(y), [2, 2]).checks[0]?.reason).toBe('inconclusive: non-differentiable within eps of the point, in xs[0] = 2 and xs[1] = 2');
    expect(checkGrads((x, y) => y.sqrt().mul(x), [1, 0]).checks[0]?.reason).toBe(
      'inconclusive: f is not finite within eps of the point (a pole or a domain edge, in xs[1] = 0)',
    );
  });

  it('a kink just outside the step is no kink: relu at 1e-3 passes, and so does abs at -1e-3', () => {
    expect(checkGrads((x) => x.relu(), [1e-3], { order: 2 }).status).toBe('pass');
    expect(checkGrads((x) => x.abs(), [-1e-3], { order: 2 }).status).toBe('pass');
  });

  it('a kink inside the first step but outside the smallest: relu at 3e-7 passes against the smaller steps', () => {
    const report = checkGrads((x) => x.relu(), [3e-7]);
    expect(report.status).toBe('pass');
    expect(report.checks[0]?.step).toBeLessThan(3e-7);
  });

  it('a jump in f itself is inconclusive (both one-sided quotients grow as 1 / h), as the derivative of abs is at 0', () => {
    const step = customOp({ name: 'step', forward: (x) => (x > 0 ? 1 : 0), derivatives: () => [0], derivativeValues: () => [new Value(0)] });
    const report = checkGrads((x) => step(x), [0]);
    expect(report.status).toBe('inconclusive');
    expect(checkGrads((x) => step(x), [0.5]).status).toBe('pass');
  });

  it('a smooth function of large curvature and large value is not called a kink (rounding and truncation explained)', () => {
    expect(checkGrads((x) => x.mul(20).exp(), [1]).status).toBe('pass');
    expect(checkGrads((x) => x.square().add(1e4), [0]).status).toBe('pass');
  });
});

describe('checkGrads() arguments', () => {
  const f = (x: Value) => x.sin();
  it('refuses bad xs, naming the entry, holes included', () => {
    expect(() => checkGrads(f, 3 as never)).toThrow('checkGrads: xs must be an array of numbers, got number 3');
    expect(() => checkGrads(f, [])).toThrow('checkGrads: xs must hold at least one number, got an empty array');
    // eslint-disable-next-line no-sparse-arrays
    expect(() => checkGrads(f, [, 1] as number[])).toThrow('checkGrads: xs[0] must be a number, got a hole (a missing entry)');
    expect(() => checkGrads(f, ['1'] as never)).toThrow('checkGrads: xs[0] must be a number, got string "1"');
    expect(() => checkGrads(f, [Infinity])).toThrow('checkGrads: xs[0] must be finite, got Infinity');
  });

  it('refuses bad options, naming the option', () => {
    expect(() => checkGrads(f, [1], null as never)).toThrow('checkGrads: options must be an object, got null');
    expect(() => checkGrads(f, [1], { order: 4 as never })).toThrow('checkGrads: order must be 1, 2 or 3, got number 4');
    expect(() => checkGrads(f, [1], { modes: [] })).toThrow("checkGrads: modes must be a non-empty array of 'forward' and 'reverse', got an array");
    expect(() => checkGrads(f, [1], { modes: ['fwd' as never] })).toThrow("checkGrads: modes[0] must be 'forward' or 'reverse', got string \"fwd\"");
    expect(() => checkGrads(f, [1], { atol: -1 })).toThrow('checkGrads: atol must be a finite number >= 0, got number -1');
    expect(() => checkGrads(f, [1], { eps: 0 })).toThrow('checkGrads: eps must be positive, got 0');
    expect(() => checkGrads(f, [1], { directions: 0 })).toThrow('checkGrads: directions must be an integer >= 1, got number 0');
    expect(() => checkGrads(f, [1], { seed: -1 })).toThrow('checkGrads: seed must be an integer in [0, 2^32), got number -1');
    expect(() => checkGrads(f, [1], { eps: 1e-300 })).toThrow(/checkGrads: eps = 1e-300 gives no usable step at xs\[0\] = 1/);
  });

  it('refuses a bad f and bad outputs', () => {
    expect(() => checkGrads('f' as never, [1])).toThrow('checkGrads: f must be a function, got string "f"');
    expect(() => checkGrads((() => 3) as never, [1])).toThrow('checkGrads: f must return a Value or a non-empty array of Values, got number 3');
    expect(() => checkGrads((() => []) as never, [1])).toThrow(/f must return a Value or a non-empty array of Values, got an (empty )?array/);
    expect(() => checkGrads(((x: Value) => [x, 2]) as never, [1])).toThrow('checkGrads: f must return Values, got number 2 at index 1');
  });
});
