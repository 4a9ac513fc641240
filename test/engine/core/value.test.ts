import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, zeroGrad, localGradients, topologicalOrder } from '../../../src/index.js';
import { centralDifference, close } from '../../support/finite-difference.js';
import { awayFromZero, real } from '../../support/arbitraries.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';
import { SHRINK } from '../../support/scale.js';

// Finite differences of the forward values are the oracle throughout: they never touch backward().
const RTOL = 1e-6;
const ATOL = 1e-8;

/** Checks d f / d x_i from backward() against central differences of f's forward value. */
function expectGradientsMatchFiniteDifferences(f: (...xs: Value[]) => Value, xs: number[]): void {
  const leaves = xs.map((x) => new Value(x));
  f(...leaves).backward();
  const forward = (point: number[]) => f(...point.map((x) => new Value(x))).data;
  xs.forEach((_, i) => {
    const numeric = centralDifference(forward, xs, i);
    const analytic = (leaves[i] as Value).grad;
    if (!close(analytic, numeric, RTOL, ATOL)) {
      throw new Error(`input ${i} of [${xs.join(', ')}]: backward ${analytic}, finite difference ${numeric}`);
    }
  });
}

describe('Value ops: forward values', () => {
  it('add(), sub(), mul(), div(), pow(), neg(), exp(), log(), tanh(), relu() and sigmoid() compute the IEEE double of their formula', () => {
    const a = new Value(1.5);
    const b = new Value(-0.25);
    expect(a.add(b).data).toBe(1.25);
    expect(a.sub(b).data).toBe(1.75);
    expect(a.mul(b).data).toBe(-0.375);
    expect(a.div(b).data).toBe(-6);
    expect(a.pow(2).data).toBe(2.25);
    expect(a.pow(b).data).toBe(Math.pow(1.5, -0.25));
    expect(a.neg().data).toBe(-1.5);
    expect(a.exp().data).toBe(Math.exp(1.5));
    expect(a.log().data).toBe(Math.log(1.5));
    expect(b.tanh().data).toBe(Math.tanh(-0.25));
    expect(b.relu().data).toBe(0);
    expect(a.relu().data).toBe(1.5);
    expect(b.sigmoid().data).toBe(1 / (1 + Math.exp(0.25)));
  });

  it('mul(2) folds the number into the op as a constant: one node, op *, parents [a], constant 2', () => {
    const a = new Value(3, 'a');
    const y = a.mul(2);
    expect(y.data).toBe(6);
    expect(y.op).toBe('*');
    expect(y.parents).toEqual([a]);
    expect(y.constant).toBe(2);
    expect(a.op).toBe('');
    expect(a.parents).toEqual([]);
    expect(a.constant).toBeUndefined();
  });

  it('mul() of a Value by itself lists it twice in parents, a frozen array', () => {
    const a = new Value(3);
    const y = a.mul(a);
    expect(y.parents).toEqual([a, a]);
    expect(Object.isFrozen(y.parents)).toBe(true);
    expect(() => (y.parents as Value[]).push(a)).toThrow(TypeError);
  });

  it('toString() shows label=data, or the data alone when the label is empty', () => {
    expect(new Value(2, 'w').toString()).toBe('Value(w=2)');
    expect(new Value(0.5).toString()).toBe('Value(0.5)');
    expect(new Value(1).label).toBe('');
  });
});

