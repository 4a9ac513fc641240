import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, gradcheck } from '../../../src/index.js';

describe('gradcheck()', () => {
  it('passes correct gradients and reports value, analytic, numeric and error per input', () => {
    const result = gradcheck((x, y) => x.mul(y).tanh(), [0.3, -1.2]);
    expect(result.ok).toBe(true);
    expect(result.value).toBe(Math.tanh(0.3 * -1.2));
    expect(result.inputs).toHaveLength(2);
    const sech2 = 1 - Math.tanh(-0.36) ** 2;
    const [dx, dy] = result.inputs;
    expect(dx?.analytic).toBeCloseTo(-1.2 * sech2, 14);
    expect(dy?.analytic).toBeCloseTo(0.3 * sech2, 14);
    expect(dx?.numeric).toBeCloseTo(-1.2 * sech2, 8);
    expect(dx?.error).toBe(Math.abs((dx?.analytic ?? 0) - (dx?.numeric ?? 0)));
    expect(dx?.index).toBe(0);
  });

  it('catches a deliberately wrong derivative', () => {
    // f(x) = x³ written so backward sees 2x² instead of 3x²: x.pow(2) recorded, then x multiplied
    // in as a detached constant. The forward value is right, the gradient is not.
    const wrong = (x: Value) => x.pow(2).mul(x.data);
    const result = gradcheck(wrong, [1.7]);
    expect(result.ok).toBe(false);
    expect(result.inputs[0]?.analytic).toBeCloseTo(2 * 1.7 ** 2, 12);
    expect(result.inputs[0]?.numeric).toBeCloseTo(3 * 1.7 ** 2, 6);
  });

  it('catches an error as small as one part in a thousand of the gradient, with default tolerances', () => {
    // The value is 1.002x - 0.002x = x, slope 1, but the second term is a constant to backward(),
    // which reports 1.002: off by 2e-3, twice the default rtol.
    const skewed = (x: Value) => x.mul(1.002).add(-0.002 * x.data);
    const result = gradcheck(skewed, [5]);
    expect(result.ok).toBe(false);
    expect(result.inputs[0]?.numeric).toBeCloseTo(1, 6);
  });

  it('passes random smooth compositions', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (a, b) => gradcheck((x, y) => x.tanh().mul(y.sigmoid()).add(x.mul(y).exp().log()), [a, b]).ok,
      ),
    );
  });

  it('scales the step to each input so large inputs are checked too', () => {
    expect(gradcheck((x) => x.mul(x), [1e8]).ok).toBe(true);
  });

  it('respects atol and rtol', () => {
    const skewed = (x: Value) => x.mul(1.002).add(-0.002 * x.data);
    expect(gradcheck(skewed, [5], { rtol: 0.01 }).ok).toBe(true);
    expect(gradcheck(skewed, [5], { rtol: 0, atol: 0.01 }).ok).toBe(true);
  });

  it('leaves the gradients of Values that f closes over as they were', () => {
    const w = new Value(2);
    w.grad = 0.25;
    const result = gradcheck((x) => x.mul(w).tanh(), [0.3]);
    expect(result.ok).toBe(true);
    expect(result.inputs[0]?.analytic).toBeCloseTo(2 * (1 - Math.tanh(0.6) ** 2), 14);
    expect(w.grad).toBe(0.25);
  });

  it('throws a RangeError when eps gives no usable step, instead of reporting NaN', () => {
    expect(() => gradcheck((x) => x.mul(x), [1], { eps: 1e-300 })).toThrow(/eps = 1e-300 gives no usable step at xs\[0\] = 1/);
    expect(() => gradcheck((x) => x.mul(x), [1e10], { eps: 1e300 })).toThrow(RangeError);
  });

  it('disagrees within one step of a kink, as documented: relu at 0', () => {
    const result = gradcheck((x) => x.relu(), [0]);
    expect(result.inputs[0]?.analytic).toBe(0);
    expect(result.inputs[0]?.numeric).toBeCloseTo(0.5, 9);
    expect(result.ok).toBe(false);
  });

  it('rejects bad arguments with TypeError or RangeError naming them', () => {
    expect(() => gradcheck('f' as unknown as (x: Value) => Value, [1])).toThrow(/gradcheck: f must be a function/);
    expect(() => gradcheck((x) => x, 1 as unknown as number[])).toThrow(TypeError);
    expect(() => gradcheck((x) => x, ['1' as unknown as number])).toThrow(/xs\[0\] must be a number, got string "1"/);
    expect(() => gradcheck((x) => x, [NaN])).toThrow(RangeError);
    expect(() => gradcheck((x) => x, [Infinity])).toThrow(/xs\[0\] must be finite/);
    expect(() => gradcheck((x) => x.data as unknown as Value, [1])).toThrow(/f must return a Value, got number 1/);
    expect(() => gradcheck((x) => x, [1], { atol: -1 })).toThrow(/atol must be a finite number >= 0/);
    expect(() => gradcheck((x) => x, [1], { eps: 0 })).toThrow(/eps must be positive/);
    expect(() => gradcheck((x) => x, [1], null as unknown as object)).toThrow(/gradcheck: options must be an object, got null/);
  });

  it('gradcheck() leaves the .grad of every Value f closes over as it was, inner nodes and -0 included', () => {
    const w = new Value(0.5, 'w');
    const inner = w.mul(3);
    const deeper = inner.tanh();
    w.grad = 2;
    inner.grad = 7;
    deeper.grad = -0;
    const r = gradcheck((x) => x.mul(deeper).add(inner.mul(x)).sigmoid(), [0.3]);
    expect(r.ok).toBe(true);
    expect([w.grad, inner.grad]).toEqual([2, 7]);
    expect(Object.is(deeper.grad, -0)).toBe(true);
  });
});
