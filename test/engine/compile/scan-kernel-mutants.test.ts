import { describe, expect, it } from 'vitest';
import { AUTO_GENERATE_MAX_NODES, Value, compile } from '../../../src/index.js';
import { TIER_UP_AFTER } from '../../../src/engine/compile/tiered.js';

// Tests written for mutants of src/engine/compile/scan-kernel.ts that the other scan tests let
// through (docs/mutation-testing.md). Each oracle is independent of the kernel: backward() on the
// same graph, bit for bit, and hand counts of the nodes outside the loop.

/**
 * A chain of `steps` units y = tanh(0.9·y) from x (its first unit runs outside the loop, its carry
 * being a leaf), then `products` products that each read the two before them (no chain: all
 * straight-line code), then their sum with the chain. Outside the loop: the first unit (2), neg,
 * exp, the products and the sum, so `products + 5` ops; in one unit, 2.
 */
function chainAndProducts(x: Value, steps: number, products: number): Value {
  let y = x;
  for (let i = 0; i < steps; i++) y = y.mul(0.9).tanh();
  let [p, q] = [x.neg(), x.exp()];
  for (let i = 0; i < products; i++) [p, q] = [q, q.mul(p)];
  return y.add(q);
}

describe('compile(): the scan kernel at its bound on straight-line code in auto mode', () => {
  it('compile() in auto mode runs the loop when the ops outside it plus one unit are exactly AUTO_GENERATE_MAX_NODES, and interprets one op more, bit for bit with backward()', () => {
    const steps = AUTO_GENERATE_MAX_NODES;
    // outside + 2 = AUTO_GENERATE_MAX_NODES: products = AUTO_GENERATE_MAX_NODES - 7.
    for (const [products, scanned] of [
      [AUTO_GENERATE_MAX_NODES - 7, true],
      [AUTO_GENERATE_MAX_NODES - 6, false],
    ] as const) {
      const x = new Value(0.25);
      const root = chainAndProducts(x, steps, products);
      const c = compile(root);
      expect(c.mode).toBe(scanned ? 'generated' : 'interpreted');
      // Interpreted, it waits to tier up (a chain is no sum of copies: the switch will keep the interpreter).
      expect(c.stats).toEqual(scanned ? { scan: { units: steps - 1, nodesPerUnit: 2 } } : { tierUp: { after: TIER_UP_AFTER, state: 'waiting' } });
      const out = c.run();
      const xr = new Value(0.25);
      const ref = chainAndProducts(xr, steps, products);
      ref.backward();
      expect(Object.is(out, ref.data)).toBe(true);
      expect(Object.is(x.grad, xr.grad)).toBe(true);
    }
  });
});

/**
 * x, then `steps` averaging steps [p, q] -> [q, (q + p)·0.5] (each reads the two before: no chain),
 * a chain of `units` steps y = tanh(y·w) from their result, and `steps` more averaging steps from
 * the chain's end and w. Values stay finite, so every gradient counts each contribution.
 */
function averagedChain(xs: readonly number[], steps: number, units: number): { root: Value; leaves: Value[] } {
  const leaves = xs.map((x) => new Value(x));
  const [x, w] = leaves as [Value, Value];
  let [p, q] = [x, x.mul(0.5)];
  for (let i = 0; i < steps; i++) [p, q] = [q, q.add(p).mul(0.5)];
  let y = q;
  for (let i = 0; i < units; i++) y = y.mul(w).tanh();
  [p, q] = [y, w.mul(y)];
  for (let i = 0; i < steps; i++) [p, q] = [q, q.add(p).mul(0.5)];
  return { root: q, leaves };
}

describe('compile(): the scan kernel\'s straight-line code in several functions', () => {
  it('run() with 600 ops before the loop and 600 after it (3 functions of at most 200 statements each) equals backward() bit for bit', () => {
    const xs = [0.75, 0.9];
    const { root, leaves } = averagedChain(xs, 300, 800);
    const c = compile(root, { mode: 'generated' });
    expect(c.stats).toEqual({ scan: { units: 799, nodesPerUnit: 2 } });
    const ref = averagedChain(xs, 300, 800);
    ref.root.backward();
    expect(Object.is(c.run(), ref.root.data)).toBe(true);
    leaves.forEach((l, i) => expect(Object.is(l.grad, (ref.leaves[i] as Value).grad)).toBe(true));
    expect(leaves.every((l) => Number.isFinite(l.grad) && l.grad !== 0)).toBe(true);
  });
});

describe('compile(): the scan kernel on a chain of unfolded powers', () => {
  it('run() on y = tanh(y^w_i) (a Value exponent, including 0) equals backward() bit for bit, and the exponents\' gradients are x^k·ln x at one point (closed form)', () => {
    const n = 12;
    const build = (xs: readonly number[]): { root: Value; leaves: Value[] } => {
      const leaves = xs.map((x) => new Value(x));
      let y = leaves[0] as Value;
      for (let i = 1; i <= n; i++) y = y.pow(leaves[i] as Value).tanh();
      return { root: y, leaves };
    };
    const xs = [0.8, ...Array.from({ length: n }, (_, i) => (i === 3 ? 0 : 1 + 0.1 * i))];
    const { root, leaves } = build(xs);
    const c = compile(root, { mode: 'generated' });
    expect(c.stats.scan?.nodesPerUnit).toBe(3);
    const ref = build(xs);
    ref.root.backward();
    expect(Object.is(c.run(), ref.root.data)).toBe(true);
    leaves.forEach((l, i) => expect(Object.is(l.grad, (ref.leaves[i] as Value).grad)).toBe(true));
    // d/dw (x^w) at w = 0 is ln x (x^0 = 1), nonzero here: a slope of 0 for the exponent would lose it.
    expect(leaves[4]?.grad).not.toBe(0);
  });
});