describe('Value ops: gradients against central finite differences', () => {
  const binaryCases: [string, (a: Value, b: Value) => Value, fc.Arbitrary<number>, fc.Arbitrary<number>][] = [
    ['add(b)', (a, b) => a.add(b), real(-100, 100), real(-100, 100)],
    ['sub(b)', (a, b) => a.sub(b), real(-100, 100), real(-100, 100)],
    ['mul(b)', (a, b) => a.mul(b), real(-100, 100), real(-100, 100)],
    ['div(b)', (a, b) => a.div(b), real(-100, 100), awayFromZero(0.1, 100)],
    ['pow(b), b a Value,', (a, b) => a.pow(b), real(0.1, 10), real(-3, 3)],
  ];
  for (const [name, f, xa, xb] of binaryCases) {
    it(`backward() through a.${name} matches finite differences in a and b`, () => {
      fc.assert(fc.property(xa, xb, (a, b) => expectGradientsMatchFiniteDifferences(f, [a, b])));
    });
  }

  const constantCases: [string, (a: Value, c: number) => Value, fc.Arbitrary<number>, fc.Arbitrary<number>][] = [
    ['add(number)', (a, c) => a.add(c), real(-100, 100), real(-100, 100)],
    ['sub(number)', (a, c) => a.sub(c), real(-100, 100), real(-100, 100)],
    ['mul(number)', (a, c) => a.mul(c), real(-100, 100), real(-100, 100)],
    ['div(number)', (a, c) => a.div(c), real(-100, 100), awayFromZero(0.1, 100)],
    ['pow(number) of a positive base', (a, c) => a.pow(c), real(0.1, 10), real(-3, 3)],
    ['pow(integer) of any base', (a, c) => a.pow(c), awayFromZero(0.1, 10), fc.integer({ min: -4, max: 4 })],
  ];
  for (const [name, f, xa, xc] of constantCases) {
    it(`backward() through a.${name} matches finite differences in a`, () => {
      fc.assert(fc.property(xa, xc, (a, c) => expectGradientsMatchFiniteDifferences((v) => f(v, c), [a])));
    });
  }

  const unaryCases: [string, (a: Value) => Value, fc.Arbitrary<number>][] = [
    ['neg()', (a) => a.neg(), real(-100, 100)],
    ['exp()', (a) => a.exp(), real(-20, 20)],
    ['log()', (a) => a.log(), real(0.01, 100)],
    ['tanh()', (a) => a.tanh(), real(-5, 5)],
    ['relu()', (a) => a.relu(), awayFromZero(1e-3, 100)],
    ['sigmoid()', (a) => a.sigmoid(), real(-20, 20)],
  ];
  for (const [name, f, xa] of unaryCases) {
    it(`backward() through a.${name} matches finite differences in a`, () => {
      fc.assert(fc.property(xa, (a) => expectGradientsMatchFiniteDifferences(f, [a])));
    });
  }

  it('localGradients() lists d node / d parent in parents order', () => {
    const x = new Value(3);
    const y = new Value(-2);
    expect(localGradients(x.mul(y))).toEqual([-2, 3]);
    expect(localGradients(x.div(y))).toEqual([-0.5, -0.75]);
    expect(localGradients(x.pow(2))).toEqual([6]);
    expect(localGradients(x)).toEqual([]);
  });
});

/**
 * A random straight-line program over three inputs: each step applies an op to earlier
 * registers, chosen by index, so subexpressions are shared and reused. Ops keep values in
 * a tame range (denominators and log arguments are 1 + r², never near zero).
 */
const OPS: ((r: Value, s: Value) => Value)[] = [
  (r, s) => r.add(s),
  (r, s) => r.sub(s),
  (r, s) => r.mul(s),
  (r, s) => r.div(s.mul(s).add(1)),
  (r) => r.tanh(),
  (r) => r.sigmoid(),
  (r) => r.mul(r).add(1).log(),
  (r, s) => r.mul(0.5).add(s.tanh()),
  (r) => r.tanh().exp(),
  (r) => r.mul(r).add(1).pow(0.5),
  (r, s) => r.mul(r).add(1).pow(s.tanh()),
];
const program = fc.array(
  fc.record({ op: fc.nat({ max: OPS.length - 1 }), r: fc.nat(), s: fc.nat() }),
  { minLength: 1, maxLength: 30 },
);
function runProgram(steps: { op: number; r: number; s: number }[], inputs: Value[]): Value {
  const regs = inputs.slice();
  for (const { op, r, s } of steps) {
    const f = OPS[op] as (r: Value, s: Value) => Value;
    regs.push(f(regs[r % regs.length] as Value, regs[s % regs.length] as Value));
  }
  return regs[regs.length - 1] as Value;
}

