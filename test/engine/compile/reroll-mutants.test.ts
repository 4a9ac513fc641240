import { describe, expect, it } from 'vitest';
import { Value, compile } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { findInstances, type Instances } from '../../../src/engine/compile/reroll.js';

// Tests written from StrykerJS's survivors in reroll.ts (docs/mutation-testing.md): the instances
// found are counted by hand from the tape's positions (ops in creation order, each leaf just before
// its first reader).

const CS = [0.5, -1, 2, 0.25, 3, -0.5, 1.5, 4];

/**
 * Eight samples (w·x_k + c_k).tanh()·y_k·0.5, made first, then summed by a left fold. Positions: w = 0;
 * sample k from 1 + 7k: x_k, mul, add c_k, tanh, y_k, mul, mul 0.5; the 7 links at 57..63.
 */
function eightSamples(): Value {
  const w = new Value(0.3);
  const losses = CS.map((c, k) => w.mul(new Value(k / 10)).add(c).tanh().mul(new Value(1 - k / 10)).mul(0.5));
  let acc = losses[0] as Value;
  for (let k = 1; k < losses.length; k++) acc = acc.add(losses[k] as Value);
  return acc;
}

describe('findInstances()', () => {
  it('findInstances() lays out 8 samples of 7 nodes: positions, links, operands, columns, literals and private leaves', () => {
    const found = findInstances(flatten(eightSamples())) as Instances;
    expect(typeof found).toBe('object');
    expect(found.n).toBe(8);
    expect(found.p).toBe(7);
    expect(found.first).toBe(1);
    expect([...found.pos]).toEqual(Array.from({ length: 56 }, (_, i) => 1 + i));
    expect([...found.links]).toEqual([57, 58, 59, 60, 61, 62, 63]);
    // Node j's operands: a node of the sample (its index), -1 for none, -2 - 0 for w at position 0.
    expect([...found.refA]).toEqual([-1, -2, 1, 2, -1, 3, 5]);
    expect([...found.refB]).toEqual([-1, 0, -1, -1, -1, 4, -1]);
    // The add's c_k varies (column 0); the product's 0.5 is the same everywhere (-2, a literal); tanh folds nothing.
    expect([...found.column]).toEqual([-1, -1, 0, -1, -1, -1, -2]);
    expect([...found.literals]).toEqual([0, 0, 0, 0, 0, 0, 0.5]);
    expect(found.columnCount).toBe(1);
    expect([...found.columns]).toEqual(CS);
    expect([...found.leafSlots]).toEqual([0, 4]);
    expect([...found.leafPos]).toEqual(CS.flatMap((_, k) => [1 + 7 * k, 5 + 7 * k]));
  });

  it('findInstances() refuses a chain whose partial sum is read again elsewhere, as a first or a second operand', () => {
    // Ten samples w·x_k → tanh summed by a left fold s_1..s_9; the root adds a product that reads
    // s_2 again (once, or twice: as a first and as a second operand). A link's lower sum must be read by that link alone, so no chain of 8 terms is left.
    const build = (again: (s2: Value, w: Value) => Value): Value => {
      const w = new Value(0.3);
      const losses = Array.from({ length: 10 }, (_, k) => w.mul(new Value(k / 10)).tanh());
      const sums: Value[] = [losses[0] as Value];
      for (let k = 1; k < 10; k++) sums.push((sums[k - 1] as Value).add(losses[k] as Value));
      return (sums[9] as Value).add(again(sums[2] as Value, w));
    };
    expect(typeof findInstances(flatten(build((s2, w) => w.mul(s2))))).toBe('string');
    expect(typeof findInstances(flatten(build((s2, w) => s2.mul(w))))).toBe('string');
    expect(typeof findInstances(flatten(build((s2, w) => s2.mul(w).add(w.mul(s2)))))).toBe('string');
  });

  it('findInstances() says the instances differ in size when one sample holds one node more or one fewer', () => {
    // Eight samples w·x_k → tanh summed by a left fold; sample 3 adds a second tanh, or leaves out its tanh.
    const build = (odd: (y: Value) => Value): Value => {
      const w = new Value(0.3);
      const losses = Array.from({ length: 8 }, (_, k) => {
        const y = w.mul(new Value(k / 10));
        return k === 3 ? odd(y) : y.tanh();
      });
      return losses.reduce((acc, l) => acc.add(l));
    };
    expect(findInstances(flatten(build((y) => y.tanh().tanh())))).toBe('the instances differ in size');
    expect(findInstances(flatten(build((y) => y)))).toBe('the instances differ in size');
  });
});


