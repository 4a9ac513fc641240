import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkEntries, describeEntry, firstBadEntry } from '../../../src/engine/core/array-entries.js';
import { Value, customOp, grad, gradcheck, gradients, hvp, jvp, sum, vjp, zeroGrad } from '../../../src/index.js';

// Written out, not imported: the messages are checked against the text users see.
const HOLE = 'a hole (a missing entry)';
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

// The engine's callers of the shared check, each with a hole: test/array-holes.test.ts tries every
// public function, first, middle and last; these are the engine's own, in the suite the mutation
// run uses (test/engine), so that the messages' every part is pinned there too.
describe('the engine names a hole by its index, in the message of any bad entry', () => {
  // eslint-disable-next-line no-sparse-arrays
  const gap = <T>(a: T, b: T): T[] => [a, , b] as T[];
  const f2 = (a: Value, b: Value) => a.mul(b);
  const hole = (call: () => unknown): string => {
    try {
      call();
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
      return (e as Error).message;
    }
    return 'no error';
  };

  it.each([
    ['sum', () => sum(gap(1, 2)), `sum: values[1] must be a Value or a number, got ${HOLE}`],
    ['jvp xs', () => jvp(f2, gap(1, 2), [1, 0, 0]), `jvp: xs[1] must be a number or a Value, got ${HOLE}`],
    ['jvp v', () => jvp(f2, [1, 2, 3], gap(1, 0)), `jvp: v[1] must be a number or a Value, got ${HOLE}`],
    ['jvp outputs', () => jvp((a) => gap(a, a), [1], [1]), `jvp: f must return Values, got ${HOLE} at index 1`],
    ['vjp pullback', () => vjp((a) => [a, a, a], [1])[1](gap(1, 0)), `vjp: cotangent[1] must be a number, got ${HOLE}`],
    ['grad argnums', () => grad(f2, gap(0, 1) as never), `grad: argnums[1] must be a non-negative integer, got ${HOLE}`],
    ['hvp xs', () => hvp(f2, gap(1, 2) as never, [1, 0, 0] as never), `hvp: xs[1] must be a number, got ${HOLE}`],
    ['hvp v', () => hvp(f2, [1, 2, 3] as never, gap(1, 0) as never), `hvp: v[1] must be a number, got ${HOLE}`],
    ['gradcheck xs', () => gradcheck(f2, gap(1, 2)), `gradcheck: xs[1] must be a number, got ${HOLE}`],
    ['gradients wrt', () => gradients(new Value(1).mul(2), gap(new Value(1), new Value(2))), `gradients: wrt[1] must be a Value, got ${HOLE}`],
    ['zeroGrad', () => zeroGrad(gap(new Value(1), new Value(2))), `zeroGrad: expected Values, got ${HOLE} at index 1`],
    [
      'customOp derivatives',
      () => customOp({ name: 'h', arity: 2, forward: (a, b) => a * b, derivatives: () => [1, , 2].slice(1) as number[] })(1, 2),
      `customOp 'h': derivatives must return an array of 2 number(s), got ${HOLE} at index 0`,
    ],
    [
      'customOp derivativeValues',
      () => {
        const [x, y] = [new Value(1), new Value(2)];
        const op = customOp({ name: 'h', arity: 2, forward: (a, b) => a * b, derivatives: (_o, a, b) => [b, a], derivativeValues: (_o, a) => [a, , a].slice(1) as Value[] });
        return gradients(op(x, y), [x, y]);
      },
      `customOp 'h': derivativeValues must return an array of 2 Value(s), got ${HOLE} at index 0`,
    ],
  ] as const)('%s', (_, call, message) => {
    expect(hole(call)).toBe(message);
  });

  it('zeroGrad() checks a whole array, or any iterable, before zeroing anything', () => {
    const [a, b] = [new Value(1), new Value(2)];
    a.grad = 3;
    b.grad = 4;
    expect(() => zeroGrad([a, 'x' as unknown as Value, b])).toThrow(new TypeError('zeroGrad: expected Values, got string "x" at index 1'));
    expect(() => zeroGrad(new Set([a, 5 as unknown as Value]))).toThrow(new TypeError('zeroGrad: expected Values, got number 5 at index 1'));
    expect([a.grad, b.grad]).toEqual([3, 4]);
    zeroGrad(new Set([a, b]));
    expect([a.grad, b.grad]).toEqual([0, 0]);
  });
});
