/**
 * Tests written to kill the mutants of hessian.ts that `npm run mutation` would let through (see
 * docs/mutation-testing.md). Each expectation is hand-computed.
 */
import { describe, expect, it } from 'vitest';
import { NonFiniteError, Value, hessian, hvp } from '../../../src/index.js';

type F = (...xs: Value[]) => Value;

describe('hessian() and hvp() check their arguments', () => {
  it('throw a TypeError naming the function for options that are not an object', () => {
    const f: F = (a) => (a as Value).mul(a as Value);
    expect(() => hessian(f, null as never)).toThrow(new TypeError('hessian: options must be an object, got null'));
    expect(() => hvp(f, [1], [1], 'x' as never)).toThrow(new TypeError('hvp: options must be an object, got string "x"'));
  });

  it('hvp throws a TypeError naming hvp when f does not return a Value', () => {
    expect(() => hvp((() => 2) as unknown as F, [1], [1])).toThrow(new TypeError('hvp: f must return a Value, got number 2'));
  });

  it('hvp with checkFinite throws a NonFiniteError at log(0), and without it gives the IEEE results', () => {
    // d²/dx² log x = -1/x² = -Infinity at 0, times v = 1.
    expect(() => hvp((a) => a.log(), [0], [1], { checkFinite: true })).toThrow(NonFiniteError);
    expect(hvp((a) => a.log(), [0], [1])).toEqual([-Infinity]);
  });
});
