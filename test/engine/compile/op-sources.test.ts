import { describe, expect, it } from 'vitest';
import { OP } from '../../../src/engine/core/ops.js';
import { contributions } from '../../../src/engine/compile/op-sources.js';

// contributions() is the one rule every generated backward step follows (generate.ts, scan-kernel.ts,
// reroll-emit.ts): the examples here pin its text; the compile tests check the numbers it makes.

describe('contributions', () => {
  it('passes +0 along stopGradient whatever the adjoint, never adjoint * 0 (NaN for an infinite adjoint)', () => {
    expect(contributions(OP.STOP_GRADIENT, 'adj', 'x0', '0', 'x1', undefined, false)).toEqual({ toA: '0', toB: null });
    expect(contributions(OP.STOP_GRADIENT, 't', 'v[0]', 'v[2]', 'v[1]', undefined, true)).toEqual({ toA: '0', toB: '0' });
  });

  it('passes the adjoint itself for a constant slope of 1 and its negation for -1, named as the caller names it', () => {
    expect(contributions(OP.ADD, 't', 'v[0]', 'v[1]', 'v[2]', undefined, true)).toEqual({ toA: 't', toB: 't' });
    expect(contributions(OP.SUB, 'd3', 'x0', 'x1', 'x3', undefined, true)).toEqual({ toA: 'd3', toB: '-d3' });
    expect(contributions(OP.NEG, 'adj', 'x0', 'k0', 'x1', undefined, false)).toEqual({ toA: '-adj', toB: null });
  });

  it('multiplies by a slope read from values, even one that is the text 1 (x.mul(1)\'s operand)', () => {
    expect(contributions(OP.MULC, 't', 'v[0]', '1', 'v[1]', 1, false)).toEqual({ toA: 't * 1', toB: null });
    expect(contributions(OP.MUL, 'd2', 'x0', 'x1', 'x2', undefined, true)).toEqual({ toA: 'd2 * x1', toB: 'd2 * x0' });
  });

  it('gives no second contribution for a folded constant, and folds pow\'s constant exponent into its slope', () => {
    expect(contributions(OP.POWC, 't', 'v[0]', '3', 'v[1]', 3, false)).toEqual({ toA: 't * (3 * Math.pow(v[0], 2))', toB: null });
    expect(contributions(OP.POWC, 't', 'v[0]', '0', 'v[1]', 0, false)).toEqual({ toA: 't * 0', toB: null });
  });

  it('throws on an op code without a row, naming it', () => {
    expect(() => contributions(99, 't', 'v[0]', 'v[1]', 'v[2]', undefined, true)).toThrow(new Error('memograd: compile: unknown op code 99'));
  });
});
