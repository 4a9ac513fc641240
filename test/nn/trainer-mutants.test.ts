import { describe, expect, it } from 'vitest';
import { MLP, Random, SGD, Trainer, evaluate, makeMoons, makeSpiral } from '../../src/index.js';
import type { Dataset, TrainerConfig } from '../../src/index.js';

// Tests written from the survivors of the mutation run over trainer.ts, fit.ts and evaluate.ts
// (docs/mutation-testing.md): each pins a result a wrong program would change.

function hingeSetup(lr = 0.1): Pick<TrainerConfig, 'model' | 'data' | 'objective' | 'alpha' | 'optimizer'> {
  const model = new MLP(2, [3, 1], { seed: 4 });
  return { model, data: makeMoons(8, { seed: 1, noise: 0.1 }), objective: 'hinge', alpha: 0, optimizer: new SGD(model.parameters(), { lr }) };
}

const pick = (data: Dataset, idx: readonly number[]): Dataset => ({ X: idx.map((i) => data.X[i] as number[]), y: idx.map((i) => data.y[i] as number) });

describe('Trainer: batches and generators', () => {
  it('step() draws each batch as the first batchSize of a shuffle continued from the previous step\'s order (lr 0: the model stays put)', () => {
    const setup = hingeSetup(0);
    const trainer = new Trainer({ ...setup, batchSize: 3, random: new Random(3) });
    const r = new Random(3);
    const order = Array.from({ length: 8 }, (_, i) => i);
    for (let k = 0; k < 4; k++) {
      const batch = r.shuffle(order).slice(0, 3);
      expect(trainer.step().loss).toBe(evaluate(setup.model, pick(setup.data, batch), 'hinge', 0).loss);
    }
  });

  it('new Trainer without random draws the batches of new Random(0), and with one draws from it', () => {
    const losses = (random: Random | undefined) => {
      const trainer = new Trainer({ ...hingeSetup(), batchSize: 3, random });
      return [0, 1, 2].map(() => trainer.step().loss);
    };
    expect(losses(undefined)).toEqual(losses(new Random(0)));
    const given = new Random(5);
    expect(losses(given)).toEqual(losses(new Random(5)));
    expect(given.next()).not.toBe(new Random(5).next());
  });

  it('a batchSize of n (softmax, dynamic path) takes the whole set in order and draws nothing from the generator', () => {
    const run = (batchSize: number | undefined, random: Random) => {
      const model = new MLP(2, [3, 3], { seed: 2 });
      const trainer = new Trainer({ model, data: makeSpiral(9, { seed: 1 }), objective: 'softmax', alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.1 }), batchSize, random });
      return [0, 1].map(() => trainer.step());
    };
    const random = new Random(7);
    expect(run(9, random)).toEqual(run(undefined, new Random(7)));
    expect(random.next()).toBe(new Random(7).next());
  });

  it('new Trainer refuses a config that is a number, naming it', () => {
    expect(() => new Trainer(7 as unknown as TrainerConfig)).toThrow(new TypeError('new Trainer: config must be an object, got number 7'));
  });
});

describe('evaluate: accuracies', () => {
  it("softmax: the share of points whose largest output is their class (2 of 3 here)", () => {
    const model = new MLP(2, [2]);
    [1, 0, 0, 0, 1, 0].forEach((x, i) => {
      (model.parameters()[i] as { data: number }).data = x;
    });
    expect(evaluate(model, { X: [[1, 0], [0, 1], [1, 0]], y: [0, 1, 1] }, 'softmax', 0).accuracy).toBe(2 / 3);
  });

  it('hinge: a score of exactly 0 predicts -1, as micrograd\'s score > 0 rule does', () => {
    const model = new MLP(2, [1]);
    model.parameters().forEach((p) => (p.data = 0));
    expect(evaluate(model, { X: [[1, 2], [3, 4], [5, 6], [7, 8]], y: [-1, -1, -1, 1] }, 'hinge', 0).accuracy).toBe(0.75);
  });
});
