import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MLP, SGD, hingeLoss, l2Penalty, linearDecay } from '../../src/index.js';

// micrograd's demo data and initial weights (see fixtures/README.md).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/micrograd-moons.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  params: number[];
};

/** micrograd's demo.ipynb, step by step, with memograd's MLP, losses and SGD; returns (loss, accuracy) per step. */
function micrograd(steps: number): { loss: number; accuracy: number }[] {
  const model = new MLP(2, [16, 16, 1]);
  const params = model.parameters();
  expect(params).toHaveLength(fixture.params.length);
  params.forEach((p, k) => (p.data = fixture.params[k] as number));
  const optimizer = new SGD(params, { lr: linearDecay(1.0, 0.1, 100) });
  const history: { loss: number; accuracy: number }[] = [];
  for (let k = 0; k < steps; k++) {
    const scores = fixture.X.map((x) => model.score(x));
    // data_loss = sum(relu(1 - y*score)) * (1/n); reg_loss = alpha * sum(p*p); total = data_loss + reg_loss
    const loss = hingeLoss(scores, fixture.y).add(l2Penalty(params, 1e-4));
    const accuracy = scores.filter((s, i) => s.data > 0 === (fixture.y[i] as number) > 0).length / scores.length;
    history.push({ loss: loss.data, accuracy });
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step(); // p.data -= (1.0 - 0.9*k/100) * p.grad
  }
  return history;
}

describe("micrograd's demo, replayed from its data and initial weights", () => {
  it('reproduces its first three losses exactly', () => {
    // The second depends on the order of float operations: adding each neuron's bias last instead
    // of first, or dividing the summed hinge terms by 100 instead of multiplying by 1/100, moves
    // it by an ulp (to ...2022 or ...2017). memograd's MLP and losses follow micrograd's order.
    expect(micrograd(3).map((h) => h.loss)).toEqual([0.8958441028683222, 1.723590533697202, 0.7429006313851131]);
  });

  it('reaches 100% training accuracy within 50 of its 100 steps, and ends there', () => {
    const history = micrograd(100);
    const first = history.findIndex((h) => h.accuracy === 1);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(50);
    expect(history[99]?.accuracy).toBe(1);
  });
});
