/**
 * Tests written to kill the mutants of gradients.ts that `npm run mutation` would let through (see
 * docs/mutation-testing.md). Each expectation is a closed form or hand-computed, or backward() or
 * jvp()'s numeric path on the same graph, which compute with value.ts's own table of local
 * derivatives: none compares gradients() with itself.
 */
import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, gradients, jvp, noGrad, topologicalOrder } from '../../../src/index.js';
import { backwardGradient } from '../../support/oracles.js';
import { caught } from '../../support/caught.js';

type F = (...xs: Value[]) => Value;

/** gradients() of f at xs, as numbers. */
function graphGradient(f: F, xs: readonly number[]): number[] {
  const leaves = xs.map((x) => new Value(x));
  return gradients(f(...leaves), leaves).map((g) => g.data);
}

/** Numbers as written, with -0 shown as -0, so that a failing Object.is comparison says which zero. */
const show = (xs: readonly number[]) => `[${xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(', ')}]`;

/** Asserts gradients() and backward() give these very bits (the sign of a zero included), and returns them. */
function expectBits(f: F, xs: readonly number[], expected: readonly number[]): void {
  const fromBackward = backwardGradient(f, xs);
  const fromGraph = graphGradient(f, xs);
  expect(show(fromBackward), `backward() at ${show(xs)}`).toBe(show(expected));
  expect(show(fromGraph), `gradients() at ${show(xs)}`).toBe(show(expected));
}

/** How many Values a result is built from (itself included). */
const size = (v: Value) => topologicalOrder(v).length;

describe('gradients() at the kinks: the slopes backward() uses', () => {
  it('relu and abs at +0 and -0 have slope 0; abs has slope 1 above 0 and -1 below', () => {
    for (const zero of [0, -0]) {
      expectBits((a) => (a as Value).relu(), [zero], [0]);
      expectBits((a) => (a as Value).abs(), [zero], [0]);
    }
    expectBits((a) => (a as Value).relu(), [1e-300], [1]);
    expectBits((a) => (a as Value).abs(), [1e-300], [1]);
    expectBits((a) => (a as Value).abs(), [-1e-300], [-1]);
  });

  it('max and min at a tie split the slope 0.5 / 0.5, with a Value or a number as the other side', () => {
    expectBits((a, b) => (a as Value).max(b as Value), [1.5, 1.5], [0.5, 0.5]);
    expectBits((a, b) => (a as Value).min(b as Value), [1.5, 1.5], [0.5, 0.5]);
    expectBits((a) => (a as Value).max(0.5), [0.5], [0.5]);
    expectBits((a) => (a as Value).min(0.5), [0.5], [0.5]);
    // Off the tie, the winner takes 1: max picks the larger, min the smaller.
    expectBits((a, b) => (a as Value).max(b as Value), [2, 1], [1, 0]);
    expectBits((a, b) => (a as Value).min(b as Value), [2, 1], [0, 1]);
  });
});

