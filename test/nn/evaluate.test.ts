import { describe, expect, it } from 'vitest';
import { MLP, evaluate } from '../../src/index.js';

// A model whose hidden unit is off for every point: the score is the output bias (0), whatever the
// output weight, so the hinge loss is 1 on each point and the accuracy is the share of -1 labels.
function deadUnitModel(outputWeight: number): MLP {
  const model = new MLP(2, [1, 1]);
  const [w0, w1, b, v, c] = model.parameters();
  [w0, w1, b, v, c].forEach((p, i) => {
    if (p !== undefined) p.data = [1, 1, -10, outputWeight, 0][i] as number;
  });
  return model;
}

const data = { X: [[0, 0], [1, 0], [0, 1], [1, 1]], y: [-1, 1, -1, 1] };

describe('evaluate', () => {
  it('with alpha 0 adds no penalty at all: a weight of 1e200 (whose square overflows) leaves the hinge loss at 1, not NaN', () => {
    expect(evaluate(deadUnitModel(1e200), data, 'hinge', 0)).toEqual({ loss: 1, accuracy: 0.5 });
  });

  it('with alpha > 0 adds alpha·Σp² to the data loss (here 1 + 1e-4 · (1 + 1 + 100 + 4))', () => {
    expect(evaluate(deadUnitModel(2), data, 'hinge', 1e-4).loss).toBe(1 + (1 + 1 + 100 + 4 + 0) * 1e-4);
  });
});
