import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Adam, DivergedError, MLP, Random, SGD, Trainer, Value, fit, linearDecay, makeSpiral, noGrad } from '../../src/index.js';
import type { Dataset, Objective, Optimizer, StepRecord } from '../../src/index.js';
import { real } from '../support/arbitraries.js';

// micrograd's demo data: 100 moons points, labels ±1.
const moons = JSON.parse(readFileSync(new URL('../fixtures/micrograd-moons.json', import.meta.url), 'utf8')) as Dataset;

interface Run {
  readonly records: StepRecord[];
  readonly params: number[];
  readonly grads: number[];
  readonly trainer: Trainer;
  readonly error?: unknown;
}

interface Setup {
  readonly data: Dataset;
  readonly layers: number[];
  readonly batchSize: number;
  readonly steps: number;
  readonly objective?: Objective;
  readonly activation?: 'relu' | 'tanh' | 'sigmoid';
  readonly optimizer?: 'sgd' | 'adam';
  readonly alpha?: number;
  readonly lr?: number;
  readonly model?: () => MLP;
}

/** Trains a fresh model (same seed each call) on random minibatches, compiled or not, calling `between(k, trainer)` before step k; keeps a DivergedError. */
function train(compile: boolean, o: Setup, between: (k: number, t: Trainer) => void = () => {}): Run {
  const model = o.model?.() ?? new MLP(2, o.layers, { seed: 7, activation: o.activation ?? 'relu' });
  const params = model.parameters();
  const optimizer: Optimizer = o.optimizer === 'adam' ? new Adam(params, { lr: 0.02 }) : new SGD(params, { lr: o.lr ?? linearDecay(1, 0.1, o.steps) });
  const trainer = new Trainer({ model, data: o.data, objective: o.objective ?? 'hinge', alpha: o.alpha ?? 1e-4, optimizer, batchSize: o.batchSize, random: new Random(11), compile });
  const records: StepRecord[] = [];
  let error: unknown;
  try {
    for (let k = 0; k < o.steps; k++) {
      between(k, trainer);
      records.push(trainer.step());
    }
  } catch (e) {
    error = e;
  }
  return { records, params: params.map((p) => p.data), grads: params.map((p) => p.grad), trainer, error };
}

