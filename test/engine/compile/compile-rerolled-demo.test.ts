import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MLP, Value, compile, hingeLoss, l2Penalty } from '../../../src/index.js';

// micrograd's demo data and initial weights (see fixtures/README.md).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/micrograd-moons.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  params: number[];
};

/** The demo's loss graph over `params` (micrograd's order of float operations). */
function demoLoss(model: MLP, params: readonly Value[]): Value {
  const scores = fixture.X.map((x) => model.score(x));
  return hingeLoss(scores, fixture.y).add(l2Penalty(params, 1e-4));
}

function sameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compiled ${a}, backward() ${expected[i]}`);
  });
}

describe("compile() of micrograd's demo graph", () => {
  it('run() takes the rerolled path (100 instances of 643 nodes, stored) and equals backward() on a rebuilt graph bit for bit, loss and every gradient, over 100 SGD steps', () => {
    const model = new MLP(2, [16, 16, 1]);
    const params = model.parameters();
    params.forEach((p, k) => (p.data = fixture.params[k] as number));
    const twin = new MLP(2, [16, 16, 1]);
    const twinParams = twin.parameters();
    const step = compile(demoLoss(model, params), { mode: 'generated' });
    expect(step.mode).toBe('rerolled');
    expect(step.stats.rerolled).toEqual({ instances: 100, nodesPerInstance: 643, constantColumns: 3, leafColumns: 0, variant: 'stored' });
    for (let k = 0; k < 100; k++) {
      twinParams.forEach((p, i) => {
        p.data = (params[i] as Value).data;
        p.grad = 0;
      });
      const reference = demoLoss(twin, twinParams);
      reference.backward();
      for (const p of params) p.grad = 0;
      const loss = step.run();
      sameBits([loss], [reference.data], `step ${k} loss`);
      sameBits(params.map((p) => p.grad), twinParams.map((p) => p.grad), `step ${k} grads`);
      const lr = 1.0 - (0.9 * k) / 100;
      for (const p of params) p.data -= lr * p.grad;
    }
  });
});
