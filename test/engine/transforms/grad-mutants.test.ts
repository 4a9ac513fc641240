/**
 * Tests written to kill the mutants of grad.ts that `npm run mutation` would let through (see
 * docs/mutation-testing.md). Each expectation is hand-computed.
 */
import { describe, expect, it } from 'vitest';
import { Value, grad, noGrad, valueAndGrad } from '../../../src/index.js';

type F = (...xs: Value[]) => Value;

describe('grad() and valueAndGrad(): the arguments f receives', () => {
  it('f receives the very Values passed, each passed once, so that outer derivatives flow into them', () => {
    const x = new Value(3);
    const y = new Value(5);
    let seen: Value[] = [];
    const f: F = (a, b) => {
      seen = [a as Value, b as Value];
      return (a as Value).mul(b as Value);
    };
    expect(grad(f, [0, 1])(x, y).map((g) => g.data)).toEqual([5, 3]);
    expect(seen[0]).toBe(x);
    expect(seen[1]).toBe(y);
    valueAndGrad(f)(x, y);
    expect(seen[0]).toBe(x);
    expect(seen[1]).toBe(y);
  });

  it('a Value passed in two positions gets a gradient per position, not their sum: d(ab + a)/da = b + 1 = 4, d/db = a = 3', () => {
    const v = new Value(3);
    const f: F = (a, b) => (a as Value).mul(b as Value).add(a as Value);
    let seen: Value[] = [];
    const [da, db] = grad((a, b) => {
      seen = [a as Value, b as Value];
      return f(a as Value, b as Value);
    }, [0, 1])(v, v);
    expect([da?.data, db?.data]).toEqual([4, 3]);
    // Each position is a node of its own, and both lead back to v: d(da + db)/dv = d(2v + 1)/dv = 2.
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen.includes(v)).toBe(false);
    (da as Value).add(db as Value).backward();
    expect(v.grad).toBe(2);
    // Three times: a·b·c at (2, 2, 2) has each partial 4.
    expect(grad((a, b, c) => (a as Value).mul(b as Value).mul(c as Value), [0, 1, 2])(new Value(2), new Value(2), new Value(2)).map((g) => g.data)).toEqual([4, 4, 4]);
    const w = new Value(2);
    expect(grad((a, b, c) => (a as Value).mul(b as Value).mul(c as Value), [0, 1, 2])(w, w, w).map((g) => g.data)).toEqual([4, 4, 4]);
  });
});

describe('grad() and valueAndGrad() check their arguments', () => {
  it('throw a RangeError for an argnums that is not a number at all', () => {
    const f: F = (a) => a as Value;
    expect(() => grad(f, ['1'] as never)).toThrow(new RangeError('grad: argnums[0] must be a non-negative integer, got string "1"'));
    expect(() => valueAndGrad(f, null as never)).toThrow(new RangeError('valueAndGrad: argnums must be non-negative integers, got null'));
    expect(() => grad(f, 0)).not.toThrow();
  });

  it('throw a TypeError naming the function for options that are not an object', () => {
    const f: F = (a) => a as Value;
    expect(() => grad(f, 0, null as never)).toThrow(new TypeError('grad: options must be an object, got null'));
    expect(() => valueAndGrad(f, 0, 5 as never)).toThrow(new TypeError('valueAndGrad: options must be an object, got number 5'));
  });

  it('throw inside noGrad(), where the graph of f would not be recorded', () => {
    expect(() => noGrad(() => grad((a: Value) => a.mul(a))(2))).toThrow(/^gradients: cannot build gradients inside noGrad\(\)/);
  });
});
