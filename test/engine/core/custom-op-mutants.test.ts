/**
 * Tests for the mutants of custom-op.ts (see docs/mutation-testing.md), and for what reading them
 * turned up. Each expectation is hand-computed or a closed form: none compares the engine with itself.
 */
import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, grad, noGrad, type CustomOpSpec } from '../../../src/index.js';

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

describe('customOp checks what the user gives and what the op returns, naming the op', () => {
  const ok = { name: 'ok', forward: (x: number) => x, derivatives: () => [1] };

  it("customOp('softsign') throws a TypeError that says the spec must be an object, not a later property error", () => {
    expect(() => customOp('softsign' as unknown as CustomOpSpec)).toThrow(
      new TypeError('customOp: spec must be an object, got string "softsign"'),
    );
    expect(() => customOp(undefined as unknown as CustomOpSpec)).toThrow(new TypeError('customOp: spec must be an object, got undefined'));
  });

  it('an op whose derivatives returns a one-character string throws the TypeError naming the op, not a raw one', () => {
    // 'a' has length 1, the op's arity: only the array check tells it from [1].
    const text = customOp({ ...ok, derivatives: () => 'a' as unknown as number[] });
    expect(() => text(new Value(1))).toThrow(
      new TypeError('customOp \'ok\': derivatives must return an array of 1 number(s), got string "a"'),
    );
  });

  it('an op whose derivativeValues returns two Values for one input throws, at second order, the TypeError naming the op', () => {
    const two = customOp({ ...ok, derivativeValues: (_out, x) => [x as Value, x as Value] });
    expect(() => grad(grad((v) => two(v)))(1)).toThrow(
      new TypeError("customOp 'ok': derivativeValues must return an array of 1 Value(s), got an array of length 2"),
    );
  });

  it('an op whose derivativeValues returns a one-character string throws the TypeError naming the op, not a raw one', () => {
    const text = customOp({ ...ok, derivativeValues: () => 'a' as unknown as Value[] });
    expect(() => grad(grad((v) => text(v)))(1)).toThrow(
      new TypeError('customOp \'ok\': derivativeValues must return an array of 1 Value(s), got string "a"'),
    );
  });
});

describe('customOp checks every derivative Value of a two-input op', () => {
  it('an op whose derivativeValues returns a Value and a number throws, at second order, the TypeError naming the op', () => {
    const half = customOp({
      name: 'prod',
      forward: (x, y) => x * (y as number),
      derivatives: (_out, x, y) => [y as number, x],
      derivativeValues: (_out, _x, y) => [y as Value, 1 as unknown as Value],
    });
    expect(() => grad(grad((a, b) => half(a, b as Value)))(2, 3)).toThrow(
      new TypeError("customOp 'prod': derivativeValues must return an array of 2 Value(s), got number 1 at index 1"),
    );
  });
});
