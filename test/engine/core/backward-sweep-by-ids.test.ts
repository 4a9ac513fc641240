/**
 * The differential test of backward()'s hand-tuned sweep (the sweep by ids, down the walk by
 * offsets) against the reference sweep over the flat tape (the one backward() uses with
 * checkFinite and where ids cannot order the graph): Object.is on every node's gradient, signed
 * zeros and NaN included, at kinks and singular points, with leaves moved after the build.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp, topologicalOrder } from '../../../src/index.js';
import { referenceBackward } from '../../../src/engine/core/value.js';
import { walkStats } from '../../../src/engine/core/topo.js';
import { ALL_OPS, programArbitrary, runProgram, type Op } from '../../../src/testing/programs.js';

/** Every node's gradient after two calls (leaves accumulate) of `sweep` from zeroed grads, in topological order. */
function gradsBy(root: Value, sweep: (root: Value) => void): number[] {
  const order = topologicalOrder(root);
  for (const n of order) n.grad = 0;
  sweep(root);
  const once = order.map((n) => n.grad);
  sweep(root);
  return [...once, ...order.map((n) => n.grad)];
}

/** backward() by ids (checked not to fall back) against the reference sweep, bit for bit. */
function expectSweepByIdsAsReference(root: Value): void {
  const before = walkStats.fallbacks;
  const byIds = gradsBy(root, (r) => r.backward());
  expect(walkStats.fallbacks).toBe(before);
  const reference = gradsBy(root, referenceBackward);
  expect(byIds).toHaveLength(reference.length);
  byIds.forEach((g, i) => {
    if (!Object.is(g, reference[i])) throw new Error(`gradient ${i}: sweep by ids ${g}, reference sweep ${reference[i]}`);
  });
}

const steep = customOp({ name: 'steep', forward: (x: number) => Math.cbrt(x), derivatives: (_out, x) => [x === 0 ? Infinity : 1 / (3 * Math.cbrt(x) ** 2)] });
// Ops that make gradients exactly 0 (relu off, a max's loser, × 0) and ops whose local derivative
// is infinite at a finite point: where skipping a zero gradient would be wrong.
const EDGE_OPS: readonly Op[] = [
  ...ALL_OPS,
  (r) => r.relu(),
  (r, s) => r.mul(s).relu(),
  (r) => r.sqrt(),
  (r) => r.log(),
  (r) => r.pow(0.5),
  (r, s) => r.div(s),
  (r) => r.mul(Infinity),
  (r) => steep(r),
  (r, s) => r.max(s).mul(0),
];
const edgeInput = fc.oneof(fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, Infinity, -Infinity, NaN), fc.double({ min: -3, max: 3, noNaN: true }));
const movedInput = fc.oneof(fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, -1, 710), fc.double({ min: -3, max: 3, noNaN: true }));

describe("backward()'s sweep by ids", () => {
  it('gives the reference sweep bit for bit on random programs over every op, kinks and singular points included', () => {
    fc.assert(
      fc.property(programArbitrary(EDGE_OPS, 24), fc.array(edgeInput, { minLength: 1, maxLength: 4 }), (steps, xs) => {
        expectSweepByIdsAsReference(runProgram(EDGE_OPS, steps, xs.map((x) => new Value(x))));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the reference sweep bit for bit when the leaves move to ±0, ±Infinity, NaN and subnormals after the build', () => {
    fc.assert(
      fc.property(
        programArbitrary(EDGE_OPS, 24),
        fc.array(edgeInput, { minLength: 1, maxLength: 4 }),
        fc.array(movedInput, { minLength: 4, maxLength: 4 }),
        (steps, xs, moved) => {
          const leaves = xs.map((x) => new Value(x));
          const root = runProgram(EDGE_OPS, steps, leaves);
          leaves.forEach((l, i) => (l.data = moved[i] as number));
          expectSweepByIdsAsReference(root);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('y = x·w, root = y·0 + x, then w.data = Infinity: the same NaN by both sweeps', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const root = x.mul(w).mul(0).add(x);
    w.data = Infinity;
    expectSweepByIdsAsReference(root);
    expect(x.grad).toBeNaN();
  });

  it('gives the reference sweep bit for bit where parents wait far away (beyond the ring) and the tables grow', () => {
    // Each term reads x and the first product, made thousands of nodes earlier: far parents, and
    // more offsets than the walk's first tables hold.
    const [x, y] = [new Value(0.7, 'x'), new Value(-1.3, 'y')];
    const first = x.mul(y);
    let s = first.tanh();
    for (let i = 0; i < 6000; i++) s = s.add(first.mul(i % 7 === 0 ? 0 : 1e-3)).mul(0.999).add(x.relu());
    expectSweepByIdsAsReference(s.mul(s.sin()));
  });
});
