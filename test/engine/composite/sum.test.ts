import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, sum } from '../../../src/index.js';
import { expectBackwardMatchesFiniteDifferences, real } from '../../support/oracles.js';

const list = (min: number, max: number, maxLength = 12) => fc.array(real(min, max), { minLength: 1, maxLength });

describe('sum()', () => {
  it('adds the values left to right, as a reduce over the numbers does', () => {
    fc.assert(
      fc.property(list(-1e6, 1e6), (xs) => {
        expect(sum(xs.map((x) => new Value(x))).data).toBe(xs.reduce((a, b) => a + b));
      }),
    );
  });

  it('gives every Value gradient 1, matching finite differences', () => {
    fc.assert(
      fc.property(list(-100, 100), (xs) => {
        const leaves = xs.map((x) => new Value(x));
        sum(leaves).backward();
        for (const l of leaves) expect(l.grad).toBe(1);
        expectBackwardMatchesFiniteDifferences((...vs) => sum(vs), xs);
      }),
    );
  });

  it('counts a Value listed several times once per occurrence', () => {
    const a = new Value(2);
    const b = new Value(-1);
    const y = sum([a, b, a, a]);
    y.backward();
    expect(y.data).toBe(5);
    expect([a.grad, b.grad]).toEqual([3, 1]);
  });

  it('mixes numbers (constants) with Values', () => {
    const a = new Value(1.5);
    const y = sum([2, a, -0.5, a.mul(a)]);
    y.backward();
    expect(y.data).toBe(2 + 1.5 - 0.5 + 2.25);
    expect(a.grad).toBe(1 + 2 * 1.5);
    expect(sum([1, 2, 3]).data).toBe(6);
  });

  it('of a composed expression matches finite differences', () => {
    fc.assert(
      fc.property(list(-3, 3, 6), (xs) => {
        expectBackwardMatchesFiniteDifferences((...vs) => sum(vs.map((v, i) => v.mul(i + 1).tanh())), xs);
      }),
    );
  });

  it('of an empty list is a Value 0', () => {
    const y = sum([]);
    expect(y).toBeInstanceOf(Value);
    expect(y.data).toBe(0);
    expect(y.parents).toEqual([]);
  });

  it('of one Value is that Value (no extra node)', () => {
    const a = new Value(4);
    expect(sum([a])).toBe(a);
  });

  it('throws a TypeError naming sum and the index of a bad element', () => {
    expect(() => sum([new Value(1), 'x' as unknown as number])).toThrow(TypeError);
    expect(() => sum([new Value(1), 'x' as unknown as number])).toThrow(/sum: values\[1\] must be a Value or a number, got string "x"/);
    expect(() => sum([1, 2, null as unknown as number])).toThrow(/sum: values\[2\].*null/);
    expect(() => sum([undefined as unknown as number])).toThrow(/sum: values\[0\].*undefined/);
  });

  it('throws a TypeError when not given an array', () => {
    expect(() => sum(3 as unknown as number[])).toThrow(/sum: values must be an array of Values or numbers, got number 3/);
  });
});
