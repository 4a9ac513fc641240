import { describe, expect, it } from 'vitest';
import { cosineDecay, linearDecay, stepDecay } from '../../src/index.js';

describe('learning-rate schedules', () => {
  it("linearDecay(1.0, 0.1, 100) is micrograd's 1.0 - 0.9*k/100, bit for bit, then stays at 0.1", () => {
    const lr = linearDecay(1.0, 0.1, 100);
    for (let k = 0; k < 100; k++) expect(lr(k)).toBe(1.0 - (0.9 * k) / 100);
    expect(lr(100)).toBe(0.1);
    expect(lr(250)).toBe(0.1);
  });

  it('cosineDecay() runs from start to end along half a cosine', () => {
    const lr = cosineDecay(1, 0.2, 10);
    expect(lr(0)).toBe(1);
    expect(lr(5)).toBeCloseTo(0.6, 15);
    expect(lr(10)).toBe(0.2);
    expect(lr(11)).toBe(0.2);
    for (let k = 1; k <= 10; k++) expect(lr(k)).toBeLessThan(lr(k - 1));
  });

  it('stepDecay() multiplies by the factor every few steps', () => {
    const lr = stepDecay(0.8, 0.5, 3);
    expect([0, 1, 2, 3, 5, 6, 9].map(lr)).toEqual([0.8, 0.8, 0.8, 0.4, 0.4, 0.2, 0.1]);
  });

  it('the schedule makers reject bad arguments, naming them', () => {
    expect(() => linearDecay(1, 0.1, 0)).toThrow('linearDecay: steps must be an integer >= 1, got number 0');
    expect(() => cosineDecay(-1, 0.1, 10)).toThrow('cosineDecay: start must be a finite number >= 0, got number -1');
    expect(() => stepDecay(1, 0.5, 1.5)).toThrow('stepDecay: every must be an integer >= 1, got number 1.5');
    expect(() => linearDecay(1, NaN, 10)).toThrow(RangeError);
    expect(() => linearDecay(1, -0.5, 10)).toThrow(new RangeError('linearDecay: end must be a finite number >= 0, got number -0.5'));
    expect(() => cosineDecay(1, Infinity, 10)).toThrow(new RangeError('cosineDecay: end must be a finite number >= 0, got number Infinity'));
    expect(() => stepDecay(-0.1, 0.5, 10)).toThrow(new RangeError('stepDecay: start must be a finite number >= 0, got number -0.1'));
    expect(() => stepDecay(0.1, -2, 10)).toThrow(new RangeError('stepDecay: factor must be a finite number >= 0, got number -2'));
    expect(() => stepDecay(0.1, '0.5' as unknown as number, 10)).toThrow(new TypeError('stepDecay: factor must be a finite number >= 0, got string "0.5"'));
  });
});
