/**
 * An inner node's `grad` is what the last backward() through it wrote (+0 where that call's root
 * depends on it only through exact zeros, skipped subtrees included), or a later write to it (a
 * user's, compile()'s sync()): a backward() on a graph that does not hold the node leaves it as it
 * was. The oracle is the reference sweep (the full sweep over the flat tape, which writes every
 * node of its graph and nothing else), run over an isomorphic copy of the same graphs with the
 * same sequence of calls and writes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, topologicalOrder, compile } from '../../../src/index.js';
import { backwardStats, referenceBackward } from '../../../src/engine/core/value.js';
import { programArbitrary, runProgram } from '../../../src/testing/programs.js';
import { DEAD_OPS } from '../../support/dead-ops.js';


/** Graph A: its inner nodes get non-zero gradients from backward(); `b()` builds B: another graph, whose dead relu skips a subtree. */
function twoGraphs(): { a: Value; aInner: Value[]; b: () => Value } {
  const x = new Value(0.5, 'x');
  const h = x.mul(3).tanh();
  const a = h.mul(h).add(x);
  const y = new Value(2, 'y');
  return { a, aInner: [h, a], b: () => y.mul(-1).exp().mul(-1).relu().add(y) };
}

describe('backward() on one graph leaves another graph\'s inner gradients as they were', () => {
  it('graph A\'s inner gradients read the same after backward() on an unrelated graph B that skips a subtree', () => {
    const { a, aInner, b } = twoGraphs();
    a.backward();
    const before = aInner.map((n) => n.grad);
    expect(before.every((g) => g !== 0)).toBe(true);
    const skipped = backwardStats.skippedSubtrees;
    b().backward();
    expect(backwardStats.skippedSubtrees).toBeGreaterThan(skipped);
    expect(aInner.map((n) => n.grad)).toEqual(before);
  });

  it('graph A\'s inner gradients read the same after backward() on a graph B built later (a new generation of marks)', () => {
    const { a, aInner } = twoGraphs();
    a.backward();
    const before = aInner.map((n) => n.grad);
    const z = new Value(-1);
    z.mul(z).relu().mul(0).add(z).backward();
    expect(aInner.map((n) => n.grad)).toEqual(before);
  });

  it('a write to an inner node of graph A holds across backward() on graph B, and backward() through it replaces it', () => {
    const { a, aInner, b } = twoGraphs();
    const h = aInner[0] as Value;
    h.grad = 7;
    b().backward();
    expect(h.grad).toBe(7);
    a.backward();
    expect(h.grad).toBe(2 * h.data);
  });

  it('the gradients sync() wrote into a compiled graph\'s inner nodes hold across backward() on another graph', () => {
    const w = new Value(0.3, 'w');
    const inner = w.mul(w).tanh();
    const root = inner.mul(2).add(w);
    const graph = compile(root);
    w.data = -0.7;
    graph.run();
    graph.sync();
    const synced = [inner.grad, root.grad];
    expect(synced[0]).toBe(2);
    const { b } = twoGraphs();
    b().backward();
    expect([inner.grad, root.grad]).toEqual(synced);
    // And as backward() would have written them.
    const fresh = new Value(-0.7);
    const freshInner = fresh.mul(fresh).tanh();
    freshInner.mul(2).add(fresh).backward();
    expect(inner.grad).toBe(freshInner.grad);
  });

  it('a node reached with a non-zero gradient by one call (by ids, checked, or the reference sweep), then under a dead subtree of another call, reads +0 (the first call ended the generation: no skip)', () => {
    const first: ((r: Value) => void)[] = [(r) => r.backward(), (r) => r.backward({ checkFinite: true }), referenceBackward];
    for (const call of first) {
      new Value(0).data = 1; // a new generation of marks: nothing left from the last round
      const x = new Value(1.5, 'x');
      const m = x.mul(x); // 2.25
      const p = m.tanh();
      const q = p.neg().relu(); // off: p's subtree is dead under q
      call(p);
      expect([p.grad, m.grad]).toEqual([1, 1 - Math.tanh(2.25) ** 2]);
      const root = q.add(x);
      const skipped = backwardStats.skippedSubtrees;
      root.backward();
      expect(backwardStats.skippedSubtrees - skipped).toBe(0);
      expect(q.grad).toBe(1);
      expect(Object.is(p.grad, 0) && Object.is(m.grad, 0)).toBe(true);
    }
  });

  it('gives the reference sweep bit for bit on every node of three graphs sharing nodes, over random sequences of backward() calls and writes', () => {
    const input = fc.oneof(fc.constantFrom(0, -0, 1, -1, 5e-324, Infinity, NaN), fc.double({ min: -3, max: 3, noNaN: true }));
    const action = fc.oneof(
      fc.record({ call: fc.nat({ max: 2 }) }),
      fc.record({ write: fc.nat(), value: fc.constantFrom(0, -0, 2.5, NaN) }),
      fc.record({ data: fc.nat(), value: fc.double({ min: -3, max: 3, noNaN: true }) }),
    );
    fc.assert(
      fc.property(
        programArbitrary(DEAD_OPS, 15),
        programArbitrary(DEAD_OPS, 15),
        fc.array(input, { minLength: 1, maxLength: 3 }),
        fc.array(action, { minLength: 1, maxLength: 6 }),
        (s1, s2, xs, actions) => {
          const build = (): Value[] => {
            const leaves = xs.map((x) => new Value(x));
            const g1 = runProgram(DEAD_OPS, s1, leaves);
            const g2 = runProgram(DEAD_OPS, s2, [...leaves, g1]);
            const g3 = g1.mul(g2).relu().add(g1.mul(0));
            return [g1, g2, g3];
          };
          const mine = build();
          const theirs = build();
          const nodesOf = (roots: Value[]): Value[] => [...new Set(roots.flatMap((r) => topologicalOrder(r)))];
          const [n1, n2] = [nodesOf(mine), nodesOf(theirs)];
          expect(n1).toHaveLength(n2.length);
          for (const act of actions) {
            if ('call' in act) {
              (mine[act.call] as Value).backward();
              referenceBackward(theirs[act.call] as Value);
            } else if ('write' in act) {
              (n1[act.write % n1.length] as Value).grad = act.value;
              (n2[act.write % n2.length] as Value).grad = act.value;
            } else {
              (n1[act.data % n1.length] as Value).data = act.value;
              (n2[act.data % n2.length] as Value).data = act.value;
            }
            n1.forEach((n, i) => {
              const want = (n2[i] as Value).grad;
              if (!Object.is(n.grad, want)) throw new Error(`node ${i} (${n.op}): backward() ${n.grad}, reference sweep ${want}`);
            });
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
