import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NonFiniteError, Value, gradients } from '../../../src/index.js';
import { awayFromZero, backwardGradient, real } from '../../support/oracles.js';
import { withEdges } from '../../support/arbitraries.js';
import { caught } from '../../support/caught.js';
import { OP_LIST } from '../../../src/engine/core/ops.js';

/** gradients() of f at xs, as numbers. */
function graphGradient(f: (...xs: Value[]) => Value, xs: readonly number[]): number[] {
  const leaves = xs.map((x) => new Value(x));
  return gradients(f(...leaves), leaves).map((g) => g.data);
}

/**
 * Object.is, except that +0 and -0 count as equal. The sign of a zero gradient is the one place
 * where gradients() and backward() differ (see the signed-zero test below, which checks it on
 * its own); everywhere else these tests ask for identical bits.
 */
function sameBitsUpToZeroSign(a: number, b: number): boolean {
  return (a === 0 && b === 0) || Object.is(a, b);
}

function expectSameBitsUpToZeroSign(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    if (!sameBitsUpToZeroSign(a, expected[i] as number)) {
      throw new Error(`gradient ${i}: gradients() gives ${a}, backward() gives ${expected[i]}`);
    }
  });
}

// Every op of Value, each alone, on a domain where it is finite.
const OP_CASES: [string, (...xs: Value[]) => Value, fc.Arbitrary<number[]>][] = [
  ['add', (a, b) => (a as Value).add(b as Value), fc.tuple(real(-100, 100), real(-100, 100))],
  ['sub', (a, b) => (a as Value).sub(b as Value), fc.tuple(real(-100, 100), real(-100, 100))],
  ['mul', (a, b) => (a as Value).mul(b as Value), fc.tuple(real(-100, 100), real(-100, 100))],
  ['div', (a, b) => (a as Value).div(b as Value), fc.tuple(real(-100, 100), awayFromZero(0.1, 100))],
  ['pow(Value)', (a, b) => (a as Value).pow(b as Value), fc.tuple(real(0.1, 10), real(-3, 3))],
  ['pow(number)', (a) => (a as Value).pow(2.5), fc.tuple(real(0.1, 10))],
  ['add(number)', (a) => (a as Value).add(3), fc.tuple(real(-100, 100))],
  ['sub(number)', (a) => (a as Value).sub(3), fc.tuple(real(-100, 100))],
  ['mul(number)', (a) => (a as Value).mul(-3), fc.tuple(real(-100, 100))],
  ['div(number)', (a) => (a as Value).div(7), fc.tuple(real(-100, 100))],
  ['max(Value)', (a, b) => (a as Value).max(b as Value), fc.tuple(real(-100, 100), real(-100, 100))],
  ['min(Value)', (a, b) => (a as Value).min(b as Value), fc.tuple(real(-100, 100), real(-100, 100))],
  ['max(number)', (a) => (a as Value).max(0.5), fc.tuple(real(-100, 100))],
  ['min(number)', (a) => (a as Value).min(0.5), fc.tuple(real(-100, 100))],
  ['neg', (a) => (a as Value).neg(), fc.tuple(real(-100, 100))],
  ['exp', (a) => (a as Value).exp(), fc.tuple(real(-20, 20))],
  ['log', (a) => (a as Value).log(), fc.tuple(real(0.01, 100))],
  ['tanh', (a) => (a as Value).tanh(), fc.tuple(real(-10, 10))],
  ['relu', (a) => (a as Value).relu(), fc.tuple(real(-100, 100))],
  ['sigmoid', (a) => (a as Value).sigmoid(), fc.tuple(real(-30, 30))],
  ['sqrt', (a) => (a as Value).sqrt(), fc.tuple(real(0.01, 100))],
  ['abs', (a) => (a as Value).abs(), fc.tuple(real(-100, 100))],
  ['sin', (a) => (a as Value).sin(), fc.tuple(real(-10, 10))],
  ['cos', (a) => (a as Value).cos(), fc.tuple(real(-10, 10))],
  ['softplus', (a) => (a as Value).softplus(), fc.tuple(real(-50, 50))],
  ['log1p', (a) => (a as Value).log1p(), fc.tuple(real(-0.9, 100))],
  ['expm1', (a) => (a as Value).expm1(), fc.tuple(real(-20, 20))],
  ['hypot(Value)', (a, b) => (a as Value).hypot(b as Value), fc.tuple(real(-100, 100), awayFromZero(0.1, 100))],
  ['hypot(number)', (a) => (a as Value).hypot(3), fc.tuple(real(-100, 100))],
  ['tan', (a) => (a as Value).tan(), fc.tuple(real(-1.5, 1.5))], // away from its poles at ±π/2
  ['atan', (a) => (a as Value).atan(), fc.tuple(real(-100, 100))],
  ['sinh', (a) => (a as Value).sinh(), fc.tuple(real(-20, 20))],
  ['cosh', (a) => (a as Value).cosh(), fc.tuple(real(-20, 20))],
  ['asinh', (a) => (a as Value).asinh(), fc.tuple(real(-100, 100))],
  ['atanh', (a) => (a as Value).atanh(), fc.tuple(real(-0.99, 0.99))],
  ['silu', (a) => (a as Value).silu(), fc.tuple(real(-50, 50))],
  ['erf', (a) => (a as Value).erf(), fc.tuple(real(-10, 10))],
  ['gelu', (a) => (a as Value).gelu(), fc.tuple(real(-10, 10))],
  ['stopGradient', (a) => (a as Value).stopGradient(), fc.tuple(real(-100, 100))],
  ['square', (a) => (a as Value).square(), fc.tuple(real(-100, 100))],
  ['logSigmoid', (a) => (a as Value).logSigmoid(), fc.tuple(real(-50, 50))],
];

