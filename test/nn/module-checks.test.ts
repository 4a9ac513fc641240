import { describe, expect, it } from 'vitest';
import { Random, Value } from '../../src/index.js';
import { checkInputs, checkSize, isSize, randomOf } from '../../src/nn/module-checks.js';

describe('module checks', () => {
  it('checkSize() accepts an integer >= 1 and names the caller, the size and the value otherwise', () => {
    expect(() => checkSize('c', 'nin', 1)).not.toThrow();
    for (const [bad, described] of [[0, 'number 0'], [2.5, 'number 2.5'], [NaN, 'number NaN']] as const) {
      expect(() => checkSize('c', 'nin', bad)).toThrow(new RangeError(`c: nin must be an integer >= 1, got ${described}`));
    }
    expect(() => checkSize('c', 'nin', '3')).toThrow(new TypeError('c: nin must be an integer >= 1, got string "3"'));
  });

  it('isSize() is true for the integers >= 1 only', () => {
    expect([1, 2, 7, 2 ** 40].map(isSize)).toEqual([true, true, true, true]);
    expect([0, -1, 0.5, 1.5, NaN, Infinity, '2', null, undefined, [3]].map(isSize)).toEqual(Array(10).fill(false));
  });

  it('randomOf() gives the Random passed, or a new one of the seed (0 by default)', () => {
    const r = new Random(5);
    expect(randomOf('c', { random: r })).toBe(r);
    expect(randomOf('c', { seed: 5 }).next()).toBe(new Random(5).next());
    expect(randomOf('c', {}).next()).toBe(new Random(0).next());
  });

  it('randomOf() rejects options that are not an object, a random that is not a Random, both, and a bad seed', () => {
    expect(() => randomOf('c', null as unknown as object)).toThrow(new TypeError('c: options must be an object, got null'));
    expect(() => randomOf('c', { random: {} as Random })).toThrow(/^c: random must be a Random, got /);
    expect(() => randomOf('c', { random: new Random(1), seed: 1 })).toThrow(new TypeError('c: give random or seed, not both'));
    expect(() => randomOf('c', { seed: -1 })).toThrow(/^c: seed must be an integer/);
  });

  it('checkInputs() wants an array of n Values or numbers, and names the first bad one', () => {
    expect(() => checkInputs('f', [1, new Value(2)], 2)).not.toThrow();
    expect(() => checkInputs('f', 'ab', 2)).toThrow(new TypeError('f: x must be an array of Values or numbers, got string "ab"'));
    expect(() => checkInputs('f', [1], 2)).toThrow(new RangeError('f: expected 2 inputs, got 1'));
    expect(() => checkInputs('f', [1, undefined], 2)).toThrow(new TypeError('f: x[1] must be a Value or a number, got undefined'));
  });
});
