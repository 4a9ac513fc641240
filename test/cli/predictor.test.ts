import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MLP } from '../../src/index.js';
import { predictor } from '../../src/cli/predictor.js';
import { real } from '../support/arbitraries.js';

describe('predictor', () => {
  it.each(['relu', 'tanh', 'sigmoid'] as const)('predictor(model) gives model.forward()\'s outputs bit for bit (%s)', (activation) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), real(-4, 4), real(-4, 4), (seed, a, b) => {
        const model = new MLP(2, [6, 5, 3], { activation, seed });
        model.parameters().forEach((p, k) => (p.data += (k % 7) * 0.03));
        expect(predictor(model)([a, b])).toEqual(model.forward([a, b]).map((v) => v.data));
      }),
      { numRuns: 60 },
    );
  });

  it('reads the parameters once: later changes to the model do not move it', () => {
    const model = new MLP(2, [3, 1], { seed: 1 });
    const before = model.score([1, 1]).data;
    const predict = predictor(model);
    model.parameters().forEach((p) => (p.data += 1));
    expect(predict([1, 1])).toEqual([before]);
  });
});