/** Sample k's loss (w·x_k).tanh(), x_k a fresh private leaf: 3 nodes (x_k, the product, tanh). */
const tanhOf = (w: Value, k: number): Value => w.mul(new Value(k / 10 + 0.05)).tanh();

/** `count` samples made first, then summed by a left fold (what sum() builds). */
function chainOf(w: Value, count: number, from = 0): Value {
  const losses = Array.from({ length: count }, (_, k) => tanhOf(w, from + k));
  return losses.reduce((acc, l) => acc.add(l));
}

/** compile() in generated mode rerolls `y`, and run() equals backward() on a fresh build bit for bit. */
function rerollsLikeBackward(build: (w: Value) => Value): void {
  const w = new Value(0.3);
  const graph = compile(build(w), { mode: 'generated' });
  expect(graph.mode).toBe('rerolled');
  w.grad = 0;
  const out = graph.run();
  const fresh = new Value(0.3);
  const z = build(fresh);
  z.backward();
  expect(Object.is(out, z.data)).toBe(true);
  expect(Object.is(w.grad, fresh.grad)).toBe(true);
}

describe('findInstances(): which chain, and how many of its links', () => {
  it('findInstances() takes the longer of two chains, made first or second, and of two of equal length the one made first', () => {
    // w = 0; the chain made first: samples at 1.., then its links; the second after it.
    const first9 = findInstances(flatten((() => { const w = new Value(0.3); return chainOf(w, 9).mul(chainOf(w, 12, 9)); })())) as Instances;
    // 9 samples at 1..27, 8 links at 28..35; 12 samples at 36..71, 11 links at 72..82.
    expect([first9.n, first9.first]).toEqual([12, 36]);
    expect([...first9.links]).toEqual(Array.from({ length: 11 }, (_, i) => 72 + i));
    const first12 = findInstances(flatten((() => { const w = new Value(0.3); return chainOf(w, 12).mul(chainOf(w, 9, 12)); })())) as Instances;
    // 12 samples at 1..36, 11 links at 37..47; then the 9.
    expect([first12.n, first12.first]).toEqual([12, 1]);
    expect([...first12.links]).toEqual(Array.from({ length: 11 }, (_, i) => 37 + i));
    const tie = findInstances(flatten((() => { const w = new Value(0.3); return chainOf(w, 10).mul(chainOf(w, 10, 10)); })())) as Instances;
    // 10 samples at 1..30, 9 links at 31..39; then the other 10.
    expect([tie.n, tie.first]).toEqual([10, 1]);
    expect([...tie.links]).toEqual(Array.from({ length: 9 }, (_, i) => 31 + i));
  });

  it('findInstances() tries the three longest chains only: three refused chains of 12 hide a good one of 8', () => {
    const build = (refused: number): Value => {
      const w = new Value(0.3);
      const chains = Array.from({ length: refused }, (_, c) => {
        const losses = Array.from({ length: 12 }, (_, k) => tanhOf(w, 12 * c + k));
        return losses.reverse().reduce((acc, l) => acc.add(l));
      });
      return [...chains, chainOf(w, 8, 100)].reduce((acc, s) => acc.mul(s));
    };
    expect(findInstances(flatten(build(3)))).toBe('the chain does not sum its terms in the order they were made');
    expect((findInstances(flatten(build(2))) as Instances).n).toBe(8);
  });

  it('findInstances() takes a chain whose top is read twice by one add (s + s) and never counts that add as a link', () => {
    const found = findInstances(flatten((() => { const w = new Value(0.3); const s = chainOf(w, 8); return s.add(s); })())) as Instances;
    // 8 samples at 1..24, 7 links at 25..31, the root s + s at 32.
    expect([found.n, found.p, found.first]).toEqual([8, 3, 1]);
    expect([...found.links]).toEqual([25, 26, 27, 28, 29, 30, 31]);
    rerollsLikeBackward((w) => { const s = chainOf(w, 8); return s.add(s); });
  });

  it('findInstances() tries only the top of a chain (and the link below it), not the lower links as tops of their own', () => {
    // 12 terms, the last two of another size: every try from the top holds them; a lower link would have 10 good terms.
    const w = new Value(0.3);
    const losses = Array.from({ length: 12 }, (_, k) => (k >= 10 ? tanhOf(w, k).exp() : tanhOf(w, k)));
    expect(findInstances(flatten(losses.reduce((acc, l) => acc.add(l))))).toBe('the instances differ in size');
  });

  /** Sample k's loss: a = w·x_k, then `adds` sums of a with exp(a), tanh(a), sin(a), cos(a) in turn, each used once (so they look like links). */
  const inner = (w: Value, k: number, adds: number): Value => {
    const a = w.mul(new Value(k / 10 + 0.05));
    return [a.exp(), a.tanh(), a.sin(), a.cos()].slice(0, adds).reduce((acc: Value, t) => acc.add(t), a);
  };
  const innerChain = (w: Value, adds: number, penalty: boolean): Value => {
    const s = Array.from({ length: 8 }, (_, k) => inner(w, k, adds)).reduce((acc, l) => acc.add(l));
    return penalty ? s.add(w.mul(w)) : s;
  };

  it('findInstances() drops up to 4 lowest links: a first term holding 3 sums is found, with a penalty at the top or not, and one holding 4 is not', () => {
    // Each sample: x_k, a, then per sum its term and the sum: 2 + 2·adds nodes.
    for (const penalty of [false, true]) {
      const found = findInstances(flatten(innerChain(new Value(0.3), 3, penalty))) as Instances;
      expect([found.n, found.p, found.first]).toEqual([8, 8, 1]);
      rerollsLikeBackward((w) => innerChain(w, 3, penalty));
    }
    expect(typeof findInstances(flatten(innerChain(new Value(0.3), 4, false)))).toBe('string');
    expect(compile(innerChain(new Value(0.3), 4, false), { mode: 'generated' }).mode).toBe('generated');
  });

  it('findInstances() tries no chain of fewer than 7 links, even when one link less would give 7 instances of one shape', () => {
    // x0 + y0 first, then six samples x_k + y_k, then the chain (x0 + y0) + t_2 + ... + t_7: 8 terms, two of them leaves.
    const x0 = new Value(0.1);
    const s1 = x0.add(new Value(0.2));
    const terms = Array.from({ length: 6 }, (_, k) => new Value(k).add(new Value(k + 0.5)));
    expect(findInstances(flatten(terms.reduce((acc, t) => acc.add(t), s1)))).toBe('the instances differ in size');
  });
});