/** The ops OP_CASES take from the table: a case's name up to its '(' (square and logSigmoid are made of others). */
const CASE_OPS = new Set(OP_CASES.map(([name]) => name.split('(')[0] as string));

describe('gradients(): the graph-building gradient', () => {
  it('the cases cover every op of the table, and every op with a folded constant with a number too', () => {
    expect([...CASE_OPS].filter((name) => name !== 'square' && name !== 'logSigmoid').sort()).toEqual(OP_LIST.map(([name]) => name).sort());
    for (const [name, def] of OP_LIST) {
      if (def.constantCode !== null) expect(OP_CASES.some(([c]) => c === `${name}(number)`), name).toBe(true);
    }
  });

  for (const [name, f, xs] of OP_CASES) {
    it(`${name} alone: the same numbers as backward(), bit for bit (a zero's sign aside)`, () => {
      fc.assert(
        fc.property(xs, (point) => {
          expectSameBitsUpToZeroSign(graphGradient(f, point), backwardGradient(f, point));
        }),
      );
    });
  }

  for (const [name, f, xs] of OP_CASES) {
    it(`${name} alone at ±0, NaN, subnormals and the extreme doubles: the same numbers as backward(), bit for bit (a zero's sign aside)`, () => {
      // Each argument drawn from the op's domain or from the edges, so that every combination occurs.
      const arity = f.length;
      const args = fc.tuple(...Array.from({ length: arity }, () => withEdges(real(-10, 10))));
      fc.assert(
        fc.property(fc.oneof(xs, args), (point) => {
          expectSameBitsUpToZeroSign(graphGradient(f, point), backwardGradient(f, point));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('pow with a Value exponent of 0 at a subnormal, ±0 or NaN base: gradients() gives backward()\'s 0 for d/dx', () => {
    for (const x of [1e-310, 5e-324, -5e-324, 0, -0, NaN]) {
      expectSameBitsUpToZeroSign(graphGradient((a, b) => (a as Value).pow(b as Value), [x, 0]), backwardGradient((a, b) => (a as Value).pow(b as Value), [x, 0]));
    }
  });

  it('each op inside a composition: the same numbers as backward(), bit for bit (a zero\'s sign aside)', () => {
    // The op's gradient then flows on through tanh and a product, so its local derivative is
    // multiplied by a gradient other than the seed 1.
    fc.assert(
      fc.property(fc.nat({ max: OP_CASES.length - 1 }), real(-1, 1), real(-1, 1), (k, u, w) => {
        const [, f] = OP_CASES[k] as (typeof OP_CASES)[number];
        // Inputs mapped into (0.5, 1.5): inside every op's domain above.
        const wrapped = (a: Value, b: Value) => f(a.tanh().mul(0.5).add(1), b.tanh().mul(0.5).add(1)).mul(a.add(2)).tanh();
        const g = wrapped as (...xs: Value[]) => Value;
        expectSameBitsUpToZeroSign(graphGradient(g, [u, w]), backwardGradient(g, [u, w]));
      }),
    );
  });

  it('a zero gradient has the same sign from gradients() as from backward(): x.mul(0).neg() at x = 1', () => {
    // backward() sums every gradient from +0, and +0 + -0 is +0; gradients() starts each sum at
    // the first contribution, here (-1)·0 = -0. The README promises the two agree bit for bit.
    const x = new Value(1);
    const y = x.mul(0).neg();
    const [g] = gradients(y, [x]) as [Value];
    y.backward();
    expect(Object.is(x.grad, 0)).toBe(true);
    expect(g.data).toBe(x.grad); // once -0, before a lone -0 contribution was summed from +0
  });

  it('mul, div and square alone at zero inputs: gradients() and backward() agree bit for bit', () => {
    const cases: [(...xs: Value[]) => Value, number[]][] = [
      [(a, b) => (a as Value).mul(b as Value), [-0, 0]], // d/db = a = -0
      [(a, b) => (a as Value).div(b as Value), [0, 0.1]], // d/db = -(a/b)/b = -0
      [(a) => (a as Value).square(), [-0]], // -0 + -0
    ];
    const mismatches: string[] = [];
    cases.forEach(([f, point], k) => {
      const expected = backwardGradient(f, point);
      graphGradient(f, point).forEach((g, i) => {
        if (!Object.is(g, expected[i])) mismatches.push(`case ${k}, d/dx${i}: gradients() ${Object.is(g, -0) ? '-0' : g}, backward() ${Object.is(expected[i], -0) ? '-0' : expected[i]}`);
      });
    });
    expect(mismatches).toEqual([]);
  });

  it('returns Values that can be differentiated again: x³ gives 3x², then 6x', () => {
    const x = new Value(2);
    const [dx] = gradients(x.pow(3), [x]) as [Value];
    expect(dx).toBeInstanceOf(Value);
    expect(dx.data).toBe(12);
    const [ddx] = gradients(dx, [x]) as [Value];
    expect(ddx.data).toBe(12);
    const [dddx] = gradients(ddx, [x]) as [Value];
    expect(dddx.data).toBe(6);
  });

  it('gives 0 for a Value not in the graph, 1 for the root itself, and d root / d node for an inner node', () => {
    const x = new Value(0.5);
    const other = new Value(7);
    const t = x.tanh();
    const y = t.mul(3);
    const [gOther, gRoot, gInner, gx] = gradients(y, [other, y, t, x]) as [Value, Value, Value, Value];
    expect(gOther.data).toBe(0);
    expect(gRoot.data).toBe(1);
    expect(gInner.data).toBe(3);
    expect(gx.data).toBe(3 * (1 - Math.tanh(0.5) * Math.tanh(0.5)));
  });

  it('gives 0 for a leaf that was in an earlier graph but not in this one', () => {
    const x = new Value(0.5);
    const z = new Value(2);
    z.mul(x).backward(); // leaves z and x a position from that walk
    const [gz] = gradients(x.exp(), [z]) as [Value];
    expect(gz.data).toBe(0);
  });

  it('lists a Value asked for twice twice, and an empty wrt gives []', () => {
    const x = new Value(3);
    const gs = gradients(x.mul(x), [x, x]);
    expect(gs.map((g) => g.data)).toEqual([6, 6]);
    expect(gradients(x.mul(x), [])).toEqual([]);
  });

  it('leaves every grad field as it was', () => {
    const x = new Value(0.5);
    x.grad = 0.25;
    const t = x.sin();
    const y = t.mul(x);
    gradients(y, [x]);
    expect(x.grad).toBe(0.25);
    expect(t.grad).toBe(0);
    expect(y.grad).toBe(0);
  });

  it('throws a TypeError for a root that is not a Value, a wrt that is not an array, or a wrt element that is not a Value', () => {
    const x = new Value(1);
    expect(() => gradients(3 as unknown as Value, [x])).toThrow(/gradients: root must be a Value, got number 3/);
    expect(() => gradients(x, x as unknown as Value[])).toThrow(/gradients: wrt must be an array of Values/);
    expect(() => gradients(x, [x, 2 as unknown as Value])).toThrow(TypeError);
    expect(() => gradients(x, [x, 2 as unknown as Value])).toThrow(/gradients: wrt\[1\] must be a Value, got number 2/);
  });
});

describe('backward({ checkFinite: true })', () => {
  it('names the first op whose value is not finite (the log at 0), not an op it spread to', () => {
    const x = new Value(0, 'x');
    const h = x.log();
    h.label = 'h';
    const y = h.mul(2).neg().add(1).tanh(); // -Infinity, Infinity, Infinity, then tanh gives 1
    expect(y.data).toBe(1);
    const thrown = caught(() => y.backward({ checkFinite: true }));
    expect(thrown).toBeInstanceOf(NonFiniteError);
    const err = thrown as NonFiniteError;
    expect(err).toBeInstanceOf(RangeError);
    expect(err.name).toBe('NonFiniteError');
    expect(err.node).toBe(h);
    expect(err.kind).toBe('value');
    expect(err.message).toMatch(/op 'log'/);
    expect(err.message).toMatch(/label 'h'/);
    expect(err.message).toMatch(/-Infinity/);
    expect(err.message).not.toMatch(/'neg'|'\*'|'\+'/);
  });

  it('names a NaN value: log of a negative number', () => {
    const x = new Value(-1);
    const l = x.log();
    expect(() => l.exp().backward({ checkFinite: true })).toThrow(/op 'log' is NaN/);
  });

  it('names the op where a gradient becomes infinite while every value is finite: sqrt at 0', () => {
    const x = new Value(0);
    const s = x.sqrt();
    const y = s.add(1);
    expect(y.data).toBe(1);
    const thrown = caught(() => y.backward({ checkFinite: true }));
    const err = thrown as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.node).toBe(s);
    expect(err.kind).toBe('gradient');
    expect(err.message).toMatch(/op 'sqrt'/);
  });

  it('names the op where a gradient becomes NaN: 0 · sqrt\'(0)', () => {
    const x = new Value(0);
    const s = x.sqrt();
    const y = s.mul(0); // values 0 and 0; the gradient into x is 0 · Infinity
    const thrown = caught(() => y.backward({ checkFinite: true }));
    expect((thrown as NonFiniteError).node).toBe(s);
    expect((thrown as NonFiniteError).kind).toBe('gradient');
  });

  it('leaves every leaf gradient exactly as it was before the call, for a bad value and for a bad gradient', () => {
    // A bad value: caught before any gradient moves.
    const a = new Value(0);
    const b = new Value(2);
    a.grad = 0.125;
    b.grad = -3;
    expect(() => a.log().mul(b).backward({ checkFinite: true })).toThrow(NonFiniteError);
    expect([a.grad, b.grad]).toEqual([0.125, -3]);

    // A bad gradient: y's branch is swept (and b's gradient accumulated) before sqrt is reached.
    const x = new Value(0);
    const w = new Value(1.5);
    x.grad = 0.5;
    w.grad = 7;
    expect(() => x.sqrt().add(w.mul(3)).backward({ checkFinite: true })).toThrow(NonFiniteError);
    expect([x.grad, w.grad]).toEqual([0.5, 7]);
  });

  it('without the option, throws nothing and lets NaN and Infinity propagate', () => {
    const x = new Value(0);
    const y = x.log().mul(2);
    expect(() => y.backward()).not.toThrow();
    expect(y.data).toBe(-Infinity);
    expect(x.grad).toBe(Infinity);
    const z = new Value(0);
    z.sqrt().mul(0).backward();
    expect(z.grad).toBeNaN();
  });

  it('with the option and finite numbers, accumulates exactly as without it', () => {
    fc.assert(
      fc.property(real(-2, 2), real(-2, 2), (u, w) => {
        const f = (a: Value, b: Value) => a.mul(b).sin().add(a.square().log1p()).mul(b.exp());
        const plain = [new Value(u), new Value(w)];
        const checked = [new Value(u), new Value(w)];
        for (const l of [...plain, ...checked]) l.grad = 0.5;
        f(plain[0] as Value, plain[1] as Value).backward();
        f(checked[0] as Value, checked[1] as Value).backward({ checkFinite: true });
        expect(checked.map((l) => l.grad)).toEqual(plain.map((l) => l.grad));
      }),
    );
  });
});

describe('gradients(..., { checkFinite: true })', () => {
  it('names the op whose value is not finite, with its label', () => {
    const x = new Value(0);
    const h = x.log();
    h.label = 'h';
    const thrown = caught(() => gradients(h.mul(2).exp(), [x], { checkFinite: true }));
    const err = thrown as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.node).toBe(h);
    expect(err.kind).toBe('value');
    expect(err.message).toMatch(/gradients: .*op 'log' \(label 'h'\)/);
  });

  it('names the op whose gradient is not finite: sqrt at 0', () => {
    const x = new Value(0);
    const s = x.sqrt();
    const thrown = caught(() => gradients(s.add(1), [x], { checkFinite: true }));
    const err = thrown as NonFiniteError;
    expect(err.node).toBe(s);
    expect(err.kind).toBe('gradient');
    expect(err.message).toMatch(/op 'sqrt'/);
  });

  it('without the option, gives the IEEE results', () => {
    const x = new Value(0);
    expect((gradients(x.sqrt(), [x])[0] as Value).data).toBe(Infinity);
    expect((gradients(x.log(), [x])[0] as Value).data).toBe(Infinity);
  });
});
