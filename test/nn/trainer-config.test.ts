import { describe, expect, it } from 'vitest';
import { Adam, MLP, Random, SGD, Trainer, Value, evaluate, fit, makeMoons, makeSpiral } from '../../src/index.js';
import type { FitConfig, Objective, TrainerConfig } from '../../src/index.js';

// The configuration checks of new Trainer, fit and evaluate (issue 18, items 5 to 7): each bad
// field is refused before any step, in one line that names the caller, the field and the value.

function moonsConfig(outputs = 1): TrainerConfig {
  const model = new MLP(2, [3, outputs], { seed: 1 });
  return { model, data: makeMoons(6, { seed: 1 }), objective: 'hinge', alpha: 0, optimizer: new SGD(model.parameters(), { lr: 0.1 }) };
}

function spiralConfig(outputs = 3): TrainerConfig {
  const model = new MLP(2, [3, outputs], { seed: 1 });
  return { model, data: makeSpiral(6, { seed: 1, classes: 3 }), objective: 'softmax', alpha: 0, optimizer: new SGD(model.parameters(), { lr: 0.1 }) };
}

const fitConfig = (config: TrainerConfig, steps: unknown): FitConfig => ({ ...config, steps }) as FitConfig;

describe('new Trainer, fit and evaluate: the objective against the model\'s outputs', () => {
  it("new Trainer refuses 'hinge' on a model with 3 outputs (it would train output 0 only), naming the objective and the count", () => {
    const config = moonsConfig(3);
    expect(() => new Trainer(config)).toThrow(new RangeError("new Trainer: objective 'hinge' needs a model with 1 output, got a model with 3 outputs"));
  });

  it("fit refuses 'hinge' on a model with 2 outputs before any step, leaving the model unchanged", () => {
    const config = moonsConfig(2);
    const before = config.model.parameters().map((p) => p.data);
    expect(() => fit(fitConfig(config, 2))).toThrow(new RangeError("fit: objective 'hinge' needs a model with 1 output, got a model with 2 outputs"));
    expect(config.model.parameters().map((p) => p.data)).toEqual(before);
    expect(config.optimizer.stepCount).toBe(0);
  });

  it("evaluate refuses 'hinge' on a model with 2 outputs (it would score output 0 only)", () => {
    const { model, data } = moonsConfig(2);
    expect(() => evaluate(model, data, 'hinge', 0)).toThrow(new RangeError("evaluate: objective 'hinge' needs a model with 1 output, got a model with 2 outputs"));
  });

  it("new Trainer, fit and evaluate refuse 'softmax' on a model with 1 output (one class: the loss is 0 whatever the weights)", () => {
    const config = spiralConfig(1);
    const message = "objective 'softmax' needs a model with at least 2 outputs (one per class), got a model with 1 output";
    expect(() => new Trainer(config)).toThrow(new RangeError(`new Trainer: ${message}`));
    expect(() => fit(fitConfig(config, 2))).toThrow(new RangeError(`fit: ${message}`));
    expect(() => evaluate(config.model, config.data, 'softmax', 0)).toThrow(new RangeError(`evaluate: ${message}`));
  });

  it("new Trainer accepts 'hinge' with 1 output and 'softmax' with 2 or 3 outputs", () => {
    expect(new Trainer(moonsConfig(1)).objective).toBe('hinge');
    expect(new Trainer(spiralConfig(3)).objective).toBe('softmax');
    const two = spiralConfig(2);
    const data = { X: two.data.X, y: two.data.y.map((c) => c % 2) };
    expect(new Trainer({ ...two, data }).step().loss).toBeGreaterThan(0);
  });

  it('evaluate refuses an unknown objective instead of scoring it as softmax, and a bad model, data or alpha', () => {
    const { model, data } = spiralConfig(3);
    expect(() => evaluate(model, data, 'mse' as Objective, 0)).toThrow(new RangeError('evaluate: objective must be \'hinge\' or \'softmax\', got string "mse"'));
    expect(() => evaluate({} as MLP, data, 'softmax', 0)).toThrow(new TypeError('evaluate: model must be an MLP, got an object'));
    expect(() => evaluate(model, null as unknown as TrainerConfig['data'], 'softmax', 0)).toThrow(/^evaluate: data must be \{ X, y \} with as many labels as points, at least one, got null$/);
    expect(() => evaluate(model, data, 'softmax', -1)).toThrow(new RangeError('evaluate: alpha must be a finite number >= 0, got number -1'));
    expect(() => evaluate(model, data, 'softmax', '0' as unknown as number)).toThrow(new TypeError('evaluate: alpha must be a finite number >= 0, got string "0"'));
  });
});

