import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, topologicalOrder } from '../../../src/index.js';
import { flatTape } from '../../../src/engine/core/flat-tape.js';
import { walkStats } from '../../../src/engine/core/topo.js';
import { ALL_OPS, programArbitrary, runProgram } from '../../../src/testing/programs.js';

/** The tape's columns worked out by hand from topologicalOrder(): each operand's index in the order, by identity. */
function expectedColumns(root: Value): { order: Value[]; pa: number[]; pb: number[] } {
  const order = topologicalOrder(root);
  const pa = order.map((n) => (n.parents.length === 0 ? -1 : order.indexOf(n.parents[0] as Value)));
  const pb = order.map((n) => (n.parents.length < 2 ? -1 : order.indexOf(n.parents[1] as Value)));
  return { order, pa, pb };
}

function expectTapeOf(root: Value, tape: { length: number; nodes: Value[]; pa: Int32Array; pb: Int32Array }): void {
  const want = expectedColumns(root);
  expect(tape.length).toBe(want.order.length);
  expect(tape.nodes.slice(0, tape.length)).toEqual(want.order);
  tape.nodes.slice(0, tape.length).forEach((n, i) => expect(n).toBe(want.order[i]));
  expect(Array.from(tape.pa.subarray(0, tape.length))).toEqual(want.pa);
  expect(Array.from(tape.pb.subarray(0, tape.length))).toEqual(want.pb);
}

describe('flatTape', () => {
  it("records topologicalOrder()'s order and each node's operand positions on random programs over every op", () => {
    fc.assert(
      fc.property(programArbitrary(ALL_OPS, 20), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 }), (steps, xs) => {
        const root = runProgram(ALL_OPS, steps, xs.map((x) => new Value(x)));
        expectTapeOf(root, flatTape<Value>(root, []));
      }),
      { numRuns: 200 },
    );
  });

  it('gives a leaf root a tape of one leaf, a constant no second operand, and x·x the same operand twice', () => {
    const x = new Value(3, 'x');
    const leaf = flatTape<Value>(x, []);
    expect([leaf.length, Array.from(leaf.pa), Array.from(leaf.pb)]).toEqual([1, [-1], [-1]]);
    const sq = x.mul(x).add(2);
    const t = flatTape<Value>(sq, []);
    expect(t.nodes.slice(0, t.length).map((n) => n.op)).toEqual(['', '*', '+']);
    expect([Array.from(t.pa), Array.from(t.pb)]).toEqual([[-1, 0, 1], [-1, 0, -1]]);
  });

  it('records the same tape by the fallback search (tryIds false) as by the walk by ids', () => {
    const [x, y] = [new Value(0.5, 'x'), new Value(-1, 'y')];
    const root = x.mul(y).tanh().add(x.sin()).mul(y.exp()).max(x);
    const before = walkStats.fallbacks;
    const tape = flatTape<Value>(root, [], false);
    expect(walkStats.fallbacks).toBe(before + 1);
    expectTapeOf(root, tape);
  });

  it('records an inner node made long before the rest (the walk falls back) in creation order', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const old = x.mul(w);
    let junk = new Value(0);
    for (let i = 0; i < 100_000; i++) junk = junk.add(1);
    const root = old.mul(0.5).add(x.mul(2)).mul(old);
    const before = walkStats.fallbacks;
    const tape = flatTape<Value>(root, []);
    expect(walkStats.fallbacks).toBe(before + 1);
    expectTapeOf(root, tape);
  });

  it('keeps its positions across later walks, which rewrite the walk\'s own scratch positions', () => {
    const [x, y] = [new Value(1, 'x'), new Value(2, 'y')];
    const root = x.mul(y).add(y.mul(3)).tanh();
    const tape = flatTape<Value>(root, []);
    const pa = Array.from(tape.pa);
    const pb = Array.from(tape.pb);
    // Another graph over the same leaves gives them other slots.
    const other = new Value(5).mul(new Value(6)).add(y).mul(x);
    other.backward();
    expect(topologicalOrder(other)).toHaveLength(7);
    expect([Array.from(tape.pa), Array.from(tape.pb)]).toEqual([pa, pb]);
    expectTapeOf(root, tape);
  });

  it("writes into a reused tape's arrays when they are long enough, and allocates arrays of exactly its length when not", () => {
    const x = new Value(1.5, 'x');
    let big = x;
    for (let i = 0; i < 50; i++) big = big.mul(1.01).add(x);
    const first = flatTape<Value>(big, []);
    expect(first.pa).toHaveLength(first.length);
    const small = x.tanh().mul(x);
    const second = flatTape<Value>(small, [], true, first);
    expect(second.pa).toBe(first.pa);
    expect(second.pb).toBe(first.pb);
    expectTapeOf(small, second);
    // A tape of the same length reuses them too.
    const again = flatTape<Value>(big, [], true, first);
    expect([again.pa, again.pb]).toEqual([first.pa, first.pb]);
    expect(again.pa).toBe(first.pa);
    expect(again.pb).toBe(first.pb);
    const bigger = big.add(big.mul(big));
    const third = flatTape<Value>(bigger, [], true, second);
    expect(third.pa).not.toBe(first.pa);
    expect([third.pa.length, third.pb.length]).toEqual([third.length, third.length]);
    expectTapeOf(bigger, third);
  });
});
