import { describe, expect, it } from 'vitest';
import { AUTO_GENERATE_MAX_NODES, Value, compile } from '../../../src/index.js';

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
      expect(c.stats).toEqual(scanned ? { scan: { units: steps - 1, nodesPerUnit: 2 } } : {});
      const out = c.run();
      const xr = new Value(0.25);
      const ref = chainAndProducts(xr, steps, products);
      ref.backward();
      expect(Object.is(out, ref.data)).toBe(true);
      expect(Object.is(x.grad, xr.grad)).toBe(true);
    }
  });
});