describe('backward() on composed expressions', () => {
  it('backward() matches finite differences on random programs with shared subexpressions', () => {
    fc.assert(
      fc.property(program, fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), (steps, xs) => {
        expectGradientsMatchFiniteDifferences((...inputs) => runProgram(steps, inputs), xs);
      }),
      { numRuns: 300 },
    );
  });

  it("backward() reproduces micrograd's sanity check: y = -20, dy/dx = 46", () => {
    const x = new Value(-4);
    const z = x.mul(2).add(2).add(x);
    const q = z.relu().add(z.mul(x));
    const h = z.mul(z).relu();
    const y = h.add(q).add(q.mul(x));
    y.backward();
    expect(y.data).toBe(-20);
    expect(x.grad).toBe(46);
  });

  it("backward() reproduces micrograd's test_more_ops golden values", () => {
    const { a, b, g } = moreOps();
    g.backward();
    expect(g.data).toBe(24.70408163265306);
    expect(a.grad).toBe(138.83381924198252);
    expect(b.grad).toBe(645.5772594752186);
    // The exact rationals: g = 2421/98, dg/da = 47620/343, dg/db = 221433/343. dg/da lands one
    // ulp above the correctly rounded 47620/343, as it does in micrograd (PyTorch agrees).
    expect(g.data).toBe(2421 / 98);
    expect(Math.abs(a.grad - 47620 / 343)).toBeLessThanOrEqual(ulp(47620 / 343));
    expect(b.grad).toBe(221433 / 343);
  });
});

