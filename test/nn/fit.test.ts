import { describe, expect, it } from 'vitest';
import { MLP, Random, SGD, makeMoons, makeSpiral, Adam } from '../../src/index.js';
import { fit } from '../../src/nn/fit.js';
import { argmax, evaluate } from '../../src/nn/evaluate.js';
import { DivergedError } from '../../src/nn/diverged-error.js';
import { parseTrainOptions } from '../../src/cli/train-options.js';
import { trainingSetup } from '../../src/cli/training-setup.js';

describe('fit', () => {
  it("the main job's defaults (npm start) reach 100% training accuracy on moons within 40 steps, and end at 100%", () => {
    const { spec, data, model, optimizer, random } = trainingSetup(parseTrainOptions([]));
    const history = fit({ model, data, objective: spec.objective, alpha: 1e-4, optimizer, steps: 100, random });
    expect(history).toHaveLength(101);
    const first = history.findIndex((r) => r.accuracy === 1);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(40);
    expect(history[100]).toEqual({ step: 100, ...evaluate(model, data, 'hinge', 1e-4) });
    expect(history[100]?.accuracy).toBe(1);
  });

  it('records each step\'s loss and accuracy before its update, then the final model on all the data', () => {
    const data = makeMoons(20, { noise: 0.1, seed: 1 });
    const model = new MLP(2, [4, 1], { seed: 1 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const seen: number[] = [];
    const history = fit({ model, data, objective: 'hinge', alpha: 0, optimizer, steps: 3, random: new Random(0) }, (r) => seen.push(r.step));
    expect(seen).toEqual([0, 1, 2]);
    expect(history.map((r) => r.step)).toEqual([0, 1, 2, 3]);
    expect(optimizer.stepCount).toBe(3);
    // Step 0 was measured on the untrained model.
    const fresh = new MLP(2, [4, 1], { seed: 1 });
    expect(history[0]?.loss).toBe(evaluate(fresh, data, 'hinge', 0).loss);
  });

  it('fit() replays a compiled graph from a second step on, and takes one step on the dynamic path (compiling costs about a step)', () => {
    const run = (steps: number, compile?: boolean) => {
      const model = new MLP(2, [4, 1], { seed: 1 });
      const data = makeMoons(10, { seed: 2 });
      const config = { model, data, objective: 'hinge' as const, alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps, random: new Random(0) };
      return fit(compile === undefined ? config : { ...config, compile }).slice(0, steps).map((r) => r.compiled);
    };
    expect(run(1)).toEqual([false]);
    expect(run(2)).toEqual([true, true]);
    expect(run(1, true)).toEqual([true]);
    expect(run(3, false)).toEqual([false, false, false]);
  });

  it('with a batch size, each step sees that many points (accuracies in steps of 1/batch)', () => {
    const data = makeMoons(40, { noise: 0.1, seed: 2 });
    const model = new MLP(2, [4, 1], { seed: 2 });
    const history = fit({ model, data, objective: 'hinge', alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 20, batchSize: 8, random: new Random(3) });
    for (const r of history.slice(0, 20)) expect(Math.abs(r.accuracy * 8 - Math.round(r.accuracy * 8))).toBeLessThan(1e-9);
    expect(new Set(history.slice(0, 20).map((r) => r.loss)).size).toBeGreaterThan(1);
  });

  it('trains a softmax classifier on the spiral: the loss falls and the accuracy rises well above chance', () => {
    const data = makeSpiral(45, { seed: 1 });
    const model = new MLP(2, [16, 3], { seed: 1 });
    const history = fit({ model, data, objective: 'softmax', alpha: 0, optimizer: new Adam(model.parameters(), { lr: 0.05 }), steps: 60, random: new Random(0) });
    expect(history[60]!.loss).toBeLessThan(history[0]!.loss / 2);
    expect(history[60]!.accuracy).toBeGreaterThan(0.6);
  });

  it('evaluate() records no graph and leaves the gradients alone', () => {
    const model = new MLP(2, [4, 1], { seed: 1 });
    model.parameters().forEach((p) => (p.grad = 0.5));
    const r = evaluate(model, makeMoons(10, { seed: 1 }), 'hinge', 1e-4);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(model.parameters().every((p) => p.grad === 0.5)).toBe(true);
  });

  it('stops with a DivergedError at the first step whose loss is not finite, before updating on it', () => {
    const data = makeMoons(20, { noise: 0.1, seed: 1 });
    const model = new MLP(2, [8, 1], { seed: 1 });
    const seen: number[] = [];
    const run = () => fit({ model, data, objective: 'hinge', alpha: 0, optimizer: new SGD(model.parameters(), { lr: 1e6 }), steps: 100, random: new Random(0) }, (r) => seen.push(r.loss));
    expect(run).toThrow(DivergedError);
    expect(run).toThrow(/^training diverged at step \d+ \((loss (NaN|Infinity)|parameter l\d\.n\d+\.(w\d+|b) became (NaN|-?Infinity))\)$/);
    expect(seen.every((l) => Number.isFinite(l))).toBe(true);
  });

  it('names the step and the loss as the progress line counts them (from 1)', () => {
    const data = makeMoons(10, { seed: 1 });
    const model = new MLP(2, [2, 1], { seed: 1 });
    // An L2 weight so large that the loss overflows at once: step 1 is the first bad one.
    expect(() => fit({ model, data, objective: 'hinge', alpha: 1e308, optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 5, random: new Random(0) })).toThrow(
      new DivergedError('training diverged at step 1 (loss Infinity)'),
    );
  });

  it('stops when an update makes a parameter NaN, naming it, even though the loss was finite', () => {
    const data = makeMoons(10, { seed: 1 });
    const model = new MLP(2, [2, 1], { seed: 1 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const step = optimizer.step.bind(optimizer);
    optimizer.step = () => {
      step();
      model.layers[0]!.neurons[1]!.b.data = NaN;
    };
    expect(() => fit({ model, data, objective: 'hinge', alpha: 0, optimizer, steps: 5, random: new Random(0) })).toThrow(
      new DivergedError('training diverged at step 1 (parameter l0.n1.b became NaN)'),
    );
  });

  it('stops when the final model\'s loss is not finite (a loaded model evaluated with --steps 0)', () => {
    const model = new MLP(2, [2, 1], { seed: 1 });
    model.parameters().forEach((p) => (p.data = 1e300));
    expect(() => fit({ model, data: makeMoons(10, { seed: 1 }), objective: 'hinge', alpha: 1e-4, optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 0, random: new Random(0) })).toThrow(
      new DivergedError('training diverged: the loss of the final model on all the points is Infinity'),
    );
  });

  it('counts a NaN score or output as a wrong answer, never as class -1 or class 0', () => {
    const data = makeMoons(20, { seed: 1 });
    const model = new MLP(2, [2, 1], { seed: 1 });
    model.parameters().forEach((p) => (p.data = NaN));
    expect(evaluate(model, data, 'hinge', 0).accuracy).toBe(0);
    const spiral = makeSpiral(30, { seed: 1 });
    const softmax = new MLP(2, [2, 3], { seed: 1 });
    softmax.parameters().forEach((p) => (p.data = NaN));
    expect(evaluate(softmax, spiral, 'softmax', 0).accuracy).toBe(0);
    expect([argmax([1, 3, 2]), argmax([2, 2]), argmax([1, NaN, 0]), argmax([])]).toEqual([1, 0, -1, 0]);
  });
});
