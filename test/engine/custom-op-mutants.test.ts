/**
 * Tests for the mutants of custom-op.ts (see docs/mutation-testing.md), and for what reading them
 * turned up. Each expectation is hand-computed or a closed form: none compares the engine with itself.
 */
import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, noGrad } from '../../src/index.js';

const softsign = customOp({
  name: 'softsign',
  forward: (x) => x / (1 + Math.abs(x)),
  derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2],
});

describe('customOp under noGrad, compiled', () => {
  it('compile() refuses a custom op result made inside noGrad, as it refuses a built-in op made there', () => {
    // Made inside noGrad, softsign(x) is fixed at softsign(2) = 2/3: a run() at x = 3 would replay
    // 3 · 2/3 = 2 where a rebuild gives 3 · 3/4 = 2.25.
    const fixed = /^compile: the graph holds a value fixed when it was built/;
    const x = new Value(2);
    expect(() => compile(x.mul(noGrad(() => x.exp())))).toThrow(fixed);
    expect(() => compile(x.mul(noGrad(() => softsign(x))))).toThrow(fixed);
  });
});