describe('findInstances(): the use counts, the order and the shape of the terms', () => {
  it('findInstances() counts the uses of a partial sum read by a node whose first operand is at tape position 1', () => {
    // h = tanh(w) at position 1 (w at 0) reads s_2 again: s_2 is used twice, so the chain starts
    // above it, at s_2 + t_3, and its first term s_2 was made after the samples.
    const w = new Value(0.3);
    const h = w.tanh();
    const losses = Array.from({ length: 10 }, (_, k) => tanhOf(w, k));
    const sums: Value[] = [losses[0] as Value];
    for (let k = 1; k < 10; k++) sums.push((sums[k - 1] as Value).add(losses[k] as Value));
    expect(findInstances(flatten((sums[9] as Value).add(h.mul(sums[2] as Value))))).toBe('the chain does not sum its terms in the order they were made');
  });

  it('findInstances() counts an add whose second operand is at tape position 1 as a link', () => {
    // h = tanh(w) at position 1 ends a chain of 7 samples: 8 terms, the last made first.
    const w = new Value(0.3);
    const h = w.tanh();
    expect(findInstances(flatten(chainOf(w, 7).add(h)))).toBe('the chain does not sum its terms in the order they were made');
  });

  it('findInstances() says the chain does not sum its terms in order when it adds one term twice in a row', () => {
    const w = new Value(0.3);
    const losses = Array.from({ length: 10 }, (_, k) => tanhOf(w, k));
    const terms = [...losses.slice(0, 4), losses[3] as Value, ...losses.slice(4)];
    expect(findInstances(flatten(terms.reduce((acc, l) => acc.add(l))))).toBe('the chain does not sum its terms in the order they were made');
  });

  it('findInstances() finds a chain whose links are made between the samples (a running sum), and compile() reruns it like backward()', () => {
    const running = (w: Value): Value => {
      let acc = tanhOf(w, 0);
      for (let k = 1; k < 8; k++) acc = acc.add(tanhOf(w, k));
      return acc;
    };
    const found = findInstances(flatten(running(new Value(0.3)))) as Instances;
    // w = 0; sample 0 at 1..3; sample k >= 1 at 4k..4k + 2, then its link at 4k + 3.
    expect([found.n, found.p, found.first]).toEqual([8, 3, 1]);
    expect([...found.pos]).toEqual([1, 2, 3, ...Array.from({ length: 7 }, (_, i) => [4 * (i + 1), 4 * (i + 1) + 1, 4 * (i + 1) + 2]).flat()]);
    expect([...found.links]).toEqual([7, 11, 15, 19, 23, 27, 31]);
    rerollsLikeBackward(running);
  });

  it('findInstances() says the instances differ in shape when one sample reads another of its nodes as first operand, or as second', () => {
    // a = w·x, b = tanh(a), then a product of a and b in the order given; sample 5 takes b twice instead.
    const build = (usual: (a: Value, b: Value) => Value, odd: (a: Value, b: Value) => Value): Value => {
      const w = new Value(0.3);
      const losses = Array.from({ length: 8 }, (_, k) => {
        const a = w.mul(new Value(k / 10 + 0.05));
        const b = a.tanh();
        return k === 5 ? odd(a, b) : usual(a, b);
      });
      return losses.reduce((acc, l) => acc.add(l));
    };
    const twice = (_a: Value, b: Value): Value => b.mul(b);
    expect((findInstances(flatten(build((a, b) => a.mul(b), (a, b) => a.mul(b)))) as Instances).n).toBe(8);
    expect(findInstances(flatten(build((a, b) => a.mul(b), twice)))).toBe('the instances differ in shape');
    expect(findInstances(flatten(build((a, b) => b.mul(a), twice)))).toBe('the instances differ in shape');
  });
});

