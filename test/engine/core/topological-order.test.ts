import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, topologicalOrder } from '../../../src/index.js';
import { reachable } from '../../support/reachable.js';
import { SHRINK } from '../../support/scale.js';
import { collectGarbage } from '../../support/collect-garbage.js';

/** A random DAG of Values: each new node combines two earlier ones, picked by index. */
const dag = fc.array(fc.record({ i: fc.nat(), j: fc.nat(), unary: fc.boolean() }), { minLength: 0, maxLength: 60 });
function buildDag(steps: { i: number; j: number; unary: boolean }[]): Value[] {
  const nodes = [new Value(1, 'x0'), new Value(2, 'x1')];
  for (const { i, j, unary } of steps) {
    const a = nodes[i % nodes.length] as Value;
    const b = nodes[j % nodes.length] as Value;
    nodes.push(unary ? a.tanh() : a.mul(b));
  }
  return nodes;
}


describe('topologicalOrder()', () => {
  it('lists every reachable node once, parents before children, root last', () => {
    fc.assert(
      fc.property(dag, fc.nat(), (steps, pick) => {
        const nodes = buildDag(steps);
        const root = nodes[pick % nodes.length] as Value;
        const order = topologicalOrder(root);
        expect(new Set(order).size).toBe(order.length);
        expect(new Set(order)).toEqual(reachable(root));
        expect(order[order.length - 1]).toBe(root);
        const position = new Map(order.map((n, k) => [n, k]));
        for (const n of order) for (const p of n.parents) expect(position.get(p)).toBeLessThan(position.get(n) as number);
      }),
    );
  });

  it('gives the same answer when walks of different roots interleave', () => {
    fc.assert(
      fc.property(dag, fc.nat(), fc.nat(), (steps, p, q) => {
        const nodes = buildDag(steps);
        const r1 = nodes[p % nodes.length] as Value;
        const r2 = nodes[q % nodes.length] as Value;
        const first = topologicalOrder(r1);
        topologicalOrder(r2);
        expect(topologicalOrder(r1)).toEqual(first);
      }),
    );
  });

  it('returns just the leaf for a leaf', () => {
    const x = new Value(1);
    expect(topologicalOrder(x)).toEqual([x]);
  });

  it('lists inner nodes in creation order, each leaf just before its first use (first operand first): a stable order for pictures', () => {
    const a = new Value(1, 'a');
    const b = new Value(2, 'b');
    const c = new Value(3, 'c');
    const y = a.mul(b).add(c);
    y.label = 'y';
    expect(topologicalOrder(y).map((n) => n.label || n.op)).toEqual(['a', 'b', '*', 'c', 'y']);
  });

  it('throws a TypeError naming a non-Value root', () => {
    expect(() => topologicalOrder(undefined as unknown as Value)).toThrow(/topologicalOrder: expected a Value, got undefined/);
    expect(() => topologicalOrder({ _a: null } as unknown as Value)).toThrow(/an object \{_a\}/);
  });

  it('walks a 1,000,000-node chain without overflowing the stack', () => {
    let y = new Value(0);
    for (let i = 0; i < 1_000_000 / SHRINK; i++) y = y.neg();
    const order = topologicalOrder(y);
    expect(order).toHaveLength(1_000_000 / SHRINK + 1);
    expect(order[0]?.op).toBe('');
  });
});

describe('topologicalOrder() keeps no graph alive after it returns', () => {
  it('topologicalOrder() of a chain deeper than its 16,384-entry fresh stack lets the garbage collector reclaim the chain', async () => {
    // The root, and the bottom of the chain, which the walk's stack held last at its deepest.
    const refs = ((): WeakRef<Value>[] => {
      const x = new Value(0);
      let y = x.neg();
      const bottom = y;
      for (let i = 1; i < 20_000; i++) y = y.neg();
      // Twice: the first walk may find the shared stack oversized by an earlier, bigger walk and drop it whole;
      // the second then clears just the slots it used, the bottom of the chain included.
      expect(topologicalOrder(y)).toHaveLength(20_001);
      expect(topologicalOrder(y)).toHaveLength(20_001);
      return [new WeakRef(y), new WeakRef(bottom), new WeakRef(x)];
    })();
    await collectGarbage();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined, undefined]);
  });
});
