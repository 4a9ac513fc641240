/**
 * backward() skips whole subtrees under a node whose gradient is exactly 0 (its parents are not
 * even reached), where the node and everything below it were marked safe when they were made and
 * since then no Value's `.data`, no inner node's `.grad` has been written and no backward() has
 * run. Differential tests against the reference sweep (referenceBackward, the full sweep over the
 * flat tape), Object.is on every node's gradient after two calls, with the counter
 * `backwardStats.skippedSubtrees` showing that skipping happened (at the first call: the first
 * call ends the marks' generation, so the second sweeps in full).
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { Value, topologicalOrder, compile } from '../../../src/index.js';
import { backwardStats, referenceBackward } from '../../../src/engine/core/value.js';
import { walkStats } from '../../../src/engine/core/topo.js';
import { programArbitrary, runProgram, type Op } from '../../../src/testing/programs.js';
import { DEAD_OPS as DEAD_PROGRAM_OPS } from '../../support/dead-ops.js';

/**
 * Every node's gradient after two calls of `sweep` (leaves accumulate) from leaf grads set to
 * `start` (and inner grads too if `inner`: a write that ends the marks' generation), in topological order.
 */
function gradsBy(root: Value, sweep: (root: Value) => void, start: number, inner: boolean): number[] {
  const order = topologicalOrder(root);
  for (const n of order) if (inner || n.parents.length === 0) n.grad = start;
  sweep(root);
  const once = order.map((n) => n.grad);
  sweep(root);
  return [...once, ...order.map((n) => n.grad)];
}

/** backward() (by ids, not falling back) against the reference sweep, bit for bit; returns how many subtrees backward() skipped. */
function expectAsReference(root: Value, start = 0, inner = false): number {
  const fallbacks = walkStats.fallbacks;
  const skipped = backwardStats.skippedSubtrees;
  const byIds = gradsBy(root, (r) => r.backward(), start, inner);
  const skips = backwardStats.skippedSubtrees - skipped;
  expect(walkStats.fallbacks).toBe(fallbacks);
  const reference = gradsBy(root, referenceBackward, start, true);
  expect(byIds).toHaveLength(reference.length);
  byIds.forEach((g, i) => {
    if (!Object.is(g, reference[i])) throw new Error(`gradient ${i}: backward() ${g}, reference sweep ${reference[i]}`);
  });
  return skips;
}

// The ops that make whole subtrees go dead, and ops whose local derivative is infinite at a finite
// point, where skipping would be wrong.
const DEAD_OPS: readonly Op[] = [
  ...DEAD_PROGRAM_OPS,
  (r) => r.stopGradient(),
  (r) => r.sqrt(),
  (r) => r.log(),
  (r) => r.exp(),
  (r) => r.expm1(),
  (r) => r.log1p(),
  (r, s) => r.div(s),
  (r) => r.mul(Infinity),
];
const input = fc.oneof(fc.constantFrom(0, -0, 1, -1, 5e-324, Infinity, -Infinity, NaN), fc.double({ min: -3, max: 3, noNaN: true }));
const moved = fc.oneof(fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -1, 710, 1e200), fc.double({ min: -3, max: 3, noNaN: true }));
const startGrad = fc.constantFrom(0, -0, 1.5, NaN, Infinity);

