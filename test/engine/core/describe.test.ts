import { describe, expect, it } from 'vitest';
import { describeOperand } from '../../../src/engine/core/describe.js';

describe('describeOperand()', () => {
  it('names the type and shows short values', () => {
    expect(describeOperand('abc')).toBe('string "abc"');
    expect(describeOperand(3n)).toBe('bigint 3n');
    expect(describeOperand(undefined)).toBe('undefined');
    expect(describeOperand(null)).toBe('null');
    expect(describeOperand(false)).toBe('boolean false');
    expect(describeOperand(NaN)).toBe('number NaN');
    expect(describeOperand(Symbol('s'))).toBe('symbol s');
    expect(describeOperand(() => 1)).toBe('a function');
    expect(describeOperand([1, 2])).toBe('an array of length 2');
    expect(describeOperand({})).toBe('an object');
    expect(describeOperand({ data: 1, grad: 2 })).toBe('an object {data, grad}');
    expect(describeOperand({ a: 1, b: 2, c: 3, d: 4 })).toBe('an object {a, b, c, …}');
    expect(describeOperand(new Map())).toBe('an object (Map)');
    expect(describeOperand(Object.create(null))).toBe('an object');
  });

  it('truncates long strings', () => {
    expect(describeOperand('x'.repeat(100))).toBe(`string "${'x'.repeat(40)}…"`);
  });
});