/** Object.is on every number, so -0 and NaN must match too. */
function expectSameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compiled path ${a}, dynamic path ${expected[i]}`);
  });
}

function expectSameRuns(fast: Run, reference: Run): void {
  expect(fast.records.length).toBe(reference.records.length);
  expectSameBits(fast.records.map((r) => r.loss), reference.records.map((r) => r.loss), 'loss');
  expectSameBits(fast.records.map((r) => r.accuracy), reference.records.map((r) => r.accuracy), 'accuracy');
  expectSameBits(fast.params, reference.params, 'parameter');
  // After a DivergedError the gradients are documented to differ: a compiled path leaves that
  // step's, the dynamic path (which checks the loss before backward()) the step before's.
  if (!(reference.error instanceof DivergedError)) expectSameBits(fast.grads, reference.grads, 'gradient');
  expect(String(fast.error)).toBe(String(reference.error));
  expect(reference.trainer.compiledSteps).toBe(0);
}

describe('Trainer on random minibatches', () => {
  it('step() on batches of 32 of micrograd\'s 100 moons points runs compileBatch\'s graph at every step, and 60 steps equal the dynamic path bit for bit (hinge; relu, tanh, sigmoid; SGD and Adam; with and without the L2 penalty)', () => {
    const setups: Setup[] = [
      { data: moons, layers: [16, 16, 1], batchSize: 32, steps: 60 },
      { data: moons, layers: [8, 1], batchSize: 32, steps: 60, activation: 'tanh', optimizer: 'adam', alpha: 0 },
      { data: moons, layers: [8, 8, 1], batchSize: 7, steps: 60, activation: 'sigmoid' },
    ];
    for (const setup of setups) {
      const fast = train(true, setup);
      const reference = train(false, setup);
      expect(fast.error).toBeUndefined();
      // The compiled path really ran, at every step; the reference never did.
      expect(fast.trainer.compiledSteps).toBe(60);
      expect(fast.records.every((r) => r.compiled)).toBe(true);
      // replays says whether one graph of the whole set is replayed: not with minibatches.
      expect(fast.trainer.replays).toBe(false);
      expect(reference.records.some((r) => r.compiled)).toBe(false);
      expectSameRuns(fast, reference);
      // Training did something.
      expect(fast.records.slice(-10).reduce((a, r) => a + r.loss, 0)).toBeLessThan(fast.records.slice(0, 10).reduce((a, r) => a + r.loss, 0));
    }
  });

  it('step() with softmax cross-entropy (the class picked by a one-hot row, the shift a stopGradient node) equals the dynamic path bit for bit over 50 steps, on the compiled path', () => {
    const spiral = makeSpiral(60, { noise: 0.2, seed: 2, classes: 3 });
    for (const [activation, optimizer] of [['relu', 'adam'], ['tanh', 'sgd'], ['sigmoid', 'adam']] as const) {
      const setup: Setup = { data: spiral, layers: [8, 6, 3], batchSize: 16, steps: 50, objective: 'softmax', activation, optimizer };
      const fast = train(true, setup);
      const reference = train(false, setup);
      expect(fast.error).toBeUndefined();
      expect(fast.trainer.compiledSteps).toBe(50);
      expect(fast.records.every((r) => r.compiled)).toBe(true);
      expectSameRuns(fast, reference);
      // The accuracy was read from the compiled runs' logits: it moved.
      expect(new Set(fast.records.map((r) => r.accuracy)).size).toBeGreaterThan(1);
    }
  });

  it('step() follows setData() to a smaller set (the full batch, compiled once) and back to minibatches, and a point changed in place, bit for bit the dynamic path', () => {
    const scenario = (compile: boolean) => {
      const data: Dataset = { X: moons.X.slice(0, 40).map((x) => [...x]), y: moons.y.slice(0, 40) };
      return train(compile, { data, layers: [6, 1], batchSize: 12, steps: 30 }, (k, t) => {
        if (k === 8) t.setData({ X: data.X.slice(0, 10), y: data.y.slice(0, 10) }); // 10 points: the whole set is the batch
        if (k === 16) t.setData(data);
        if (k === 20) data.X[3]![0] = 2.5; // read afresh at every minibatch step
      });
    };
    const fast = scenario(true);
    expect(fast.trainer.compiledSteps).toBe(30);
    expectSameRuns(fast, scenario(false));
  });

  it('fit() gets the compiled minibatch path with no change, bit for bit the dynamic path', () => {
    const run = (compile: boolean | undefined) => {
      const model = new MLP(2, [8, 1], { seed: 3 });
      const history = fit({ model, data: moons, objective: 'hinge', alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.3 }), batchSize: 20, steps: 15, ...(compile === undefined ? {} : { compile }) });
      return { history, params: model.parameters().map((p) => p.data) };
    };
    const fast = run(undefined);
    const reference = run(false);
    expect(fast.history.slice(0, 15).every((r) => r.compiled === true)).toBe(true);
    expectSameBits(fast.history.map((r) => r.loss), reference.history.map((r) => r.loss), 'loss');
    expectSameBits(fast.params, reference.params, 'parameter');
  });

  it('step() takes the dynamic path, from the first step on, for a graph compile() refuses, equal to compile: false', () => {
    const model = () => {
      const m = new MLP(2, [4, 1], { seed: 2 });
      const forward = m.forward.bind(m);
      // A forward pass that adds a frozen value: compile() refuses such a graph.
      m.forward = (x) => forward(x).map((o) => o.add(noGrad(() => new Value(0).add(0))));
      return m;
    };
    const setup: Setup = { data: moons, layers: [4, 1], batchSize: 10, steps: 4, model };
    const fast = train(true, setup);
    expect(fast.records.map((r) => r.compiled)).toEqual([false, false, false, false]);
    expectSameRuns(fast, train(false, setup));
  });

  it('step() stops with the same DivergedError at the same step as the dynamic path, the parameters as they were', () => {
    const setup: Setup = { data: moons, layers: [8, 1], batchSize: 10, steps: 100, alpha: 0, lr: 1e6 };
    const fast = train(true, setup);
    const reference = train(false, setup);
    expect(fast.error).toBeInstanceOf(DivergedError);
    expect(fast.trainer.compiledSteps).toBeGreaterThan(0);
    expect(fast.records.every((r) => r.compiled)).toBe(true);
    expectSameBits(fast.records.map((r) => r.loss), reference.records.map((r) => r.loss), 'loss');
    expectSameBits(fast.params, reference.params, 'parameter');
    expect((fast.error as Error).message).toBe((reference.error as Error).message);
  });

  it('step() takes a step whose softmax loss is not finite again on the dynamic path (a logit at -Infinity: the one-hot pick would make NaN of its 0 weight), and says so', () => {
    // One layer, no hidden units: logit j = w_j·x + b_j. At x = (1e308, 1e308), logit 1 is -Infinity
    // and the others 0; the label is class 0, so the dynamic loss is finite (ln 2).
    const model = () => {
      const m = new MLP(2, [3], { seed: 1 });
      const ws = [[0, 0], [-1, -1], [0, 0]];
      m.layers[0]!.neurons.forEach((n, j) => n.w.forEach((w, i) => (w.data = ws[j]![i]!)));
      return m;
    };
    const data: Dataset = { X: [[1e308, 1e308], [1e308, 1e308], [1e308, 1e308]], y: [0, 0, 0] };
    const setup: Setup = { data, layers: [3], batchSize: 2, steps: 3, objective: 'softmax', alpha: 0, lr: 1e-320, model };
    const fast = train(true, setup);
    const reference = train(false, setup);
    expect(fast.error).toBeUndefined();
    expect(fast.records.map((r) => r.compiled)).toEqual([false, false, false]);
    expect(fast.records[0]!.loss).toBe(Math.LN2);
    // compileBatch's graph was traced once and run at every step (its NaN loss sent each to the dynamic path).
    const batchStep = (fast.trainer as unknown as { batchStep?: { traces: number; graph?: unknown } }).batchStep;
    expect(batchStep?.traces).toBe(1);
    expect(batchStep?.graph).toBeDefined();
    expectSameRuns(fast, reference);
  });

  it('step() equals the dynamic path bit for bit on random points and weights with zeros of both signs, subnormals, huge values, infinities and NaN (fast-check), hinge and softmax', () => {
    const special = fc.constantFrom(0, -0, 5e-324, -5e-324, 1e300, -1e300, Infinity, -Infinity, NaN);
    const datum = fc.oneof({ arbitrary: real(-3, 3), weight: 3 }, { arbitrary: special, weight: 1 });
    const points = fc.array(fc.tuple(datum, datum), { minLength: 6, maxLength: 6 });
    // The weights' edges are finite (a non-finite weight diverges at once); the points carry the rest.
    const weight = fc.oneof({ arbitrary: real(-2, 2), weight: 4 }, { arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324), weight: 1 });
    const weights = fc.array(weight, { minLength: 21, maxLength: 21 });
    let compiled = 0;
    let lossDiverged = 0;
    fc.assert(
      fc.property(points, weights, fc.constantFrom<Objective>('hinge', 'softmax'), fc.integer({ min: 0, max: 5 }), (X, ws, objective, seed) => {
        const classes = objective === 'hinge' ? 1 : 3;
        const data: Dataset = { X: X.map(([a, b]) => [a, b]), y: X.map((_, i) => (objective === 'hinge' ? (i % 2 === 0 ? 1 : -1) : (i + seed) % 3)) };
        const model = () => {
          const m = new MLP(2, [3, classes], { seed, activation: seed % 2 === 0 ? 'relu' : 'tanh' });
          m.parameters().forEach((p, i) => (p.data = ws[i % ws.length]!));
          return m;
        };
        const setup: Setup = { data, layers: [3, classes], batchSize: 4, steps: 3, objective, lr: 0.1, model };
        const fast = train(true, setup);
        const reference = train(false, setup);
        expectSameRuns(fast, reference);
        // Every step the dynamic path finished, the compiled path took too, unless its loss was not finite.
        fast.records.forEach((r) => expect(r.compiled).toBe(Number.isFinite(r.loss) ? r.compiled : false));
        expect(fast.records.filter((r) => r.compiled).length).toBe(fast.trainer.compiledSteps);
        compiled += fast.trainer.compiledSteps;
        // A non-finite loss: the compiled path took that step again on the dynamic path, for its error.
        if (reference.error instanceof DivergedError && / \(loss /.test(reference.error.message)) lossDiverged++;
      }),
      { numRuns: 60 },
    );
    // Both the compiled steps and the steps taken again on the dynamic path were exercised.
    expect(compiled).toBeGreaterThan(0);
    expect(lossDiverged).toBeGreaterThan(0);
  });

  it('step() refuses a bad label with the dynamic path\'s message, at the same step', () => {
    const badHinge: Dataset = { X: moons.X.slice(0, 20), y: moons.y.slice(0, 20).map((y, i) => (i === 13 ? 0 : y)) };
    const badSoftmax: Dataset = { X: moons.X.slice(0, 20), y: moons.y.slice(0, 20).map((y, i) => (i === 5 ? 2.5 : y > 0 ? 1 : 0)) };
    for (const [data, objective, layers] of [[badHinge, 'hinge', [4, 1]], [badSoftmax, 'softmax', [4, 3]]] as const) {
      const setup: Setup = { data, layers: [...layers], batchSize: 6, steps: 20, objective };
      const fast = train(true, setup);
      const reference = train(false, setup);
      expect(reference.error).toBeInstanceOf(RangeError);
      expect((fast.error as Error).message).toBe((reference.error as Error).message);
      expect(fast.records.length).toBe(reference.records.length);
      expect((fast.error as Error).message).toMatch(objective === 'hinge' ? /^hingeLoss: labels\[\d\] must be -1 or \+1, got 0$/ : /^softmaxCrossEntropyLoss: classes\[\d\] must be an integer in \[0, 2\], got 2\.5$/);
      expectSameRuns(fast, reference);
    }
  });
});
