import { describe, expect, it } from 'vitest';
import { Value } from '../../../src/index.js';
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