/** micrograd's test_more_ops expression, with its leaves. */
function moreOps(): { a: Value; b: Value; g: Value } {
  const a = new Value(-4);
  const b = new Value(2);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(new Value(1).add(c).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(new Value(3).mul(d).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2);
  g = g.add(new Value(10).div(f));
  return { a, b, g };
}

function ulp(x: number): number {
  return Math.pow(2, Math.floor(Math.log2(Math.abs(x))) - 52);
}

describe('backward() semantics', () => {
  it('backward() accumulates into a node used several times: a*a gives 2a', () => {
    const a = new Value(3);
    a.mul(a).backward();
    expect(a.grad).toBe(6);
    const b = new Value(-1.5);
    b.add(b).add(b).backward();
    expect(b.grad).toBe(3);
  });

  it('backward() called twice without zeroGrad() adds the same gradient again to every leaf, exactly', () => {
    const { a, b, g } = moreOps();
    g.backward();
    const first = [a.grad, b.grad];
    const inner = g.parents.map((p) => p.grad);
    g.backward();
    expect(a.grad).toBe(2 * (first[0] as number));
    expect(b.grad).toBe(2 * (first[1] as number));
    // Inner nodes start from zero each call, so they are not doubled (micrograd gives 1852.27 here).
    expect(g.parents.map((p) => p.grad)).toEqual(inner);
  });

  it('backward() called k times adds k times one call\'s gradient to every leaf, for random programs', () => {
    fc.assert(
      fc.property(program, fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)), fc.integer({ min: 2, max: 4 }), (steps, xs, k) => {
        const leaves = xs.map((x) => new Value(x));
        const y = runProgram(steps, leaves);
        y.backward();
        const once = leaves.map((l) => l.grad);
        for (let i = 1; i < k; i++) y.backward();
        leaves.forEach((l, i) => expect(l.grad).toBe(k * (once[i] as number)));
      }),
    );
  });

  it('zeroGrad() resets the given values so the next backward() starts afresh', () => {
    const { a, b, g } = moreOps();
    g.backward();
    const first = [a.grad, b.grad];
    zeroGrad([a, b]);
    expect([a.grad, b.grad]).toEqual([0, 0]);
    g.backward();
    expect([a.grad, b.grad]).toEqual(first);
  });

  it('backward() on a leaf adds 1 to its own gradient', () => {
    const a = new Value(2);
    a.backward();
    a.backward();
    expect(a.grad).toBe(2);
  });

  it('backward() gives its root gradient 1 and leaves an unrelated leaf untouched', () => {
    const a = new Value(2);
    const other = new Value(5);
    other.grad = 0.25;
    const y = a.tanh();
    y.backward();
    expect(y.grad).toBe(1);
    expect(other.grad).toBe(0.25);
  });

  it('backward() on each of two roots sharing a subgraph, with zeroGrad() between, gives each root\'s gradient', () => {
    const x = new Value(0.7);
    const s = x.tanh();
    const y1 = s.mul(3);
    const y2 = s.mul(s);
    y1.backward();
    expect(x.grad).toBeCloseTo(3 * (1 - Math.tanh(0.7) ** 2), 15);
    zeroGrad([x]);
    y2.backward();
    expect(x.grad).toBeCloseTo(2 * Math.tanh(0.7) * (1 - Math.tanh(0.7) ** 2), 15);
  });

  it('backward() on two roots sharing a subgraph, without zeroGrad() between, sums both gradients on shared leaves', () => {
    // s = tanh(x w), y1 = 3 s, y2 = s² + w. With d s = (1 - s²)(w dx + x dw):
    // dy1/dx = 3 (1 - s²) w, dy1/dw = 3 (1 - s²) x; dy2/dx = 2 s (1 - s²) w, dy2/dw = 2 s (1 - s²) x + 1.
    const x = new Value(0.7, 'x');
    const w = new Value(-1.3, 'w');
    const s = x.mul(w).tanh();
    const y1 = s.mul(3);
    const y2 = s.mul(s).add(w);
    y1.backward();
    y2.backward();
    const t = Math.tanh(0.7 * -1.3);
    const slope = 1 - t * t;
    expect(close(x.grad, 3 * slope * -1.3 + 2 * t * slope * -1.3, 1e-14, 0)).toBe(true);
    expect(close(w.grad, 3 * slope * 0.7 + 2 * t * slope * 0.7 + 1, 1e-14, 0)).toBe(true);
    // The shared inner node holds the last call's gradient only, dy2/ds = 2 s, not 3 + 2 s.
    expect(close(s.grad, 2 * t, 1e-15, 0)).toBe(true);
  });

  it('backward() on an inner node of another root, then on that root, gives each its own gradient', () => {
    // inner = x tanh(x) is an inner node of outer = inner² + tanh(x). inner.backward() leaves
    // inner.grad = 1; outer.backward() must start it from zero again, or that 1 would flow to x.
    // d inner/dx = t + x (1 - t²); d outer/dx = 2 inner (t + x (1 - t²)) + (1 - t²), t = tanh x.
    const x = new Value(0.9, 'x');
    const u = x.tanh();
    const inner = u.mul(x);
    const outer = inner.mul(inner).add(u);
    const t = Math.tanh(0.9);
    const dInner = t + 0.9 * (1 - t * t);
    const dOuter = 2 * (t * 0.9) * dInner + (1 - t * t);
    inner.backward();
    expect(inner.grad).toBe(1);
    expect(close(x.grad, dInner, 1e-15, 0)).toBe(true);
    zeroGrad([x]);
    outer.backward();
    expect(close(inner.grad, 2 * t * 0.9, 1e-15, 0)).toBe(true);
    expect(close(x.grad, dOuter, 1e-14, 0)).toBe(true);
    // Without zeroGrad() in between, the leaf holds the sum of the two calls.
    zeroGrad([x]);
    inner.backward();
    outer.backward();
    expect(close(x.grad, dInner + dOuter, 1e-14, 0)).toBe(true);
  });

  it('backward() works again on new nodes built on the same leaves (and on old inner nodes) after a first call', () => {
    const a = new Value(1.25, 'a');
    const b = new Value(-0.5, 'b');
    const ab = a.mul(b);
    ab.backward();
    expect([a.grad, b.grad]).toEqual([-0.5, 1.25]);
    zeroGrad([a, b]);
    // y2 = exp((a + b) a): dy2/da = y2 (2a + b), dy2/db = y2 a.
    const y2 = a.add(b).mul(a).exp();
    y2.backward();
    const e = Math.exp((1.25 - 0.5) * 1.25);
    expect(close(a.grad, e * (2 * 1.25 - 0.5), 1e-14, 0)).toBe(true);
    expect(close(b.grad, e * 1.25, 1e-14, 0)).toBe(true);
    zeroGrad([a, b]);
    // y3 = (ab)² + exp(a), built on the first call's inner node ab: dy3/da = 2 a b² + exp(a), dy3/db = 2 a² b.
    const y3 = ab.mul(ab).add(a.exp());
    y3.backward();
    expect(close(a.grad, 2 * 1.25 * 0.25 + Math.exp(1.25), 1e-14, 0)).toBe(true);
    expect(close(b.grad, 2 * 1.5625 * -0.5, 1e-15, 0)).toBe(true);
  });

  it('backward() walks a chain of 1,000,000 nodes without recursion', () => {
    const x = new Value(1);
    let y = x;
    const n = 1_000_000 / SHRINK;
    for (let i = 0; i < n; i++) y = y.mul(1.000001);
    y.backward();
    // d/dx x·c^n = c^n; the product rounds once per step, so compare with the closed form loosely.
    expect(x.grad).toBeCloseTo(Math.pow(1.000001, n), 6);
    expect(x.grad).toBe(y.data);
  });

  it('backward() on a ladder with 2^200 paths, y = y*0.5 + y*0.5, visits each of its 601 nodes once', () => {
    const x = new Value(3);
    let y = x;
    for (let i = 0; i < 200; i++) y = y.mul(0.5).add(y.mul(0.5));
    y.backward();
    expect(y.data).toBe(3);
    expect(x.grad).toBe(1);
    // One visit per node: 3 per rung plus the leaf, not one per path.
    expect(topologicalOrder(y)).toHaveLength(601);
  });

  it('backward() on a ladder 100,000 rungs deep gives dy/dx = 1', () => {
    const x = new Value(3);
    let y = x;
    for (let i = 0; i < 100_000 / SHRINK; i++) y = y.mul(0.5).add(y.mul(0.5));
    y.backward();
    expect(x.grad).toBe(1);
  });
});