describe('findInstances(): the order the nodes were made in', () => {
  it('findInstances() finds samples whose first nodes were made in reverse order and their outputs in order, and compile() reruns them like backward()', () => {
    // a_k = tanh(x_k) made from k = 7 down to 0, then l_k = a_k·w from k = 0 up: x_7 = 0, a_7 = 1, ...,
    // x_0 = 14, a_0 = 15, w = 16, l_k = 17 + k, the 7 links at 25..31.
    const build = (w: Value): Value => {
      const a = Array.from({ length: 8 }, (_, i) => new Value((7 - i) / 10 + 0.05).tanh()).reverse();
      return a.map((ak) => ak.mul(w)).reduce((acc, l) => acc.add(l));
    };
    const found = findInstances(flatten(build(new Value(0.3)))) as Instances;
    expect([found.n, found.p, found.first]).toEqual([8, 3, 0]);
    expect([...found.pos]).toEqual(Array.from({ length: 8 }, (_, k) => [14 - 2 * k, 15 - 2 * k, 17 + k]).flat());
    expect([...found.links]).toEqual([25, 26, 27, 28, 29, 30, 31]);
    expect([...found.refA]).toEqual([-1, 0, 1]);
    expect([...found.refB]).toEqual([-1, -1, -2 - 16]);
    rerollsLikeBackward(build);
  });

  it('findInstances() counts the uses of the node at tape position 1 read as a second operand', () => {
    // t_k = x_k + x_k, t_0 at position 1 (x_0 at 0); the root adds w·t_0, which reads t_0 a second time:
    // t_0 is then a term of the chain (not a link below it), read by the outer graph too.
    const w = new Value(0.3);
    const terms = Array.from({ length: 8 }, (_, k) => {
      const x = new Value(k / 10 + 0.05);
      return x.add(x);
    });
    const s = terms.reduce((acc, t) => acc.add(t));
    expect(findInstances(flatten(s.add(w.mul(terms[0] as Value))))).toBe('a node is used by two instances, or by an instance and the rest of the graph');
  });
});
