/**
 * flatten()'s refusals (src/engine/compile/tape.ts): isRefusal() tells compile()'s refusal of a
 * graph apart from every other error, which the Trainer then lets through.
 */
import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, gradients } from '../../../src/index.js';
import { isRefusal } from '../../../src/engine/compile/tape.js';

/** What `f` throws (the test fails if it throws nothing). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('isRefusal', () => {
  it("isRefusal() is true for compile()'s refusals: a detach()ed Value and a custom op's derivative without derivativeValues", () => {
    const x = new Value(2);
    expect(isRefusal(thrown(() => compile(x.mul(3).detach().add(x))))).toBe(true);
    const cube = customOp({ name: 'cube', forward: (u) => u * u * u, derivatives: (_o, u) => [3 * u * u] });
    const y = new Value(0.5);
    const [d] = gradients(cube(y), [y]);
    expect(isRefusal(thrown(() => compile(d as Value)))).toBe(true);
  });

  it('isRefusal() is false for compile()\'s bad arguments, other errors and non-errors, null and undefined included', () => {
    expect(isRefusal(thrown(() => compile(3 as unknown as Value)))).toBe(false);
    expect(isRefusal(thrown(() => compile(new Value(1), { mode: 'fast' as 'auto' })))).toBe(false);
    expect(isRefusal(new Error('compile: the graph holds a value fixed when it was built'))).toBe(false);
    for (const other of [null, undefined, 0, 'compile: refused', {}]) expect(isRefusal(other)).toBe(false);
  });
});