describe('Value at kinks and domain edges (the README table)', () => {
  const at = (x: number, f: (v: Value) => Value): [number, number] => {
    const v = new Value(x);
    const y = f(v);
    y.backward();
    return [y.data, v.grad];
  };

  it('relu() has derivative 0 at 0 (and at -0)', () => {
    expect(at(0, (v) => v.relu())).toEqual([0, 0]);
    expect(at(-0, (v) => v.relu())).toEqual([0, 0]);
  });
  it('relu() passes NaN through rather than hiding it as 0', () => {
    expect(at(NaN, (v) => v.relu())[0]).toBeNaN();
  });
  it('log() gives -Infinity with gradient Infinity at 0, NaN with gradient -1 at -1', () => {
    expect(at(0, (v) => v.log())).toEqual([-Infinity, Infinity]);
    const [y, g] = at(-1, (v) => v.log());
    expect(y).toBeNaN();
    expect(g).toBe(-1);
  });
  it('pow() of a negative base to a fractional power gives NaN, value and gradient', () => {
    const [y, g] = at(-8, (v) => v.pow(1 / 3));
    expect(y).toBeNaN();
    expect(g).toBeNaN();
  });
  it('pow(0) gives 1 with gradient 0 everywhere, including at 0', () => {
    expect(at(0, (v) => v.pow(0))).toEqual([1, 0]);
    expect(at(-2, (v) => v.pow(0))).toEqual([1, 0]);
  });
  it('pow(0.5) at 0 has gradient Infinity', () => {
    expect(at(0, (v) => v.pow(0.5))).toEqual([0, Infinity]);
  });
  it('pow(b) of base 0 has gradient 0 with respect to b >= 0 (the limit from a > 0)', () => {
    const a = new Value(0);
    const b = new Value(2);
    const y = a.pow(b);
    y.backward();
    expect([y.data, a.grad, b.grad]).toEqual([0, 0, 0]);
  });
  it('div() by zero gives ±Infinity and 0/0 gives NaN, with IEEE gradients', () => {
    const a = new Value(1);
    const b = new Value(0);
    const y = a.div(b);
    y.backward();
    expect([y.data, a.grad, b.grad]).toEqual([Infinity, Infinity, -Infinity]);
    expect(at(0, (v) => v.div(0))[0]).toBeNaN();
  });
  it('exp() overflows to Infinity; tanh() and sigmoid() saturate with gradient 0', () => {
    expect(at(1000, (v) => v.exp())).toEqual([Infinity, Infinity]);
    expect(at(1000, (v) => v.tanh())).toEqual([1, 0]);
    expect(at(-1000, (v) => v.tanh())).toEqual([-1, 0]);
    expect(at(1000, (v) => v.sigmoid())).toEqual([1, 0]);
    expect(at(-1000, (v) => v.sigmoid())).toEqual([0, 0]);
  });
  it('mul(), tanh() and add() propagate NaN and Infinity without throwing', () => {
    expect(at(NaN, (v) => v.mul(2).tanh())[0]).toBeNaN();
    expect(at(Infinity, (v) => v.add(1))).toEqual([Infinity, 1]);
  });
});

