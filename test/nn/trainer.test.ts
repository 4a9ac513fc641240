import { describe, expect, it } from 'vitest';
import { Adam, DivergedError, MLP, Random, SGD, Trainer, Value, linearDecay, makeCircles, makeMoons, makeSpiral, noGrad } from '../../src/index.js';
import type { Dataset, Objective, Optimizer, StepRecord } from '../../src/index.js';
import { parseTrainOptions } from '../../src/cli/train-options.js';
import { trainingSetup } from '../../src/cli/training-setup.js';
import { TIER_UP_AFTER } from '../../src/engine/compile/tiered.js';
import type { CompiledGraph } from '../../src/engine/compile/compiled-graph.js';

interface Run {
  readonly records: StepRecord[];
  readonly params: number[];
  readonly grads: number[];
  readonly trainer: Trainer;
}

/** Trains a fresh model (same seed each call) for `steps` steps on one path, calling `between(k, trainer)` before step k. */
function train(
  compile: boolean,
  opts: { data: Dataset; layers: number[]; activation?: 'relu' | 'tanh' | 'sigmoid'; objective?: Objective; alpha?: number; steps: number; optimizer?: 'sgd' | 'adam'; batchSize?: number },
  between: (k: number, t: Trainer) => void = () => {},
): Run {
  const model = new MLP(2, opts.layers, { seed: 5, activation: opts.activation ?? 'relu' });
  const params = model.parameters();
  const optimizer: Optimizer = opts.optimizer === 'adam' ? new Adam(params, { lr: 0.02 }) : new SGD(params, { lr: linearDecay(1, 0.1, opts.steps) });
  const trainer = new Trainer({ model, data: opts.data, objective: opts.objective ?? 'hinge', alpha: opts.alpha ?? 1e-4, optimizer, batchSize: opts.batchSize, random: new Random(9), compile });
  const records: StepRecord[] = [];
  for (let k = 0; k < opts.steps; k++) {
    between(k, trainer);
    records.push(trainer.step());
  }
  return { records, params: params.map((p) => p.data), grads: params.map((p) => p.grad), trainer };
}

