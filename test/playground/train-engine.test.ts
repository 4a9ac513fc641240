import { describe, expect, it } from 'vitest';
import { MLP, OPTIMIZERS, OPTIMIZER_NAMES } from '../../src/index.js';
import { TRAIN_OPTIMIZERS, TrainEngine, argmax } from '../../playground/src/train-engine.js';
import { DEFAULT_LR, TRAIN_DEFAULTS } from '../../playground/src/train-settings.js';
import type { TrainSettings } from '../../playground/src/train-engine.js';

const SMALL: TrainSettings = { ...TRAIN_DEFAULTS, samples: 20, layers: [5, 4] };

describe('TrainEngine (the library\'s model, predictor and optimizers)', () => {
  it("predictor() writes MLP.forward()'s outputs bit for bit, at the weights of when it was made", () => {
    for (const s of [SMALL, { ...SMALL, dataset: 'spiral', activation: 'tanh' } as TrainSettings]) {
      const engine = new TrainEngine(s);
      for (let k = 0; k < 3; k++) engine.step();
      const predict = engine.predictor();
      const out = new Float64Array(s.dataset === 'spiral' ? 3 : 1);
      for (const [x0, x1] of [[0.3, -0.2], [1.5, 0.25], [-1, 1]] as const) {
        predict(x0, x1, out);
        const expected = engine.model.forward([x0, x1]).map((v) => v.data);
        expect([...out].every((o, i) => Object.is(o, expected[i]))).toBe(true);
      }
      const before = [...out];
      engine.step();
      predict(-1, 1, out);
      expect([...out]).toEqual(before);
    }
  });

  it("accuracy() agrees with the Trainer's record of the next step (the same weights, the same points)", () => {
    for (const s of [SMALL, { ...SMALL, dataset: 'spiral' } as TrainSettings]) {
      const engine = new TrainEngine(s);
      for (let k = 0; k < 4; k++) {
        const accuracy = engine.accuracy();
        expect(engine.step().accuracy).toBe(accuracy);
      }
    }
  });

  it("offers the library's optimizers, builds them from the registry, and defaults each to its constant rate", () => {
    expect(TRAIN_OPTIMIZERS).toEqual(OPTIMIZER_NAMES);
    for (const name of OPTIMIZER_NAMES) {
      expect(DEFAULT_LR[name]).toBe(OPTIMIZERS[name].constantLr);
      const engine = new TrainEngine({ ...SMALL, optimizer: name, lr: 0.05 });
      const expected = OPTIMIZERS[name].create(new MLP(2, [1]).parameters(), 0.05);
      expect(engine.optimizer.constructor).toBe(expected.constructor);
      expect(engine.optimizer.lr).toBe(0.05);
    }
    expect(DEFAULT_LR).toEqual({ sgd: 0.3, adam: 0.03, adamw: 0.03 });
  });

  it('argmax is the library\'s: the first largest, -1 at a NaN', () => {
    expect([argmax(Float64Array.of(0.1, 0.7, 0.7)), argmax(Float64Array.of(1, NaN, 2))]).toEqual([1, -1]);
  });
});