describe('backward() skips whole subtrees under an exact zero gradient', () => {
  it('gives the reference sweep bit for bit on random programs with dead units, kinks and singular points, over two calls', () => {
    let skips = 0;
    fc.assert(
      fc.property(programArbitrary(DEAD_OPS, 30), fc.array(input, { minLength: 1, maxLength: 4 }), startGrad, (steps, xs, start) => {
        skips += expectAsReference(runProgram(DEAD_OPS, steps, xs.map((x) => new Value(x))), start);
      }),
      { numRuns: 400 },
    );
    // The property ran where skipping happens, not only where it never could.
    expect(skips).toBeGreaterThan(20);
  });

  it('gives the reference sweep bit for bit on random programs whose inner grads were written before the calls', () => {
    fc.assert(
      fc.property(programArbitrary(DEAD_OPS, 30), fc.array(input, { minLength: 1, maxLength: 4 }), startGrad, (steps, xs, start) => {
        expectAsReference(runProgram(DEAD_OPS, steps, xs.map((x) => new Value(x))), start, true);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the reference sweep bit for bit when leaves, or inner nodes, have their data written between the build and backward()', () => {
    fc.assert(
      fc.property(
        programArbitrary(DEAD_OPS, 30),
        fc.array(input, { minLength: 1, maxLength: 4 }),
        fc.array(moved, { minLength: 4, maxLength: 4 }),
        fc.nat(),
        fc.boolean(),
        (steps, xs, to, pick, inner) => {
          const leaves = xs.map((x) => new Value(x));
          const root = runProgram(DEAD_OPS, steps, leaves);
          if (inner) {
            const nodes = topologicalOrder(root).filter((n) => n.parents.length > 0);
            (nodes[pick % nodes.length] as Value).data = to[0] as number;
          } else {
            leaves.forEach((l, i) => (l.data = to[i] as number));
          }
          expectAsReference(root);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('skips the dead half of a relu network (counted), and gives the reference sweep bit for bit there', () => {
    const w = [0.5, -0.25, 0.75, -1].map((v) => new Value(v, 'w'));
    let loss: Value | undefined;
    for (let i = 0; i < 20; i++) {
      const x = i % 2 === 0 ? 1 : -1;
      // Odd samples have a negative unit: relu off, the sample's whole subtree dead.
      const unit = (w[0] as Value).mul(x).add((w[1] as Value).mul(x)).add((w[2] as Value).mul(x * 0.1)).relu();
      const li = unit.mul(w[3] as Value).add(1).relu();
      loss = loss === undefined ? li : loss.add(li);
    }
    const root = (loss as Value).add((w[0] as Value).mul(w[0] as Value));
    const skips = expectAsReference(root);
    // 10 dead samples, at the first call: each dead relu skips its unit's subtree.
    expect(skips).toBe(10);
  });

  it('a skipped inner node reads +0, as the full sweep writes (and a node outside the graph keeps its gradient)', () => {
    const [x, w] = [new Value(2, 'x'), new Value(-3, 'w')];
    const other = x.mul(5); // not in root's graph
    other.backward();
    expect(other.grad).toBe(1);
    const p = x.mul(w); // -6
    const q = p.add(1); // -5
    const r = q.relu(); // 0, relu'(-5) = 0: q's subtree is dead
    const root = r.add(x);
    const before = backwardStats.skippedSubtrees;
    root.backward();
    expect(backwardStats.skippedSubtrees - before).toBe(1);
    expect(Object.is(q.grad, 0)).toBe(true);
    expect(Object.is(p.grad, 0)).toBe(true);
    expect(other.grad).toBe(1);
    expect([x.grad, w.grad]).toEqual([1 + 5, 0]);
  });

  it('does not skip a subtree whose inner node was written after the build: it reads +0 after the call, as the full sweep writes', () => {
    const [x, w] = [new Value(2, 'x'), new Value(-3, 'w')];
    const p = x.mul(w); // -6
    const q = p.add(1); // -5
    const r = q.relu(); // 0: q's subtree is dead
    p.grad = 7; // a user's write to an inner node: replaced by the next backward() through it
    const root = r.add(x);
    const before = backwardStats.skippedSubtrees;
    root.backward();
    expect(backwardStats.skippedSubtrees - before).toBe(0);
    expect(Object.is(q.grad, 0)).toBe(true);
    expect(Object.is(p.grad, 0)).toBe(true);
    expect([x.grad, w.grad]).toEqual([1, 0]);
  });

  it('does not skip at a second call on the same graph: the first call ends the generation, and the second sweeps in full', () => {
    const [x, w] = [new Value(2, 'x'), new Value(-3, 'w')];
    const root = x.mul(w).add(1).relu().add(x); // relu off: x·w + 1's subtree is dead
    const before = backwardStats.skippedSubtrees;
    root.backward();
    root.backward();
    expect(backwardStats.skippedSubtrees - before).toBe(1);
    expect([x.grad, w.grad]).toEqual([2, 0]);
  });

  it('a write to an inner node reads back until the next backward() through it, and changes no gradient', () => {
    const x = new Value(1.5, 'x');
    const y = x.tanh();
    const root = y.mul(y);
    y.grad = 123;
    expect(y.grad).toBe(123);
    root.backward();
    const want = 2 * Math.tanh(1.5) * (1 - Math.tanh(1.5) ** 2);
    expect(x.grad).toBe(want);
    expect(y.grad).toBe(2 * Math.tanh(1.5));
  });

  it('a leaf whose gradient is -0 keeps it when a call adds exactly 0, in both sweeps, skipped or reached', () => {
    for (const sweep of [(r: Value) => r.backward(), referenceBackward]) {
      const [x, w] = [new Value(2), new Value(-3)];
      const root = x.mul(w).relu().add(1); // relu off: x and w get exactly 0
      x.grad = -0;
      w.grad = -0;
      sweep(root);
      expect(Object.is(x.grad, -0) && Object.is(w.grad, -0)).toBe(true);
    }
  });

  it('does not skip a subtree built before a write to any .data: w.data = Infinity after the build gives NaN, as the full sweep', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const y = x.mul(w).mul(-1).relu(); // relu off: dead at the build
    const root = y.add(x);
    w.data = Infinity; // now d(x·w)/dx = Infinity and 0 × Infinity = NaN flows to x
    const before = backwardStats.skippedSubtrees;
    root.backward();
    expect(backwardStats.skippedSubtrees).toBe(before);
    expect(x.grad).toBeNaN();
    expectAsReference(root);
  });

  it('does not mark a node built after a write over an operand built before it: the old operand\'s subtree is swept, NaN as the full sweep', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const a = x.mul(w); // 6, marked in the generation the write ends
    w.data = Infinity; // now d(x·w)/dx = Infinity
    // Built after the write: a's mark belongs to an ended generation, so none of these is marked.
    const root = a.add(1).neg().relu().add(x); // relu(-7) off: a.add(1)'s subtree is dead
    const before = backwardStats.skippedSubtrees;
    root.backward();
    expect(backwardStats.skippedSubtrees).toBe(before);
    expect(x.grad).toBeNaN();
    expect(w.grad).toBe(0);
    // And with the old operand second.
    const [y, v] = [new Value(2, 'y'), new Value(3, 'v')];
    const b = y.mul(v);
    v.data = Infinity;
    const root2 = y.add(b).neg().relu().add(y); // relu(-8) off
    const before2 = backwardStats.skippedSubtrees;
    root2.backward();
    expect(backwardStats.skippedSubtrees).toBe(before2);
    expect(y.grad).toBeNaN();
  });

  it('skips a dead subtree whose top is the first node made in its generation, or stands on it (either operand)', () => {
    const [x, w] = [new Value(2, 'x'), new Value(-3, 'w')];
    new Value(0).data = 1; // ends the generation: the next node made opens one
    const p = x.mul(w); // -6: the generation's first node, dead under the relu
    const before = backwardStats.skippedSubtrees;
    p.relu().add(x).backward();
    expect(backwardStats.skippedSubtrees - before).toBe(1);
    expect([x.grad, w.grad]).toEqual([1, 0]);
    // q = p·r, dead, skipped at q (one subtree) only if q is marked: p (then r) is the generation's first node.
    for (const firstIsA of [true, false]) {
      new Value(0).data = 1;
      const first = x.mul(w); // -6: the generation's first node
      const second = x.mul(3); // 6
      const q = firstIsA ? first.mul(second) : second.mul(first); // -36
      const skipped = backwardStats.skippedSubtrees;
      q.relu().add(x).backward();
      expect(backwardStats.skippedSubtrees - skipped).toBe(1);
    }
  });

  it('skips again once the graph is built after the write', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    w.data = 4;
    const root = x.mul(w).mul(-1).relu().add(x);
    expect(expectAsReference(root)).toBe(1);
    // Two calls of the reference sweep last: x accumulates 1 twice.
    expect([x.grad, w.grad]).toEqual([2, 0]);
  });

  it('does not skip under a node whose local derivative is not finite at the build (Infinity × w, sqrt at 0, a non-finite constant)', () => {
    const [a, w] = [new Value(Infinity), new Value(2)];
    // Each graph built just before its calls: a call ends the generation its nodes were marked in.
    const cases = [() => a.mul(w).relu().mul(0), () => new Value(0).sqrt().mul(-1).relu(), () => w.mul(Infinity).relu().mul(0)];
    for (const build of cases) expect(expectAsReference(build())).toBe(0);
  });

  it('skips below a relu that is off whose input came through ops with finite slopes (add, sub, neg, mul, exp, tanh, sigmoid, sin, max)', () => {
    const [x, y] = [new Value(0.3), new Value(-0.7)];
    const deep = x.mul(y).exp().tanh().sigmoid().sin().add(x).sub(y.neg()).max(y).neg().sub(5).relu();
    expect(expectAsReference(deep.add(y))).toBe(1);
  });

  it('does not fall back on a sparse walk: a long dead sample under each live one, and the walk still goes by ids', () => {
    const w = new Value(0.1);
    let sum: Value = w;
    for (let i = 0; i < 100; i++) {
      let dead: Value = w.mul(i);
      for (let k = 0; k < 100; k++) dead = dead.add(w).mul(0.5);
      sum = sum.add(dead.neg().sub(1).relu()).add(w.mul(i));
    }
    expect(expectAsReference(sum)).toBe(100);
  });

  it('compile() after a skipping backward() gives the same gradients', () => {
    const w = [new Value(0.5), new Value(-2)];
    const root = (w[0] as Value).mul(w[1] as Value).relu().add((w[0] as Value).mul(3));
    root.backward();
    const byBackward = w.map((v) => v.grad);
    for (const v of w) v.grad = 0;
    compile(root).run();
    expect(w.map((v) => v.grad)).toEqual(byBackward);
  });
});

describe('skip marks once ids have wrapped', () => {
  it('marks nothing once ids wrapped past 2^30 (or were set), and still gives the reference sweep', async () => {
    const { setNextId } = await import('../../../src/engine/core/topo.js');
    const [x, w] = [new Value(2), new Value(3)];
    expect(expectAsReference(x.mul(w).mul(-1).relu().add(x))).toBe(1);
    // An old node may now share a new one's id: no mark can be told from an old one.
    setNextId(2 ** 30 - 3);
    const root = x.mul(w).mul(-1).relu().add(x);
    expect(expectAsReference(root)).toBe(0);
    expect(x.grad).toBe(2);
    expect(expectAsReference(x.mul(w).mul(-1).relu().add(x))).toBe(0);
  });

  it('counts a wrap of the ids as newId() crosses 2^30, once, and each setNextId()', async () => {
    const topo = await import('../../../src/engine/core/topo.js');
    const x = new Value(2);
    const before = topo.idWraps;
    topo.setNextId(2 ** 30 - 2);
    expect(topo.idWraps).toBe(before + 1);
    x.mul(2); // id 2^30 - 2
    expect(topo.idWraps).toBe(before + 1);
    x.mul(3); // id 2^30 - 1: the next is 0
    expect(topo.idWraps).toBe(before + 2);
    x.mul(4).mul(5); // ids 0 and 1
    expect(topo.idWraps).toBe(before + 2);
  });
});

describe('the node of id 0 (the first one made once the module loads)', () => {
  it('is never taken for a marked node, where a mark is an id minus 2^30: an infinite product of id 0 under a dead relu is swept, NaN as the full sweep', async () => {
    // Each graph in a fresh copy of the engine (the module registry reset): its first inner node gets id 0.
    const builds = [
      (x: Value, w: Value) => x.mul(w).neg().relu().add(x), // the product reached with 0 by the sweep
      (x: Value, w: Value) => x.mul(w).add(1).neg().relu().add(x), // the product as a first operand
      (x: Value, w: Value) => x.add(x.mul(w)).neg().relu().add(x), // the product as a second operand
    ];
    for (const build of builds) {
      vi.resetModules();
      const fresh = await import('../../../src/engine/core/value.js');
      const [x, w] = [new fresh.Value(2), new fresh.Value(Infinity)];
      const before = fresh.backwardStats.skippedSubtrees;
      build(x, w).backward();
      expect(fresh.backwardStats.skippedSubtrees).toBe(before);
      expect(x.grad).toBeNaN();
      expect(w.grad).toBe(0);
    }
  });
});