/** Object.is on every number, so -0 and NaN must match too. */
function expectSameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compiled path ${a}, dynamic path ${expected[i]}`);
  });
}

function expectSameRuns(fast: Run, reference: Run): void {
  expectSameBits(fast.records.map((r) => r.loss), reference.records.map((r) => r.loss), 'loss');
  expectSameBits(fast.records.map((r) => r.accuracy), reference.records.map((r) => r.accuracy), 'accuracy');
  expectSameBits(fast.params, reference.params, 'parameter');
  expectSameBits(fast.grads, reference.grads, 'gradient');
}

describe('Trainer', () => {
  const moons = makeMoons(40, { noise: 0.1, seed: 3 });

  it('step() replays a compiled graph on a full batch with the hinge loss, and its losses, accuracies and parameters after 25 steps equal the dynamic path bit for bit', () => {
    for (const activation of ['relu', 'tanh', 'sigmoid'] as const) {
      const opts = { data: moons, layers: [8, 8, 1], activation, steps: 25 };
      const fast = train(true, opts);
      const reference = train(false, opts);
      // The fast path really ran, on every step, and the reference never compiled.
      expect(fast.trainer.compiledSteps).toBe(25);
      expect(fast.records.every((r) => r.compiled)).toBe(true);
      expect(reference.trainer.compiledSteps).toBe(0);
      expect(reference.records.some((r) => r.compiled)).toBe(false);
      expectSameRuns(fast, reference);
      // Training did something: the loss fell.
      expect(fast.records[24]!.loss).toBeLessThan(fast.records[0]!.loss);
    }
  });

  it("step() on `memograd train`'s defaults (micrograd's demo) equals the dynamic path bit for bit for 10 steps, with Adam and without the L2 penalty as well", () => {
    const runDefaults = (compile: boolean, args: string[]) => {
      const { spec, data, model, optimizer, random } = trainingSetup(parseTrainOptions(args));
      const trainer = new Trainer({ model, data, objective: spec.objective, alpha: parseTrainOptions(args).l2, optimizer, random, compile });
      const records = Array.from({ length: 10 }, () => trainer.step());
      const params = model.parameters();
      return { records, params: params.map((p) => p.data), grads: params.map((p) => p.grad), trainer };
    };
    for (const args of [[], ['--optimizer', 'adam', '--l2', '0']]) {
      const fast = runDefaults(true, args);
      expect(fast.trainer.compiledSteps).toBe(10);
      expectSameRuns(fast, runDefaults(false, args));
    }
  });

  it(`step() on \`memograd train\`'s defaults tiers up: interpreted for TIER_UP_AFTER (${TIER_UP_AFTER}) steps, rerolled after, each step around the switch bit for bit the dynamic path at the same parameters`, () => {
    const { spec, data, model, optimizer, random } = trainingSetup(parseTrainOptions([]));
    const trainer = new Trainer({ model, data, objective: spec.objective, alpha: 1e-4, optimizer, random });
    // The twin takes dynamic steps from the same parameters (its own optimizer's update is not compared).
    const twin = trainingSetup(parseTrainOptions([]));
    const twinTrainer = new Trainer({ model: twin.model, data: twin.data, objective: spec.objective, alpha: 1e-4, optimizer: twin.optimizer, random: twin.random, compile: false });
    const params = model.parameters();
    const twinParams = twin.model.parameters();
    // The Trainer keeps its graph to itself; the test reads its mode.
    const mode = (): string | undefined => (trainer as unknown as { graph?: CompiledGraph }).graph?.mode;
    for (let k = 0; k < TIER_UP_AFTER + 3; k++) {
      const compared = k === 0 || k >= TIER_UP_AFTER - 2;
      if (compared) twinParams.forEach((p, i) => (p.data = params[i]!.data));
      const record = trainer.step();
      expect(record.compiled).toBe(true);
      expect(mode()).toBe(k < TIER_UP_AFTER ? 'interpreted' : 'rerolled');
      if (!compared) continue;
      const expected = twinTrainer.step();
      expectSameBits([record.loss, record.accuracy, ...params.map((p) => p.grad)], [expected.loss, expected.accuracy, ...twinParams.map((p) => p.grad)], `step ${k}`);
    }
  });

  it('setData() makes the next step compile the new points, and a dataset grown in place is noticed: both equal the dynamic path', () => {
    const base = makeCircles(30, { seed: 4 });
    const extra = makeCircles(31, { seed: 5 });
    const scenario = (compile: boolean) => {
      const data: Dataset = { X: base.X.map((x) => [...x]), y: [...base.y] };
      return train(compile, { data, layers: [6, 1], steps: 12 }, (k, t) => {
        if (k === 4) t.setData({ X: [...data.X, extra.X[0]!], y: [...data.y, extra.y[0]!] }); // a point added
        if (k === 8) {
          t.data.X.push(extra.X[1]!); // grown in place
          t.data.y.push(extra.y[1]!);
        }
      });
    };
    const fast = scenario(true);
    expect(fast.trainer.compiledSteps).toBe(12);
    expect(fast.trainer.data.X).toHaveLength(32);
    expectSameRuns(fast, scenario(false));
  });

  it('step() replays compileBatch\'s graph for random minibatches (test/nn/trainer-minibatch.test.ts has the rest), and says so', () => {
    const minibatch = train(true, { data: moons, layers: [4, 1], steps: 5, batchSize: 8 });
    expect(minibatch.trainer.compiledSteps).toBe(5);
    expect(minibatch.trainer.replays).toBe(false); // not one graph of the whole set
    const reference = train(false, { data: moons, layers: [4, 1], steps: 5, batchSize: 8 });
    expect(reference.trainer.compiledSteps).toBe(0);
    expect(reference.trainer.replays).toBe(false);
    expectSameRuns(minibatch, reference);
    // A batch at least as large as the set is the full batch: compiled.
    expect(train(true, { data: moons, layers: [4, 1], steps: 2, batchSize: 40 }).trainer.compiledSteps).toBe(2);
  });

  it('step() replays a compiled graph for softmax cross-entropy on the spiral, and its losses, accuracies and parameters after 30 steps equal the dynamic path bit for bit', () => {
    const spiral = makeSpiral(45, { noise: 0.2, seed: 1, classes: 3 });
    for (const [activation, optimizer] of [['relu', 'adam'], ['tanh', 'sgd'], ['sigmoid', 'adam']] as const) {
      const opts = { data: spiral, layers: [8, 6, 3], activation, objective: 'softmax' as const, steps: 30, optimizer };
      const fast = train(true, opts);
      const reference = train(false, opts);
      expect(fast.trainer.replays).toBe(true);
      expect(fast.trainer.compiledSteps).toBe(30);
      expect(fast.records.every((r) => r.compiled)).toBe(true);
      expect(reference.trainer.compiledSteps).toBe(0);
      expectSameRuns(fast, reference);
      expect(fast.records[29]!.loss).toBeLessThan(fast.records[0]!.loss);
      // The accuracy was read from the compiled run's outputs: it moved, as the model learned.
      expect(new Set(fast.records.map((r) => r.accuracy)).size).toBeGreaterThan(1);
    }
  });

  it('step() on `memograd train --dataset spiral`\'s setup replays a compiled graph, bit for bit the dynamic path for 10 steps', () => {
    const run = (compile: boolean) => {
      const o = parseTrainOptions(['--dataset', 'spiral', '--layers', '8,8']);
      const { spec, data, model, optimizer, random } = trainingSetup(o);
      const trainer = new Trainer({ model, data, objective: spec.objective, alpha: o.l2, optimizer, random, compile });
      const records = Array.from({ length: 10 }, () => trainer.step());
      const params = model.parameters();
      return { records, params: params.map((p) => p.data), grads: params.map((p) => p.grad), trainer };
    };
    const fast = run(true);
    expect(fast.trainer.objective).toBe('softmax');
    expect(fast.trainer.compiledSteps).toBe(10);
    expectSameRuns(fast, run(false));
  });

  it('step() takes the dynamic path, from the first step on, for a graph compile() refuses (a value fixed at build time), and equals compile: false', () => {
    const refused = (compile: boolean) => {
      const model = new MLP(2, [4, 1], { seed: 2 });
      const forward = model.forward.bind(model);
      // A forward pass that adds a frozen leaf: compile() refuses such a graph.
      model.forward = (x) => forward(x).map((o) => o.add(noGrad(() => new Value(0).add(0))));
      const trainer = new Trainer({ model, data: moons, objective: 'hinge', alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.3 }), compile });
      const records = Array.from({ length: 4 }, () => trainer.step());
      const params = model.parameters();
      return { records, params: params.map((p) => p.data), grads: params.map((p) => p.grad), trainer };
    };
    const fast = refused(true);
    expect(fast.records.map((r) => r.compiled)).toEqual([false, false, false, false]);
    expect(fast.trainer.replays).toBe(false);
    expectSameRuns(fast, refused(false));
    // Any other error from compile() is not a refusal: it is thrown, not hidden behind the dynamic path.
    const model = new MLP(2, [2, 1], { seed: 2 });
    const trainer = new Trainer({ model, data: moons, objective: 'hinge', alpha: 0, optimizer: new SGD(model.parameters(), { lr: 0.3 }) });
    const forward = model.forward.bind(model);
    model.forward = (x) =>
      forward(x).map((o) => {
        const broken = o.mul(1);
        broken._code = 99; // an op code no part of the engine knows: a fault, not a refusal
        return broken;
      });
    expect(() => trainer.step()).toThrow(/^memograd: compile: unknown op code 99/);
  });

  it('step() on the compiled path stops with the same DivergedError at the same step as the dynamic path', () => {
    const diverge = (compile: boolean) => {
      const model = new MLP(2, [8, 1], { seed: 1 });
      const seen: number[] = [];
      const trainer = new Trainer({ model, data: makeMoons(20, { noise: 0.1, seed: 1 }), objective: 'hinge', alpha: 0, optimizer: new SGD(model.parameters(), { lr: 1e6 }), compile });
      let error: unknown;
      try {
        for (let k = 0; k < 100; k++) seen.push(trainer.step().loss);
      } catch (e) {
        error = e;
      }
      return { error, seen, params: model.parameters().map((p) => p.data), compiled: trainer.compiledSteps };
    };
    const fast = diverge(true);
    const reference = diverge(false);
    expect(fast.error).toBeInstanceOf(DivergedError);
    expect((fast.error as Error).message).toBe((reference.error as Error).message);
    expect(fast.compiled).toBeGreaterThan(0);
    expectSameBits(fast.seen, reference.seen, 'loss');
    expectSameBits(fast.params, reference.params, 'parameter');
  });

  it('new Trainer rejects a bad objective, alpha or batch size, and setData() bad data, naming the value', () => {
    const model = new MLP(2, [2, 1], { seed: 1 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const data = makeMoons(10, { seed: 1 });
    expect(() => new Trainer({ model, data, objective: 'mse' as Objective, alpha: 0, optimizer })).toThrow("new Trainer: objective must be 'hinge' or 'softmax', got string \"mse\"");
    expect(() => new Trainer({ model, data, objective: 'hinge', alpha: -1, optimizer })).toThrow('new Trainer: alpha must be a finite number >= 0, got number -1');
    expect(() => new Trainer({ model, data, objective: 'hinge', alpha: 0, optimizer, batchSize: 0.5 })).toThrow('new Trainer: batchSize must be an integer >= 1, got number 0.5');
    const trainer = new Trainer({ model, data, objective: 'hinge', alpha: 0, optimizer });
    expect(() => trainer.setData({ X: [[1, 2]], y: [] })).toThrow(/^Trainer\.setData: data must be \{ X, y \} with as many labels as points/);
  });

  it('evaluate() scores the whole dataset without touching the gradients', () => {
    const run = train(true, { data: moons, layers: [4, 1], steps: 3 });
    const before = run.trainer.model.parameters().map((p) => p.grad);
    const { loss, accuracy } = run.trainer.evaluate();
    expect(Number.isFinite(loss)).toBe(true);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(run.trainer.model.parameters().map((p) => p.grad)).toEqual(before);
  });

  it("step() checks the optimizer's parameters, the one list of what a step updates: a parameter it made NaN is named, in the optimizer's order", () => {
    const model = new MLP(2, [2, 1], { seed: 1 });
    const extra = new Value(0.5, 'extra');
    // Listed in reverse, with a Value of no model's: the first bad one in this order is the one named.
    const optimizer = new SGD([extra, ...model.parameters().reverse()], { lr: 0.1 });
    const step = optimizer.step.bind(optimizer);
    let breakExtra = true;
    optimizer.step = () => {
      step();
      model.layers[0]!.neurons[0]!.b.data = NaN;
      if (breakExtra) extra.data = Infinity;
    };
    const trainer = new Trainer({ model, data: makeMoons(10, { seed: 1 }), objective: 'hinge', alpha: 0, optimizer });
    expect(() => trainer.step()).toThrow(new DivergedError('training diverged at step 1 (parameter extra became Infinity)'));
    [extra.data, model.layers[0]!.neurons[0]!.b.data, breakExtra] = [0.5, 0, false];
    expect(() => trainer.step()).toThrow(new DivergedError('training diverged at step 1 (parameter l0.n0.b became NaN)'));
  });
});