describe('gradients() of pow at base 0: the slopes backward() uses', () => {
  it('x ** k for a Value k at x = 0: d/dx = k·0^(k-1) (0 for k > 1, ±Infinity for k < 1, 0 at k = 0), d/dk = 0 for k >= 0', () => {
    const pow: F = (a, b) => (a as Value).pow(b as Value);
    expectBits(pow, [0, 2], [0, 0]); // 2·0¹ = 0
    expectBits(pow, [0, 3], [0, 0]); // 3·0² = 0
    expectBits(pow, [0, 0.5], [Infinity, 0]); // 0.5·0^-0.5
    expectBits(pow, [0, -1], [-Infinity, -Infinity]); // -1·0^-2; d/dk = 0^-1 · ln 0 = Infinity · -Infinity
    expectBits(pow, [0, 0], [0, 0]); // the x**0 rule, and PyTorch's d/dk = 0 at x = 0, k >= 0
  });

  it('x ** 0 for a number exponent has gradient 0 at x = 0 and at NaN, where 0 · x^-1 would be NaN', () => {
    expectBits((a) => (a as Value).pow(0), [0], [0]);
    expectBits((a) => (a as Value).pow(0), [NaN], [0]);
    expectBits((a) => (a as Value).pow(0), [3], [0]);
  });

  it('a slope that underflows to -0 stays -0 in a composable jvp, as in jvp over numbers (closed form -2·x^-3 at x = 1e300)', () => {
    // jvp with Value inputs builds its tangents from gradients()'s local derivatives; with numbers it
    // uses backward()'s. The tangent is 1 · slope, so the slope's sign shows: -2 · 1e-900 rounds to -0.
    const pow = (x: Value, k: Value) => x.pow(k);
    const [, numeric] = jvp(pow, [1e300, -2], [1, 0]);
    const [, composable] = jvp(pow, [new Value(1e300), new Value(-2)], [1, 0]);
    expect(show([numeric])).toBe('[-0]');
    expect(show([composable.data])).toBe('[-0]');
    // In the exponent: d/dk x^k = x^k ln x = 0 · ln 0.5 = -0 at x = 0.5, k = 2000 (0.5^2000 underflows).
    const [, numericK] = jvp(pow, [0.5, 2000], [0, 1]);
    const [, composableK] = jvp(pow, [new Value(0.5), new Value(2000)], [0, 1]);
    expect(show([numericK])).toBe('[-0]');
    expect(show([composableK.data])).toBe('[-0]');
  });

  it("compile() refuses pow's build-time branch and names it in the message", () => {
    for (const [a, k] of [
      [2, 3],
      [0, 0],
    ] as const) {
      const x = new Value(a);
      const y = new Value(k);
      const [gx, gy] = gradients(x.pow(y), [x, y]) as [Value, Value];
      for (const g of [gx, gy]) {
        const err = caught(() => compile(g)) as Error;
        expect(err).toBeInstanceOf(Error);
        expect(err.message).toMatch(/^compile: the graph holds a value fixed when it was built /);
        expect(err.message.endsWith(" (label 'pow's derivative, branch chosen at build time')")).toBe(true);
      }
    }
  });
});

describe('gradients() through a custom op', () => {
  // 2x + 3y: its two local derivatives differ, so a mix-up of the two shows.
  const affine = customOp({ name: 'affine', forward: (x, y) => 2 * x + 3 * (y as number), derivatives: () => [2, 3] });

  it('a two-input op without derivativeValues: d/dx = 2 and d/dy = 3, its own derivatives', () => {
    const x = new Value(0.25);
    const y = new Value(-4);
    expect(gradients(affine(x, y), [x, y]).map((g) => g.data)).toEqual([2, 3]);
    expect(gradients(affine(x, y).mul(y), [x, y]).map((g) => g.data)).toEqual([-8, 2 * 0.25 + 3 * -4 + 3 * -4]);
  });

  it('a second derivative through an op without derivativeValues throws, naming gradients and the op', () => {
    const x = new Value(0.25);
    const y = new Value(-4);
    const [dx, dy] = gradients(affine(x, y), [x, y]) as [Value, Value];
    const message =
      "gradients: cannot differentiate the derivative of custom op 'affine' a second time; give the op derivativeValues to make its derivative differentiable";
    expect(() => gradients(dx, [x])).toThrow(new Error(message));
    expect(() => gradients(dy, [y])).toThrow(new Error(message));
  });
});

describe('gradients() refuses a corrupted graph rather than give a wrong number', () => {
  it('throws on a node whose op code has no derivative', () => {
    const x = new Value(1);
    const y = x.exp();
    (y as unknown as { _code: number })._code = 99;
    expect(() => gradients(y, [x])).toThrow(new Error('memograd: unknown op code 99'));
  });

  it('throws on a one-input op given a second parent', () => {
    const x = new Value(1);
    const y = x.exp();
    (y as unknown as { _b: Value })._b = new Value(2);
    expect(() => gradients(y, [x])).toThrow(/^memograd: op code \d+ has no second parent$/);
  });
});