describe('fit: steps', () => {
  it.each([
    [2.5, 'number 2.5'],
    [-1, 'number -1'],
    [NaN, 'number NaN'],
    [Infinity, 'number Infinity'],
  ])('fit refuses steps %s with a RangeError before any step', (steps, described) => {
    const config = moonsConfig();
    expect(() => fit(fitConfig(config, steps))).toThrow(new RangeError(`fit: steps must be an integer >= 0, got ${described}`));
    expect(config.optimizer.stepCount).toBe(0);
  });

  it.each([
    ['3', 'string "3"'],
    [true, 'boolean true'],
    [undefined, 'undefined'],
    [3n, 'bigint 3n'],
  ])('fit refuses steps %s (not a number) with a TypeError', (steps, described) => {
    expect(() => fit(fitConfig(moonsConfig(), steps))).toThrow(new TypeError(`fit: steps must be an integer >= 0, got ${described}`));
  });

  it('fit takes 0 steps (one record, the untrained model) and 3 steps (records 0, 1, 2 and 3)', () => {
    expect(fit(fitConfig(moonsConfig(), 0)).map((r) => r.step)).toEqual([0]);
    expect(fit(fitConfig(moonsConfig(), 3)).map((r) => r.step)).toEqual([0, 1, 2, 3]);
  });
});

describe('new Trainer and fit: model, optimizer, random, compile and the other fields', () => {
  const cases: [string, Partial<Record<keyof TrainerConfig, unknown>>, string][] = [
    ['a missing optimizer', { optimizer: undefined }, 'optimizer must be an Optimizer (SGD, Adam or AdamW), got undefined'],
    ['an optimizer that is not one', { optimizer: { step() {}, zeroGrad() {} } }, 'optimizer must be an Optimizer (SGD, Adam or AdamW), got an object {step, zeroGrad}'],
    ['a missing model', { model: undefined }, 'model must be an MLP, got undefined'],
    ['a model that is not an MLP', { model: { parameters: () => [] } }, 'model must be an MLP, got an object {parameters}'],
    ['a random that is not a Random', { random: 42 }, 'random must be a Random, got number 42'],
    ["compile: 'no'", { compile: 'no' }, 'compile must be a boolean, got string "no"'],
    ['compile: 0', { compile: 0 }, 'compile must be a boolean, got number 0'],
    ["alpha: '0'", { alpha: '0' }, 'alpha must be a finite number >= 0, got string "0"'],
    ['a missing alpha', { alpha: undefined }, 'alpha must be a finite number >= 0, got undefined'],
    ["batchSize: '2'", { batchSize: '2' }, 'batchSize must be an integer >= 1, got string "2"'],
  ];

  it.each(cases)('new Trainer refuses %s with a TypeError naming the field', (_, change, message) => {
    expect(() => new Trainer({ ...moonsConfig(), ...change } as TrainerConfig)).toThrow(new TypeError(`new Trainer: ${message}`));
  });

  it.each(cases)('fit refuses %s with a TypeError naming the field, before any step', (_, change, message) => {
    expect(() => fit(fitConfig({ ...moonsConfig(), ...change } as TrainerConfig, 2))).toThrow(new TypeError(`fit: ${message}`));
  });

  it('new Trainer refuses an optimizer built on another model\'s parameters (the steps would never change this model)', () => {
    const config = moonsConfig();
    const other = new MLP(2, [3, 1], { seed: 1 });
    expect(() => new Trainer({ ...config, optimizer: new Adam(other.parameters()) })).toThrow(
      new RangeError('new Trainer: optimizer updates none of the model\'s parameters (build it on model.parameters())'),
    );
  });

  it('new Trainer accepts an optimizer on some of the model\'s parameters (the others frozen)', () => {
    const config = moonsConfig();
    const last = config.model.layers[1]?.parameters() ?? [];
    const trainer = new Trainer({ ...config, optimizer: new SGD(last, { lr: 0.1 }) });
    const first = config.model.layers[0]?.parameters().map((p) => p.data);
    trainer.step();
    expect(config.model.layers[0]?.parameters().map((p) => p.data)).toEqual(first);
  });

  it('new Trainer accepts an optimizer on the model\'s parameters and one more Value (it shares some)', () => {
    const config = moonsConfig();
    const extra = new Value(1);
    const trainer = new Trainer({ ...config, optimizer: new SGD([...config.model.parameters(), extra], { lr: 0.1 }) });
    expect(trainer.step().step).toBe(0);
    expect(extra.data).toBe(1);
  });

  it('new Trainer accepts compile true, false and undefined, and random undefined or a Random', () => {
    expect(new Trainer({ ...moonsConfig(), compile: true }).replays).toBe(true);
    expect(new Trainer({ ...moonsConfig(), compile: false }).replays).toBe(false);
    expect(new Trainer({ ...moonsConfig(), compile: undefined, random: undefined }).replays).toBe(true);
    expect(new Trainer({ ...moonsConfig(), random: new Random(3) }).replays).toBe(true);
  });

  it("new Trainer refuses an unknown key (a typo such as 'complie' would be ignored), naming it and the keys", () => {
    const config = { ...moonsConfig(), complie: false } as TrainerConfig;
    expect(() => new Trainer(config)).toThrow(
      new TypeError("new Trainer: unknown config key 'complie' (the keys are model, data, objective, alpha, optimizer, batchSize, random, compile)"),
    );
  });

  it("new Trainer refuses 'steps' (a fit option) as an unknown key, and fit accepts it", () => {
    expect(() => new Trainer({ ...moonsConfig(), steps: 3 } as TrainerConfig)).toThrow(/^new Trainer: unknown config key 'steps'/);
    expect(fit(fitConfig(moonsConfig(), 1))).toHaveLength(2);
  });

  it("fit refuses an unknown key, naming it and fit's keys", () => {
    expect(() => fit({ ...fitConfig(moonsConfig(), 2), step: 3 } as FitConfig)).toThrow(
      new TypeError("fit: unknown config key 'step' (the keys are model, data, objective, alpha, optimizer, batchSize, random, compile, steps)"),
    );
  });

  it('fit refuses a config that is not an object, and an onStep that is not a function', () => {
    expect(() => fit(null as unknown as FitConfig)).toThrow(new TypeError('fit: config must be an object, got null'));
    expect(() => fit(fitConfig(moonsConfig(), 2), 'log' as unknown as () => void)).toThrow(new TypeError('fit: onStep must be a function, got string "log"'));
  });
});

