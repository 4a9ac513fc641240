import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, topologicalOrder } from '../../../src/index.js';
import { Descent, setNextId, walkStats } from '../../../src/engine/core/topo.js';
import { ALL_OPS, SMOOTH_OPS, programArbitrary, runProgram } from '../../../src/testing/programs.js';
import { reachable } from '../../support/reachable.js';

/** Every node's grad after `root.backward()` from zeroed grads, in topological order. */
function gradsOf(root: Value, options?: { checkFinite: boolean }): number[] {
  const order = topologicalOrder(root);
  for (const n of order) n.grad = 0;
  root.backward(options);
  return order.map((n) => n.grad);
}

/** The same list of numbers, Object.is element by element (signed zeros and NaN included). */
function expectIdentical(got: readonly number[], want: readonly number[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((x, i) => {
    if (!Object.is(x, want[i])) throw new Error(`gradient ${i}: ${x}, expected ${want[i]}`);
  });
}

/** A graph with sums of three or more terms into shared nodes, so that the order of the sums shows in the last bits. */
function fan(x: Value, y: Value): Value {
  const terms = [x.mul(0.1), x.mul(y).add(0.3), x.tanh(), y.mul(x).mul(x), x.div(y.add(3))];
  let s = terms[0] as Value;
  for (const t of terms.slice(1)) s = s.add(t.mul(1.7));
  return s.mul(s.sin()).add(x.mul(1e-3));
}

describe('the walk by creation ids', () => {
  afterEach(() => setNextId(0));

  it('backward() gives, bit for bit, the sweep over topologicalOrder() (checkFinite takes that path) on random programs', () => {
    fc.assert(
      fc.property(programArbitrary(ALL_OPS, 30), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 }), (steps, xs) => {
        const root = runProgram(ALL_OPS, steps, xs.map((x) => new Value(x)));
        const byIds = gradsOf(root);
        let ordered: number[];
        try {
          ordered = gradsOf(root, { checkFinite: true });
        } catch {
          return; // a non-finite value: checkFinite throws, nothing to compare
        }
        expectIdentical(byIds, ordered);
      }),
      { numRuns: 300 },
    );
  });

  it('orders inner nodes by creation and puts each leaf just before its first use', () => {
    const a = new Value(1, 'a');
    const b = new Value(2, 'b');
    const c = new Value(3, 'c');
    const later = c.mul(2); // made before the product below, so it comes first although it is the second operand
    const y = a.mul(b).add(later);
    expect(topologicalOrder(y).map((n) => n.label || n.op)).toEqual(['c', '*', 'a', 'b', '*', '+']);
  });

  it('falls back to the search for an inner node made long before the rest, with the same gradients bit for bit', () => {
    const x = new Value(0.7, 'x');
    const y = new Value(-1.3, 'y');
    const old = x.mul(y).add(0.5); // an inner node that every later graph uses
    const fresh = () => fan(old, y);
    const before = walkStats.fallbacks;
    const want = gradsOf(fresh());
    expect(walkStats.fallbacks).toBe(before);
    // Many creations later, the offsets from the root to `old` span far more than the nodes reached.
    let junk = new Value(0);
    for (let i = 0; i < 100_000; i++) junk = junk.add(1);
    const root = fresh();
    expectIdentical(gradsOf(root), want);
    // Twice: topologicalOrder() in gradsOf, then backward().
    expect(walkStats.fallbacks).toBe(before + 2);
    // compile() walks the same way and agrees with backward().
    const [gx, gy] = [x.grad, y.grad];
    x.grad = 0;
    y.grad = 0;
    compile(root).run();
    expect([Object.is(x.grad, gx), Object.is(y.grad, gy)]).toEqual([true, true]);
    expect(new Set(topologicalOrder(root))).toEqual(reachable(root));
  });

  it('walks a graph whose offsets span past the near ring and the first table size without falling back', () => {
    const x = new Value(0.3);
    let y: Value = x;
    const skips: Value[] = [];
    for (let i = 0; i < 20_000; i++) {
      y = y.mul(0.9999).add(y.tanh().mul(1e-4));
      if (i % 2000 === 0) skips.push(y);
    }
    // Far edges: each early node is used again by the last one, 10,000s of ids later.
    for (const s of skips) y = y.add(s.mul(1e-3));
    const before = walkStats.fallbacks;
    const got = gradsOf(y);
    expect(walkStats.fallbacks).toBe(before);
    // The same numbers from the sweep over collect()'s order.
    expectIdentical(gradsOf(y, { checkFinite: true }), got);
  });

  it('keeps the same gradients, bit for bit and by ids, when ids wrap past 2^30 inside a graph', () => {
    const x = new Value(0.4);
    const y = new Value(1.1);
    const want = gradsOf(fan(x, y));
    setNextId(2 ** 30 - 5);
    const before = walkStats.fallbacks;
    const root = fan(x, y);
    const ids = topologicalOrder(root).filter((n) => n._a !== null).map((n) => n._i);
    expect(Math.max(...ids)).toBeGreaterThanOrEqual(2 ** 30 - 5);
    expect(Math.min(...ids)).toBeLessThan(100);
    expectIdentical(gradsOf(root), want);
    expect(walkStats.fallbacks).toBe(before);
  });

  it('gives correct gradients when a node 2^30 ids old shares an id with a new one (the wrap cannot order them)', () => {
    setNextId(1000);
    const x = new Value(0.4);
    const y = new Value(1.1);
    const old = x.mul(y); // id 1000
    // Back to 997: the new nodes below take ids 997, 998, 999, 1000, ... as if 2^30 ids had passed.
    setNextId(997);
    const root = old.add(x).mul(old.sin()).add(y.tanh());
    const before = walkStats.fallbacks;
    const got = gradsOf(root);
    expect(walkStats.fallbacks).toBeGreaterThan(before);
    // Closed form: root = (xy + x)·sin(xy) + tanh(y).
    const xy = 0.4 * 1.1;
    expect(x.grad).toBeCloseTo((y.data + 1) * Math.sin(xy) + (xy + 0.4) * Math.cos(xy) * 1.1, 14);
    expect(y.grad).toBeCloseTo(0.4 * Math.sin(xy) + (xy + 0.4) * Math.cos(xy) * 0.4 + 1 - Math.tanh(1.1) ** 2, 14);
    expect(got).toHaveLength(topologicalOrder(root).length);
  });

  it('backward() on smooth random programs agrees with compile() bit for bit after ids wrapped', () => {
    setNextId(2 ** 30 - 20);
    fc.assert(
      fc.property(programArbitrary(SMOOTH_OPS, 20), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 3 }), (steps, xs) => {
        const inputs = xs.map((x) => new Value(x));
        const root = runProgram(SMOOTH_OPS, steps, inputs);
        for (const v of inputs) v.grad = 0;
        root.backward();
        const want = inputs.map((v) => v.grad);
        for (const v of inputs) v.grad = 0;
        compile(root).run();
        expectIdentical(inputs.map((v) => v.grad), want);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the cost of a walk follows its graph's size, not its nodes' age", () => {
  afterEach(() => setNextId(0));

  /** Table slots (offsets scanned, allocated, cleared; nodes the fallback visited) over ten backward() calls of a 3-node graph whose inner node is `age` ids old. */
  const slotsFor = (age: number): number => {
    setNextId(1000);
    const [x, y] = [new Value(0.5), new Value(-2)];
    const held = x.mul(y);
    setNextId(1000 + age);
    const root = held.add(1).mul(2);
    root.backward(); // a first call may size the tables once
    const before = walkStats.slots;
    for (let i = 0; i < 10; i++) root.backward();
    expect(x.grad).toBe(11 * 2 * -2);
    return walkStats.slots - before;
  };

  it('backward() on a 3-node graph holding a node made 1,000,000 or 4,000,000 nodes earlier touches about as many slots as on the same graph made of fresh nodes', () => {
    const fresh = slotsFor(1);
    expect(fresh).toBeGreaterThan(0);
    for (const age of [1_000_000, 4_000_000, 8_000_000]) {
      const old = slotsFor(age);
      expect(old, `age ${age}`).toBeLessThanOrEqual(4 * fresh);
      // But more: the walk by ids starts, gives up at the old node (scanning and clearing what it marked), and the search visits the 3 nodes.
      expect(old, `age ${age}`).toBeGreaterThan(fresh);
    }
  });

  it('walkStats.slots counts the slots a walk allocates when it grows its tables, and the offsets it scans', () => {
    const d = new Descent();
    const x = new Value(1);
    const root = { _a: x, _b: null, _i: 20_000 };
    const before = walkStats.slots;
    d.start(root);
    expect(d.reach({ _a: x, _b: null, _i: 0 }, 0)).toBe(20_000);
    expect(walkStats.slots - before).toBe(20_001); // the tables grown to offset 20,000
    for (let k = 0; k < d.end; k++) d.take(k);
    d.finish();
    expect(walkStats.slots - before).toBe(2 * 20_001); // and the offsets up to it
  });

  it('a dense graph whose root reaches a node made long before the rest falls back once, then is walked by ids (the fallback found it dense)', () => {
    const x = new Value(0.25);
    const first = x.mul(2);
    let y = first;
    for (let i = 0; i < 150_000; i++) y = y.mul(0.99999);
    const root = y.add(first.mul(3)); // its second operand's parent is 150,000 ids older than the root
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(before + 1);
    const g = x.grad;
    x.grad = 0;
    root.backward();
    expect(walkStats.fallbacks).toBe(before + 1);
    expect(x.grad).toBe(g);
    // A walk that gives up forgets what the fallback taught: the next walk of this graph falls back once more.
    setNextId(2 ** 24);
    x.mul(x).add(first).backward();
    const after = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(after + 1);
  });
});