describe('Value rejects bad operands', () => {
  const bad = BAD_OPERANDS;
  const ops = ['add', 'sub', 'mul', 'div', 'pow'] as const;
  for (const op of ops) {
    for (const [operand, shown] of bad) {
      it(`${op}() throws a TypeError naming the op and ${String(shown)}`, () => {
        const a = new Value(1);
        const call = () => (a[op] as (o: unknown) => Value)(operand);
        expect(call).toThrow(TypeError);
        expect(call).toThrow(new RegExp(`Value\\.${op}`));
        expect(call).toThrow(shown);
      });
    }
  }

  it('new Value() throws a TypeError for non-number data and a non-string label', () => {
    expect(() => new Value('1' as unknown as number)).toThrow(/new Value: data must be a number, got string "1"/);
    expect(() => new Value(undefined as unknown as number)).toThrow(TypeError);
    expect(() => new Value(1n as unknown as number)).toThrow(/bigint 1n/);
    expect(() => new Value(1, 7 as unknown as string)).toThrow(/label must be a string, got number 7/);
  });

  it('zeroGrad() throws a TypeError for something that is not a Value', () => {
    expect(() => zeroGrad([new Value(1), 2 as unknown as Value])).toThrow(/zeroGrad: expected Values, got number 2/);
  });

  it('zeroGrad() throws a TypeError for a single Value or a non-iterable, rather than a raw runtime error', () => {
    expect(() => zeroGrad(new Value(1) as unknown as Value[])).toThrow(/zeroGrad: expected an array \(or iterable\) of Values, got an object/);
    expect(() => zeroGrad(undefined as unknown as Value[])).toThrow(/got undefined/);
  });

  it('localGradients() throws a TypeError naming a non-Value', () => {
    expect(() => localGradients(3 as unknown as Value)).toThrow(/localGradients: expected a Value, got number 3/);
  });
});

describe('Value.toJSON()', () => {
  it('toJSON() summarises the node without walking a deep graph', () => {
    let y = new Value(1, 'x');
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    y.grad = 0.5;
    expect(JSON.parse(JSON.stringify(y))).toEqual({ data: 100_001, grad: 0.5, label: '', op: '+' });
    expect(JSON.stringify(new Value(2, 'w'))).toBe('{"data":2,"grad":0,"label":"w","op":""}');
  });
});
