import { afterEach, describe, expect, it } from 'vitest';
import { Value } from '../../../src/index.js';
import { Descent, collect, setNextId, walkStats } from '../../../src/engine/core/topo.js';
import { collectGarbage } from '../../support/collect-garbage.js';

// Plain graph nodes with chosen ids: the walk sees only `_a`, `_b` and `_i`, so ids can be set to
// anything a wrap past 2^30 (or an old node) could give, which Values reach only by luck.
type Node = { _a: Node | null; _b: Node | number | null; _i: number; name: string };
const leaf = (name: string): Node => ({ _a: null, _b: null, _i: 0, name });
const inner = (name: string, id: number, a: Node, b: Node | number | null = null): Node => ({ _a: a, _b: b, _i: id, name });

/** collect()'s order of `root`, by name. */
function names(root: Node, order: Node[] = [], tryIds = true): string[] {
  const len = collect(root, order, tryIds);
  return order.slice(0, len).map((n) => n.name);
}

/** Every parent listed before its child, each node once: what any order of the walk must satisfy (independent of the walk). */
function expectTopological(order: readonly Node[]): void {
  expect(new Set(order).size).toBe(order.length);
  order.forEach((n, i) => {
    for (const p of [n._a, n._b]) if (p !== null && typeof p === 'object') expect(order.indexOf(p)).toBeLessThan(i);
  });
}

describe('collect() where ids contradict the edges', () => {
  afterEach(() => setNextId(0));

  it('collect() lists a parent whose id is newer than its child (ids wrapped) before the child', () => {
    const x = leaf('x');
    const p = inner('p', 8, x); // offset 2 from the root: before its child at offset 5
    const c = inner('c', 5, p);
    const root = inner('root', 10, c);
    const before = walkStats.fallbacks;
    const order: Node[] = [];
    const len = collect(root, order);
    expect(order.slice(0, len).map((n) => n.name)).toEqual(['x', 'p', 'c', 'root']);
    expectTopological(order.slice(0, len));
    expect(walkStats.fallbacks).toBe(before + 1);
    // The walk by ids was abandoned cleanly: an ordinary walk next is not disturbed by what it marked.
    const y = leaf('y');
    const q = inner('q', 3, y);
    expect(names(inner('r', 5, q, y))).toEqual(['y', 'q', 'r']);
  });

  it('collect() lists a second operand whose id is newer than its child before the child', () => {
    const x = leaf('x');
    const p = inner('p', 8, x);
    const c = inner('c', 5, x, p); // p only as second operand
    const root = inner('root', 10, x, c);
    const order: Node[] = [];
    const len = collect(root, order);
    expect(order.slice(0, len).map((n) => n.name)).toEqual(['x', 'p', 'c', 'root']);
    expectTopological(order.slice(0, len));
  });

  it('collect() lists a parent that has the same id as its child', () => {
    const x = leaf('x');
    const p = inner('p', 5, x);
    const c = inner('c', 5, p);
    expect(names(inner('root', 10, c))).toEqual(['x', 'p', 'c', 'root']);
  });

  it('collect() orders two inner nodes that share an id depth-first, first operand first', () => {
    const x = leaf('x');
    const u = inner('u', 7, x);
    const v = inner('v', 7, x);
    const before = walkStats.fallbacks;
    expect(names(inner('root', 10, u, v))).toEqual(['x', 'u', 'v', 'root']);
    expect(names(inner('root2', 10, v, u))).toEqual(['x', 'v', 'u', 'root2']);
    expect(walkStats.fallbacks).toBe(before + 2);
  });

  it('collect() lists once a node that the depth-first fallback meets twice before finishing it', () => {
    const x = leaf('x');
    const w = inner('w', 3, x);
    const u = inner('u', 4, w);
    // The search stacks w (second operand), then u, whose parent w it stacks again.
    expect(names(inner('root', 5, u, w), [], false)).toEqual(['x', 'w', 'u', 'root']);
  });

  it('backward() gives the closed-form gradients when a parent was made with a newer id than its child', () => {
    const x = new Value(0.3);
    const y = new Value(-1.2);
    setNextId(102);
    const p = x.mul(y); // id 102
    setNextId(100);
    const c = x.mul(p.tanh()); // ids 100, 101: older by ids than p, although made after it
    setNextId(103);
    const root = c.add(y.mul(p)); // ids 103, 104: p is at offset 2, tanh(p) at offset 4
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBeGreaterThan(before);
    // root = x·tanh(xy) + y·xy
    const xy = 0.3 * -1.2;
    const sech2 = 1 - Math.tanh(xy) ** 2;
    expect(x.grad).toBeCloseTo(Math.tanh(xy) + 0.3 * sech2 * -1.2 + -1.2 * -1.2, 14);
    expect(y.grad).toBeCloseTo(0.3 * sech2 * 0.3 + 2 * 0.3 * -1.2, 14);
  });
});

