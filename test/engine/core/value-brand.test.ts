import { describe, expect, it } from 'vitest';
import { Value } from '../../../src/index.js';
import { describeOperand } from '../../../src/engine/core/describe.js';

/** An object standing for a Value made by another copy of memograd: the same registered brand, another build token. */
function foreignValue(format: unknown): object {
  return Object.assign(Object.create({ [Symbol.for('memograd.Value')]: { format } }) as object, { data: 1, grad: 0, label: '' });
}

describe("describeOperand() of another copy's Value", () => {
  it('names the other build (ESM vs CommonJS) when it differs from this one', () => {
    expect(describeOperand(foreignValue('cjs'))).toBe(
      "a Value from memograd's CommonJS build, which its source build cannot use: import and require load two copies whose Values do not mix; load memograd one way",
    );
    expect(() => new Value(1).add(foreignValue('esm') as Value)).toThrow(/^Value\.add: expected a Value or a number, got a Value from memograd's ESM build/);
  });

  it('says "another copy" when the build is the same kind or unknown', () => {
    for (const format of ['source', 'umd', undefined]) {
      expect(describeOperand(foreignValue(format))).toBe('a Value from another copy of memograd (a second install?), which this copy cannot use: load memograd once');
    }
  });

  it("calls this copy's own Value an object (Value), whatever its class is called", () => {
    expect(describeOperand(new Value(1))).toBe('an object (Value) {data, grad, label, …}');
    class _Value {}
    expect(describeOperand(new _Value())).toBe('an object (_Value)');
    // A lookalike without the brand is an ordinary object.
    expect(describeOperand({ data: 1, grad: 0 })).toBe('an object {data, grad}');
  });
});

describe("a Value's brand, as another copy of memograd reads it", () => {
  it('is an object naming the build the Value came from (here the source build)', () => {
    // describeOperand() in another copy takes an object brand with a different build for "a Value from memograd's … build".
    const brand = (new Value(1) as unknown as Record<symbol, unknown>)[Symbol.for('memograd.Value')];
    expect(brand).toEqual({ format: 'source' });
  });
});
