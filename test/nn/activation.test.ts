import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, Value } from '../../src/index.js';
import { activate, checkActivation } from '../../src/nn/activation.js';

describe('activation', () => {
  it('activate() applies the op of each name, and linear returns the Value itself', () => {
    for (const x of [-2, -0.5, 0, 0.5, 2]) {
      const v = new Value(x);
      expect(activate(v, 'relu').data).toBe(v.relu().data);
      expect(activate(v, 'tanh').data).toBe(Math.tanh(x));
      expect(activate(v, 'sigmoid').data).toBe(v.sigmoid().data);
      expect(activate(v, 'linear')).toBe(v);
    }
    expect(activate(new Value(1), 'tanh').op).toBe('tanh');
  });

  it('HIDDEN_ACTIVATIONS lists relu, tanh and sigmoid, not linear, and cannot be changed', () => {
    expect(HIDDEN_ACTIVATIONS).toEqual(['relu', 'tanh', 'sigmoid']);
    expect(Object.isFrozen(HIDDEN_ACTIVATIONS)).toBe(true);
  });

  it('checkActivation() returns a name it allows and names the caller and the value otherwise', () => {
    expect(checkActivation('f', 'linear')).toBe('linear');
    expect(checkActivation('f', 'tanh', HIDDEN_ACTIVATIONS)).toBe('tanh');
    expect(() => checkActivation('new MLP', 'linear', HIDDEN_ACTIVATIONS)).toThrow(new RangeError('new MLP: activation must be one of relu, tanh, sigmoid, got string "linear"'));
    expect(() => checkActivation('f', 3)).toThrow(new RangeError('f: activation must be one of relu, tanh, sigmoid, linear, got number 3'));
  });
});