describe('gradients() checks its arguments', () => {
  it('throws a TypeError naming gradients for options that are not an object, or a checkFinite that is not a boolean', () => {
    const x = new Value(2);
    expect(() => gradients(x.mul(x), [x], null as never)).toThrow(new TypeError('gradients: options must be an object, got null'));
    expect(() => gradients(x.mul(x), [x], { checkFinite: 1 } as never)).toThrow(new TypeError('gradients: checkFinite must be a boolean, got number 1'));
    expect(gradients(x.mul(x), [x], { checkFinite: false }).map((g) => g.data)).toEqual([4]);
  });

  it('throws inside noGrad(), where the graph of the gradient would not be recorded', () => {
    const x = new Value(2);
    const y = x.mul(x);
    expect(() => noGrad(() => gradients(y, [x]))).toThrow(
      new Error('gradients: cannot build gradients inside noGrad(): the graph they are made of would not be recorded'),
    );
  });
});

describe('gradients() hands back nodes of its own, and builds only the nodes it needs', () => {
  it("never returns a node of the caller's graph, nor the same object twice", () => {
    const x = new Value(3);
    const y = new Value(5);
    const xy = x.mul(y);
    // d(xy)/dx is y itself and d(xy)/dy is x: the results are fresh nodes with those values.
    const [dx, dy, dxAgain] = gradients(xy, [x, y, x]) as [Value, Value, Value];
    expect([dx.data, dy.data, dxAgain.data]).toEqual([5, 3, 5]);
    for (const g of [dx, dy, dxAgain]) expect([x, y, xy]).not.toContain(g);
    expect(dxAgain).not.toBe(dx);
    // The same for a fresh result asked for twice: d(xyz)/dx = zy.
    const z = new Value(7);
    const [a, b] = gradients(xy.mul(z), [x, x]) as [Value, Value];
    expect([a.data, b.data]).toEqual([35, 35]);
    expect(b).not.toBe(a);
  });

  it('multiplies by no local derivative of 1 and no seed of 1: d(x + y)/dx is one node, d(xy)/dx two, d(xyz)/dx three', () => {
    // x + y: both gradients are the seed 1 (the second a copy of it, seed·1, since the same object is never handed out twice).
    const x = new Value(3);
    const y = new Value(5);
    const z = new Value(7);
    const [sx, sy] = gradients(x.add(y), [x, y]) as [Value, Value];
    expect([sx.data, sy.data]).toEqual([1, 1]);
    expect([size(sx), size(sy)]).toEqual([1, 2]);
    // x·y: the gradient is y, copied as y·1 (y and the copy).
    const [px] = gradients(x.mul(y), [x]) as [Value];
    expect(px.data).toBe(5);
    expect(size(px)).toBe(2);
    // x·y·z: z·y, a fresh node, handed back as it is (z, y and their product).
    const [qx] = gradients(x.mul(y).mul(z), [x]) as [Value];
    expect(qx.data).toBe(35);
    expect(size(qx)).toBe(3);
  });
});

describe("gradients() reads the op table's Value slopes (ops.ts's slopeAValue)", () => {
  it('x / 2: d/dx is the seed times the number 1/2 folded in, two nodes (the seed and one multiply), as for x * 0.5', () => {
    const x = new Value(3);
    const [d] = gradients(x.div(2), [x]) as [Value];
    expect(d.data).toBe(0.5);
    // A slope built as the Value 1 / 2 would add its two nodes (a leaf 1 and the division) to the graph.
    expect(topologicalOrder(d).map((n) => n.op)).toEqual(['', '*']);
    expect(d.parents).toHaveLength(1);
  });

  it('x ** k for a Value k at k = 0 keeps d/dx a function of k: d/dk (k·x^(k-1)) = x^(k-1)·(1 + k ln x) = 1/x there', () => {
    for (const [a, want] of [[2, 0.5], [4, 0.25], [0.5, 2]] as const) {
      const x = new Value(a);
      const k = new Value(0);
      const [dx] = gradients(x.pow(k), [x]) as [Value];
      expect(dx.data).toBe(0);
      const [dxdk] = gradients(dx, [k]) as [Value];
      expect(dxdk.data, `x = ${a}`).toBe(want);
    }
  });
});
