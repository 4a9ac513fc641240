import { describe, expect, it } from 'vitest';
import { EXPRESSION_FUNCTIONS, Value } from '../../src/index.js';

describe('EXPRESSION_FUNCTIONS', () => {
  it('EXPRESSION_FUNCTIONS lists every unary op of Value with 1 argument, and max, min, pow, hypot with 2', () => {
    const unary = ['exp', 'log', 'tanh', 'relu', 'sigmoid', 'sqrt', 'abs', 'sin', 'cos', 'softplus', 'log1p', 'expm1', 'tan', 'atan', 'sinh', 'cosh', 'asinh', 'atanh', 'silu', 'erf', 'gelu', 'square', 'logSigmoid'];
    expect(EXPRESSION_FUNCTIONS).toEqual({ ...Object.fromEntries(unary.map((f) => [f, 1])), max: 2, min: 2, pow: 2, hypot: 2 });
    for (const [name, arity] of Object.entries(EXPRESSION_FUNCTIONS)) {
      expect(typeof (Value.prototype as unknown as Record<string, unknown>)[name]).toBe('function');
      expect(((Value.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name] as (...a: unknown[]) => unknown).length).toBe(arity - 1);
    }
  });

  it('EXPRESSION_FUNCTIONS is frozen: no function can be added for the parser to accept', () => {
    expect(Object.isFrozen(EXPRESSION_FUNCTIONS)).toBe(true);
    expect(() => {
      (EXPRESSION_FUNCTIONS as unknown as Record<string, number>).extra = 1;
    }).toThrow(TypeError);
  });
});