describe('new Trainer, Trainer.setData and evaluate: the objective and data checks in detail', () => {
  it('new Trainer refuses an objective that is not a string with a TypeError, and another string with a RangeError', () => {
    expect(() => new Trainer({ ...moonsConfig(), objective: 3 as unknown as Objective })).toThrow(
      new TypeError("new Trainer: objective must be 'hinge' or 'softmax', got number 3"),
    );
    expect(() => new Trainer({ ...moonsConfig(), objective: 'Hinge' as Objective })).toThrow(
      new RangeError('new Trainer: objective must be \'hinge\' or \'softmax\', got string "Hinge"'),
    );
  });

  it.each([
    ['X not an array', { X: 'ab', y: [] }, 'an object {X, y}'],
    ['y not an array', { X: [[1, 2]], y: 1 }, 'an object {X, y}'],
    ['more points than labels', { X: [[1, 2], [3, 4]], y: [1] }, 'an object {X, y}'],
    ['no points', { X: [], y: [] }, 'an object {X, y}'],
    ['a number', 7, 'number 7'],
    ['undefined', undefined, 'undefined'],
  ])('Trainer.setData, new Trainer and evaluate refuse data with %s', (_, data, described) => {
    const config = moonsConfig();
    const message = (caller: string) => new TypeError(`${caller}: data must be { X, y } with as many labels as points, at least one, got ${described}`);
    const trainer = new Trainer(config);
    expect(() => trainer.setData(data as unknown as TrainerConfig['data'])).toThrow(message('Trainer.setData'));
    expect(() => new Trainer({ ...config, data: data as unknown as TrainerConfig['data'] })).toThrow(message('new Trainer'));
    expect(() => evaluate(config.model, data as unknown as TrainerConfig['data'], 'hinge', 0)).toThrow(message('evaluate'));
  });

  it('new Trainer shows an unknown key of more than 40 characters cut at 40, with an ellipsis', () => {
    const key = 'x'.repeat(41);
    expect(() => new Trainer({ ...moonsConfig(), [key]: 1 } as TrainerConfig)).toThrow(new TypeError(`new Trainer: unknown config key '${'x'.repeat(40)}…' (the keys are model, data, objective, alpha, optimizer, batchSize, random, compile)`));
    expect(() => new Trainer({ ...moonsConfig(), [key.slice(1)]: 1 } as TrainerConfig)).toThrow(`unknown config key '${'x'.repeat(40)}' (`);
  });
});
