import { describe, expect, it } from 'vitest';
import { Value, customOp } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { MIN_UNITS, findScan } from '../../../src/engine/compile/scan.js';

const scanOf = (root: Value) => findScan(flatten(root));

/** y = tanh(y·w_i + b_i) for `n` steps from a leaf: tape x0, then w_i, mul, b_i, add, tanh per step. */
function tanhChain(n: number): Value {
  let y = new Value(0.5);
  for (let i = 0; i < n; i++) y = y.mul(new Value(1 + i / 100)).add(new Value(i / 1000)).tanh();
  return y;
}

describe('findScan()', () => {
  it('findScan() finds the tanh chain: units of 5 positions from the first whose carry is an op, to the last unit that fits', () => {
    // Positions: x0 = 0, then step i at 5i + 1 .. 5i + 5. The first unit whose carry (the position
    // before it) is an op starts at 3 (its carry is step 1's product); 19 units of 5 fit before the end.
    expect(scanOf(tanhChain(20))).toEqual({ first: 3, period: 5, units: 19, inner: 3, columns: new Map() });
  });

  it('findScan() finds a chain of folded constants, the same in every unit, with no columns', () => {
    const x0 = new Value(1);
    let y = x0;
    for (let i = 0; i < 10; i++) y = y.mul(1.0001).add(0.0001);
    expect(scanOf(y)).toEqual({ first: 2, period: 2, units: 9, inner: 2, columns: new Map() });
  });

  it('findScan() makes a column of each folded constant that differs between units, one number per unit', () => {
    let y = new Value(1);
    for (let i = 0; i < 10; i++) y = y.mul(i + 1).add(0.5).tanh();
    // Units start at the sum (position 2): [add 0.5, tanh, mul (i + 2)]; the product is at offset 2.
    const scan = scanOf(y);
    expect(scan).toMatchObject({ first: 2, period: 3, units: 9, inner: 3 });
    expect([...(scan?.columns.keys() ?? [])]).toEqual([2]);
    expect([...(scan?.columns.get(2) ?? [])]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('findScan() makes a column when only the last unit\'s constant differs, and keeps -0 and 0 apart', () => {
    const ks = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0];
    let y = new Value(1);
    for (const k of ks) y = y.add(k).sin();
    const scan = scanOf(y);
    expect(scan?.columns.size).toBe(1);
    const column = [...(scan?.columns.values() ?? [])][0] as Float64Array;
    expect(Object.is(column[column.length - 1], -0)).toBe(true);
    expect(column.slice(0, -1).every((k) => Object.is(k, 0))).toBe(true);
  });

  it(`findScan() needs ${MIN_UNITS} units in the loop: a tanh chain of ${MIN_UNITS + 1} steps has them, one of ${MIN_UNITS} does not`, () => {
    expect(scanOf(tanhChain(MIN_UNITS + 1))?.units).toBe(MIN_UNITS);
    expect(scanOf(tanhChain(MIN_UNITS))).toBeUndefined();
  });

  it('findScan() takes the chain that covers the most nodes when a graph holds two', () => {
    const p = new Value(0.5);
    let u = p;
    for (let i = 0; i < 12; i++) u = u.tanh();
    let w = p;
    for (let i = 0; i < 12; i++) w = w.sin().mul(0.5);
    // The tanh chain: 11 units of one op; the sine chain: 11 units of two ops, after it.
    expect(scanOf(u.add(w))).toMatchObject({ first: 14, period: 2, units: 11, inner: 2 });
    expect(scanOf(w.add(u))).toMatchObject({ period: 2, units: 11, inner: 2 });
  });

  it('findScan() keeps the period that covers the most nodes, though another is proposed first', () => {
    // The sine chain makes distance 2 the most frequent between ops of one shape, and the tanh
    // chain runs as units of 2 at that period; as units of 1 (proposed third) it covers one more node.
    const p = new Value(0.5);
    let u = p;
    for (let i = 0; i < 40; i++) u = u.tanh();
    let w = p;
    for (let i = 0; i < 12; i++) w = w.sin().mul(0.5);
    expect(scanOf(u.add(w))).toEqual({ first: 2, period: 1, units: 39, inner: 1, columns: new Map() });
  });

  it('findScan() keeps the longer of two chains of one period, before or after the shorter', () => {
    const chain = (x: Value, n: number): Value => {
      let y = x;
      for (let i = 0; i < n; i++) y = y.tanh();
      return y;
    };
    const shortFirst = chain(new Value(0.5), 10);
    expect(scanOf(shortFirst.add(chain(new Value(0.2), 20)))).toMatchObject({ first: 13, period: 1, units: 19 });
    const longFirst = chain(new Value(0.2), 20);
    expect(scanOf(longFirst.add(chain(new Value(0.5), 10)))).toMatchObject({ first: 2, period: 1, units: 19 });
  });

  it('findScan() refuses a graph with a custom op', () => {
    const twice = customOp({ name: 'twice', forward: (x) => 2 * x, derivatives: () => [2] });
    expect(scanOf(twice(tanhChain(20)))).toBeUndefined();
  });

  it('findScan() refuses units that read a node two units back, or a leaf of the unit before', () => {
    let [p, q] = [new Value(1), new Value(1)];
    for (let i = 0; i < 30; i++) [p, q] = [q, q.mul(p)];
    expect(scanOf(q)).toBeUndefined();
    // Each step reads its own leaf and the previous step's leaf: no unit carries one value alone.
    const leaves = Array.from({ length: 31 }, (_, i) => new Value(i / 10));
    let y = leaves[0] as Value;
    for (let i = 1; i < 31; i++) y = y.mul(leaves[i] as Value).add(leaves[i - 1] as Value);
    expect(scanOf(y)).toBeUndefined();
  });

  it('findScan() refuses units whose op is read after the unit: it ends the chain there', () => {
    let y = new Value(0.3);
    const kept: Value[] = [];
    for (let i = 0; i < 14; i++) {
      const inner = y.mul(0.9);
      if (i === 6) kept.push(inner);
      y = inner.tanh();
    }
    // Steps 0..6 and 7..13 each hold fewer than MIN_UNITS units with an op for a carry.
    expect(scanOf(y.add(kept[0] as Value))).toBeUndefined();
  });

  it('findScan() sees a leaf shared by every unit as one fixed position: the unit that reads it first runs before the loop', () => {
    const w = new Value(0.9);
    let y = new Value(0.3);
    for (let i = 0; i < 12; i++) y = y.mul(w).tanh();
    // Positions: y0 = 0, w = 1, then the units [mul, tanh] from 2; the first loop unit's carry must be an op.
    expect(scanOf(y)).toMatchObject({ first: 3, period: 2, units: 11, inner: 2 });
  });
});