describe('collect() into an array that holds an earlier order', () => {
  it('collect() of the same graph twice into one array gives the same order both times (first operand a leaf)', () => {
    const x = leaf('x');
    const g = inner('g', 1, x);
    const order: Node[] = [];
    expect(names(g, order)).toEqual(['x', 'g']);
    // x._i is 0 and order[0] is x from the first call: neither says x is in this call's order yet.
    expect(names(g, order)).toEqual(['x', 'g']);
  });

  it('collect() of the same graph twice into one array gives the same order both times (second operand a leaf)', () => {
    const x = leaf('x');
    const y = leaf('y');
    const g = inner('g', 1, y, x);
    const order: Node[] = [];
    expect(names(g, order)).toEqual(['y', 'x', 'g']);
    expect(names(g, order)).toEqual(['y', 'x', 'g']);
  });
});

describe('Descent', () => {
  it('collect() keeps apart two far parents whose offsets are exactly a ring length (1,024) apart', () => {
    const x = leaf('x');
    const a = inner('a', 10_000 - 2000, x);
    const b = inner('b', 10_000 - 3024, x); // 3024 - 2000 = 1024: the same slot in a ring of 1,024
    const root = inner('root', 10_000, a, b);
    const before = walkStats.fallbacks;
    expect(names(root)).toEqual(['x', 'b', 'a', 'root']);
    expect(walkStats.fallbacks).toBe(before);
  });

  it('reach() marks a parent far beyond one and a half times the table and gives its offset', () => {
    const d = new Descent();
    const x = leaf('x');
    expect(d.start(inner('root', 20_000, x))).toBe(true);
    expect(d.reach(inner('old', 0, x), 0)).toBe(20_000);
    expect(d.end).toBe(20_001);
    expect(d.take(20_000)?._i).toBe(0);
    d.finish();
  });

  it('reach() gives -1 for a parent 2^23 or more offsets away (an old node), and grows nothing', () => {
    const d = new Descent();
    const x = leaf('x');
    d.start(inner('root', 2 ** 23 + 5, x));
    const size = d.marks.length;
    expect(d.reach(inner('old', 0, x), 0)).toBe(-1);
    expect(d.marks.length).toBe(size);
    d.abandon();
  });

  it('reach() gives -1 for a second node at an offset another node holds, and its offset for the same node again', () => {
    const d = new Descent();
    const x = leaf('x');
    const u = inner('u', 7, x);
    d.start(inner('root', 10, u));
    expect(d.reach(u, 0)).toBe(3);
    expect(d.reach(u, 0)).toBe(3);
    expect(d.reach(inner('v', 7, x), 0)).toBe(-1);
    // The same for a node waiting in the far table.
    const far = inner('far', 10 - 2000, x);
    expect(d.reach(far, 0)).toBe(2000);
    expect(d.reach(far, 0)).toBe(2000);
    expect(d.reach(inner('far2', 10 - 2000, x), 0)).toBe(-1);
    d.abandon();
  });
});

describe('the walk by ids over offsets that no reached node holds', () => {
  afterEach(() => setNextId(0));

  it('backward() walks by ids, without the fallback, a chain with an unreached node between each two links', () => {
    const x = new Value(0.5);
    let y = x.mul(1);
    for (let i = 0; i < 1000; i++) {
      y = y.mul(1.001);
      y.add(0); // unreached: an empty offset between every two links
    }
    const before = walkStats.fallbacks;
    x.grad = 0;
    y.backward();
    expect(walkStats.fallbacks).toBe(before);
    expect(x.grad).toBeCloseTo(1.001 ** 1000, 10);
  });
});

describe('the walk by ids lets its graph go', () => {
  it('backward() lets the garbage collector reclaim the leaves it reached', async () => {
    const refs = ((): WeakRef<Value>[] => {
      const x = new Value(2);
      const w = new Value(3);
      x.mul(w).add(x).backward();
      expect([x.grad, w.grad]).toEqual([4, 2]);
      return [new WeakRef(x), new WeakRef(w)];
    })();
    await collectGarbage();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined]);
  });
});

describe('a walk reaches no further than its work warrants, even where the tables are long enough', () => {
  afterEach(() => setNextId(0));

  /** Table slots one backward() of a 3-node graph touches when its inner node is `age` ids old, right after a 300,000-node chain grew the tables past that age. */
  const slotsAfterLongChain = (age: number): number => {
    setNextId(1000);
    const [x, y] = [new Value(0.5), new Value(-2)];
    const held = x.mul(y);
    let chain = new Value(1).mul(1);
    for (let i = 0; i < 300_000; i++) chain = chain.add(1);
    chain.backward(); // the tables grow to 300,000 offsets and stay (the walk went to their end)
    setNextId(1000 + age);
    const root = held.add(1).mul(2);
    const before = walkStats.slots;
    root.backward();
    expect([x.grad, y.grad]).toEqual([2 * -2, 2 * 0.5]);
    return walkStats.slots - before;
  };

  it('backward() on a 3-node graph holding a node made 200,000 nodes earlier touches about as many slots as on fresh nodes, right after a longer graph grew the tables', () => {
    const fresh = slotsAfterLongChain(1);
    const old = slotsAfterLongChain(200_000);
    // It falls back (the walk gives up at the old node, clearing what it marked, and the search visits the 3 nodes);
    // marking the old node would have cleared and counted 200,000 offsets twice.
    expect(old).toBeGreaterThan(fresh);
    expect(old).toBeLessThanOrEqual(4 * fresh);
  });
});
