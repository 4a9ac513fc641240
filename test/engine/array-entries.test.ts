import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOLE, checkEntries, describeEntry, firstBadEntry } from '../../src/engine/array-entries.js';

const isNumber = (x: unknown) => typeof x === 'number';

describe('firstBadEntry', () => {
  it('finds a hole that forEach skips: [1, , 3] at 1, new Array(2) at 0', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    let visited = 0;
    sparse.forEach(() => visited++);
    expect(visited).toBe(2);
    expect(firstBadEntry(sparse, () => true)).toBe(1);
    expect(firstBadEntry(new Array(2), () => true)).toBe(0);
  });

  it('tells an undefined entry (given to accepts) from a hole (refused whatever accepts says)', () => {
    const seen: unknown[] = [];
    expect(firstBadEntry([undefined, 2], (x) => (seen.push(x), true))).toBe(-1);
    expect(seen).toEqual([undefined, 2]);
    expect(firstBadEntry([undefined, 2], isNumber)).toBe(0);
  });

  it('returns the first bad index, in order, and -1 for none or an empty array', () => {
    expect(firstBadEntry([1, 'a', null], isNumber)).toBe(1);
    expect(firstBadEntry([1, 2], isNumber)).toBe(-1);
    expect(firstBadEntry([], isNumber)).toBe(-1);
  });

  it('ignores non-index properties of the array', () => {
    const xs = Object.assign([1, 2], { extra: 'x' });
    expect(firstBadEntry(xs, isNumber)).toBe(-1);
  });

  it('on any array with some indices deleted, returns the smallest deleted index (by Object.hasOwn), or -1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 20 }), fc.array(fc.nat({ max: 19 })), (values, deleted) => {
        const xs = values.slice();
        for (const k of deleted) delete xs[k];
        let expected = -1;
        for (let i = values.length - 1; i >= 0; i--) if (!Object.hasOwn(xs, i)) expected = i;
        expect(firstBadEntry(xs, isNumber)).toBe(expected);
      }),
    );
  });
});

describe('describeEntry and checkEntries', () => {
  it('describeEntry names a hole as such and an entry by describeOperand', () => {
    // eslint-disable-next-line no-sparse-arrays
    const xs = [, undefined, 'ab'];
    expect(describeEntry(xs, 0)).toBe(HOLE);
    expect(describeEntry(xs, 1)).toBe('undefined');
    expect(describeEntry(xs, 2)).toBe('string "ab"');
  });

  it('checkEntries throws one line naming the caller, the index and the bad value; a hole is a TypeError even where other entries get Bad', () => {
    expect(() => checkEntries('f', 'xs', [1, 'a'], 'a number', isNumber)).toThrow(new TypeError('f: xs[1] must be a number, got string "a"'));
    expect(() => checkEntries('f', 'xs', [1, -1], 'positive', (x) => (x as number) > 0, RangeError)).toThrow(RangeError);
    // eslint-disable-next-line no-sparse-arrays
    const holed = [1, , 2];
    expect(() => checkEntries('f', 'xs', holed, 'positive', () => true, RangeError)).toThrow(new TypeError(`f: xs[1] must be positive, got ${HOLE}`));
    let error: unknown;
    try {
      checkEntries('f', 'xs', holed, 'positive', () => true, RangeError);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(() => checkEntries('f', 'xs', [1, 2], 'a number', isNumber)).not.toThrow();
  });
});
