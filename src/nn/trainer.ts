import { compile } from '../engine/compile/compile.js';
import { compileBatch, type CompiledBatch } from '../engine/compile/compile-batch.js';
import type { Value } from '../engine/core/value.js';
import { sum } from '../engine/composite/sum.js';
import { logSumExp } from '../engine/composite/log-sum-exp.js';
import { isRefusal } from '../engine/compile/tape.js';
import type { CompiledGraph } from '../engine/compile/compile.js';
import type { Dataset } from '../data/dataset.js';
import { Random } from '../data/random.js';
import { describeOperand } from '../engine/core/describe.js';
import type { MLP } from './mlp.js';
import { Optimizer } from './optimizer.js';
import { DivergedError } from './diverged-error.js';
import { accuracyOf, argmax, checkTrainingData, checkModel, checkObjective, evaluate, hingeAccuracy, lossGraph } from './evaluate.js';
import { integerOption, numberOption } from '../engine/core/number-option.js';
import type { Objective } from './evaluate.js';
import { hingeLabel } from './hinge-loss.js';
import { checkClass } from './softmax-cross-entropy-loss.js';
import { checkLabels } from './loss-operands.js';
import { l2Penalty } from './l2-penalty.js';

/** What a `Trainer` trains and how. */
export interface TrainerConfig {
  /** The model whose parameters the steps update in place (build the optimizer on its `parameters()`). */
  readonly model: MLP;
  /** The points and labels to train on; replace or re-register them later with `Trainer.setData`. */
  readonly data: Dataset;
  /** The loss: `'hinge'` for one output and labels ±1, `'softmax'` for one output per class. */
  readonly objective: Objective;
  /** The weight of the L2 penalty alpha·Σp² added to the loss (micrograd's demo: 1e-4). */
  readonly alpha: number;
  /** Updates the parameters from their gradients after each step's backward pass (and zeroes them before it). */
  readonly optimizer: Optimizer;
  /** Points per step, drawn at random each step; the whole set when undefined or >= n. */
  readonly batchSize?: number | undefined;
  /** Draws the batches (default `new Random(0)`). */
  readonly random?: Random | undefined;
  /** Replay the step's graph with `compile()` (random minibatches: `compileBatch()`) where that is exact (default true); false always takes the dynamic path. */
  readonly compile?: boolean | undefined;
}

/** One training step: its number (from 0), the loss and accuracy on its batch before its update, and the path it ran on. */
export interface StepRecord {
  /** The step's number, counted from 0 (a `DivergedError` counts from 1, as progress lines do). */
  readonly step: number;
  /** The batch's loss, L2 penalty included, at the parameters before this step's update. */
  readonly loss: number;
  /** The fraction of the batch's points the model classified right before this step's update. */
  readonly accuracy: number;
  /** Whether the step replayed a compiled graph (true) or built and walked a new one (false). */
  readonly compiled: boolean;
}

/**
 * Trains a model step by step as micrograd's demo does: each step scores the batch, takes
 * loss = data loss + L2 penalty, zeroes the gradients, backpropagates and steps the optimizer.
 *
 * Where the step's graph is the same at every step (the whole set as the batch: the model's
 * forward pass and both losses have no branch taken at build time, softmax's stable log-sum-exp
 * shifting by a stopGradient node of the largest logit), the first step builds it once and, if
 * `compile()` accepts it, every step replays it: no graph is built or walked again, and the losses
 * and parameters stay bit for bit those of the dynamic path, the same float operations in the same
 * order. Random minibatches run on `compileBatch()`: one graph per batch size, traced over
 * placeholder leaves for the points and labels, into which each step writes its batch (the same
 * draws as the dynamic path). Each point's products with the first layer's weights and its hinge
 * label are then products with a leaf instead of a folded constant, the same float operations;
 * softmax's label picks its logit through a one-hot row (Σ logit_j·onehot_j), which adds only
 * zeros, so the losses and parameters are again bit for bit the dynamic path's while the logits
 * are finite, and a step whose loss is not finite is taken again on the dynamic path. A graph
 * `compile()` refuses (one holding a value fixed at build time, such as a `noGrad` result) sends
 * this step and every later one to the dynamic path, which builds and walks each step's graph.
 * `compiledSteps` says how many steps took a compiled path.
 *
 * A step whose loss, or an updated parameter, is NaN or infinite throws a `DivergedError` naming
 * the step (counted from 1). On the dynamic path the optimizer has not run; on a compiled
 * path it has not either, but the parameters' gradients hold that step's.
 *
 * @example
 * const trainer = new Trainer({ model, data, objective: 'hinge', alpha: 1e-4, optimizer });
 * for (let k = 0; k < 100; k++) trainer.step(); // { step, loss, accuracy, compiled }
 * trainer.setData(moreData); // a new or changed dataset: the next step builds its graph again
 */
export class Trainer {
  /** The model being trained: its parameters change in place at every step. */
  readonly model: MLP;
  /** The loss the steps minimise (`'hinge'` or `'softmax'`), fixed for the trainer's life. */
  readonly objective: Objective;
  /** The weight of the L2 penalty alpha·Σp² added to every step's loss and to `evaluate()`'s. */
  readonly alpha: number;
  /** The optimizer that zeroes the gradients before each backward pass and updates the parameters after it. */
  readonly optimizer: Optimizer;
  /** The number of steps taken. */
  stepCount = 0;
  /** How many of them replayed a compiled graph. */
  compiledSteps = 0;
  private _data: Dataset;
  private readonly batchSize: number | undefined;
  private readonly random: Random;
  private readonly compiles: boolean;
  // Stryker disable next-line ArrayDeclaration: setData() in the constructor replaces it before any read
  private indices: number[] = [];
  // The replayed step: its compiled graph, and the reader of its outputs (for the accuracy).
  private graph: CompiledGraph | undefined;
  private readOutputs: (() => Float64Array) | undefined;
  // Whether compile() accepted the step's graph: undefined until the first full-batch step asks it.
  private accepted: boolean | undefined;
  // The random-minibatch steps' compiled loss (built at the first such step), and whether compile() accepted its graph.
  private batchStep: CompiledBatch<[readonly (readonly number[])[], readonly number[] | readonly (readonly number[])[]]> | undefined;
  private batchAccepted: boolean | undefined;
  // Stryker disable next-line ArrayDeclaration: oneHotRow() fills the entries it reads
  private readonly oneHots: number[][] = [];

  constructor(config: TrainerConfig) {
    checkTrainerConfig('new Trainer', config, TRAINER_KEYS);
    this.model = config.model;
    this.objective = config.objective;
    this.alpha = config.alpha;
    this.optimizer = config.optimizer;
    this.batchSize = config.batchSize;
    this.random = config.random ?? new Random(0);
    this.compiles = config.compile !== false;
    this._data = config.data;
    this.setData(config.data);
  }

  /** The dataset the steps train on. */
  get data(): Dataset {
    return this._data;
  }

  /** Trains on `data` from the next step on: call it after changing the points or labels (the compiled graph holds them as constants). */
  setData(data: Dataset): void {
    checkTrainingData('Trainer.setData', data);
    this._data = data;
    this.indices = Array.from({ length: data.X.length }, (_, i) => i);
    this.graph = undefined;
    this.readOutputs = undefined;
    this.accepted = undefined;
    this.batchAccepted = undefined;
  }

  /**
   * Whether the steps replay one compiled graph of the whole set: the whole set as the batch,
   * `compile` not turned off, and (once the first step has asked) `compile()` accepting the step's
   * graph. (Random minibatches replay `compileBatch()`'s graphs, one per batch size, where
   * `compile()` accepts them: `compiledSteps` and each `StepRecord.compiled` count those.)
   */
  get replays(): boolean {
    return this.compiles && this.accepted !== false && this.fullBatch(this._data.X.length);
  }

  private fullBatch(n: number): boolean {
    return this.batchSize === undefined || this.batchSize >= n;
  }

  /** One step: returns the loss and accuracy of the batch before the update, and whether it ran compiled. */
  step(): StepRecord {
    const n = this._data.X.length;
    // A dataset grown or shrunk in place is noticed here; points changed in place need setData().
    if (n !== this.indices.length) this.setData(this._data);
    const k = this.stepCount;
    const record = !this.fullBatch(n) ? this.minibatchStep(k) : this.replays ? this.compiledStep(k) : this.walkGraph(k, this._data);
    this.optimizer.step();
    // The optimizer's list is the one list of the parameters a step updates.
    const bad = this.optimizer.parameters.find((p) => !Number.isFinite(p.data));
    if (bad !== undefined) throw new DivergedError(`training diverged at step ${k + 1} (parameter ${bad.label} became ${bad.data})`);
    this.stepCount++;
    if (record.compiled) this.compiledSteps++;
    return record;
  }

  /** The model's loss and accuracy on the whole dataset, without recording a graph. */
  evaluate(): { loss: number; accuracy: number } {
    return evaluate(this.model, this._data, this.objective, this.alpha);
  }

  /** A dynamic step on `data`: builds its graph, then walks it. */
  private walkGraph(k: number, data: Dataset): StepRecord {
    const { loss, outputs } = lossGraph(this.model, data, this.objective, this.alpha);
    return this.walk(k, loss, outputs, data);
  }

  /** A step on a random minibatch: on `compileBatch()`'s graph for its size where compile() accepts it, else dynamic. */
  private minibatchStep(k: number): StepRecord {
    const data = pick(this._data, this.random.shuffle(this.indices).slice(0, this.batchSize as number));
    if (!this.compiles || this.batchAccepted === false) return this.walkGraph(k, data);
    // The labels are checked as the losses check them on the dynamic path, with the same messages.
    const outputs = this.model.nouts[this.model.nouts.length - 1] as number;
    if (this.objective === 'hinge') checkLabels('hingeLoss', data.y, 'labels', hingeLabel);
    else data.y.forEach((c, i) => checkClass('softmaxCrossEntropyLoss', c, i, outputs));
    const step = (this.batchStep ??= this.batchLoss());
    this.optimizer.zeroGrad();
    let loss: number;
    try {
      loss = step.run(data.X, this.objective === 'hinge' ? data.y : data.y.map((c) => this.oneHotRow(c, outputs)));
    } catch (e) {
      if (!isRefusal(e)) throw e;
      // Refused: this step, and every later one, on the dynamic path.
      this.batchAccepted = false;
      return this.walkGraph(k, data);
    }
    this.batchAccepted = true;
    if (!Number.isFinite(loss)) {
      // The one-hot pick is exact for finite logits only: the step again, on the dynamic path, so
      // that the loss the DivergedError names and the gradients left are that path's.
      const built = lossGraph(this.model, data, this.objective, this.alpha);
      this.optimizer.zeroGrad();
      built.loss.backward();
      checkLoss(k, built.loss.data);
      return { step: k, loss: built.loss.data, accuracy: accuracyOf(built.outputs, data.y, this.objective), compiled: false };
    }
    return { step: k, loss, accuracy: outputsAccuracy(step.outputs(), data.y, this.objective), compiled: true };
  }

  /** Class `c` of `k` as a one-hot row (1 at c, 0 elsewhere), made once per class. */
  private oneHotRow(c: number, k: number): readonly number[] {
    let row = this.oneHots[c];
    if (row === undefined) {
      row = new Array<number>(k).fill(0);
      row[c] = 1;
      this.oneHots[c] = row;
    }
    return row;
  }

  /**
   * The minibatch loss for `compileBatch()`, lossGraph's float operations sample by sample: the
   * hinge term relu(1 + (-y)·s) times 1/n, or softmax's logSumExp(logits) - logit[class] (the
   * class's logit picked by a one-hot row) divided by n, plus the L2 penalty.
   */
  private batchLoss(): CompiledBatch<[readonly (readonly number[])[], readonly number[] | readonly (readonly number[])[]]> {
    const { model, alpha } = this;
    const penalty = alpha > 0 ? () => l2Penalty(model.parameters(), alpha) : undefined;
    if (this.objective === 'hinge') {
      const hinge = (x: Value[], y: Value) => {
        const s = model.forward(x)[0] as Value;
        return { loss: s.mul(y.neg()).add(1).relu(), outputs: [s] };
      };
      return compileBatch(hinge, { reduce: (total, n) => total.mul(1.0 / n), penalty });
    }
    const softmax = (x: Value[], onehot: Value[]) => {
      const logits = model.forward(x);
      // logSumExp first, then the pick: the pick's nodes come later, as row[c] is read later on the dynamic path.
      const lse = logSumExp(logits);
      return { loss: lse.sub(sum(logits.map((o, j) => o.mul(onehot[j] as Value)))), outputs: logits };
    };
    return compileBatch(softmax, { reduce: 'mean', penalty });
  }

  /** A dynamic step's end: the batch's accuracy, then backward() through its graph. */
  private walk(k: number, loss: Value, outputs: Value[][], data: Dataset): StepRecord {
    checkLoss(k, loss.data);
    const accuracy = accuracyOf(outputs, data.y, this.objective);
    this.optimizer.zeroGrad();
    loss.backward();
    return { step: k, loss: loss.data, accuracy, compiled: false };
  }

  private compiledStep(k: number): StepRecord {
    // Stryker disable next-line ConditionalExpression: built at every step, the graph gives the same numbers (each run re-reads the parameters), only slower; the twin false (never built) fails every compiled test
    if (this.graph === undefined) {
      // Built once from the current parameters; each run re-reads their .data.
      const built = lossGraph(this.model, this._data, this.objective, this.alpha);
      const graph = compileOrRefuse(built.loss);
      this.accepted = graph !== undefined;
      // Refused: this step, and every later one, on the dynamic path, this graph walked first.
      if (graph === undefined) return this.walk(k, built.loss, built.outputs, this._data);
      this.graph = graph;
      this.readOutputs = graph.reader(built.outputs.flat());
    }
    this.optimizer.zeroGrad();
    const loss = this.graph.run();
    checkLoss(k, loss);
    const outputs = (this.readOutputs as () => Float64Array)();
    return { step: k, loss, accuracy: outputsAccuracy(outputs, this._data.y, this.objective), compiled: true };
  }
}

/** @internal The keys of a `TrainerConfig`, in the order the messages list them. */
export const TRAINER_KEYS: readonly string[] = ['model', 'data', 'objective', 'alpha', 'optimizer', 'batchSize', 'random', 'compile'];

/**
 * @internal Checks a trainer's configuration, field by field, before anything runs: each bad field
 * is an error naming `caller` and the field, and a key outside `keys` is refused (a typo such as
 * `complie: false` would otherwise be ignored and leave the default on).
 */
export function checkTrainerConfig(caller: string, config: unknown, keys: readonly string[]): asserts config is TrainerConfig {
  if (typeof config !== 'object' || config === null) throw new TypeError(`${caller}: config must be an object, got ${describeOperand(config)}`);
  const unknown = Object.keys(config).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    const shown = unknown.length > 40 ? `${unknown.slice(0, 40)}…` : unknown;
    throw new TypeError(`${caller}: unknown config key '${shown}' (the keys are ${keys.join(', ')})`);
  }
  const c = config as Partial<Record<keyof TrainerConfig, unknown>>;
  checkModel(caller, c.model);
  checkTrainingData(caller, c.data);
  checkObjective(caller, c.model, c.objective);
  numberOption(caller, 'alpha', c.alpha, 0);
  if (!(c.optimizer instanceof Optimizer)) {
    throw new TypeError(`${caller}: optimizer must be an Optimizer (SGD, Adam or AdamW), got ${describeOperand(c.optimizer)}`);
  }
  // An optimizer built on another model's parameters would step them, and never this model's.
  const params = new Set(c.model.parameters());
  if (!c.optimizer.parameters.some((p) => params.has(p))) {
    throw new RangeError(`${caller}: optimizer updates none of the model's parameters (build it on model.parameters())`);
  }
  if (c.batchSize !== undefined) integerOption(caller, 'batchSize', c.batchSize, 1);
  if (c.random !== undefined && !(c.random instanceof Random)) throw new TypeError(`${caller}: random must be a Random, got ${describeOperand(c.random)}`);
  if (c.compile !== undefined && typeof c.compile !== 'boolean') throw new TypeError(`${caller}: compile must be a boolean, got ${describeOperand(c.compile)}`);
}

/**
 * The compiled graph of `loss`, or undefined where `compile()` refuses it (a value fixed at build
 * time: see `isRefusal`); any other error is a fault, and is thrown.
 */
function compileOrRefuse(loss: Value): CompiledGraph | undefined {
  try {
    return compile(loss);
  } catch (e) {
    if (isRefusal(e)) return undefined;
    throw e;
  }
}

/** The accuracy from the outputs a compiled run read (point by point, each point's outputs in a row), as `accuracyOf` tells it. */
function outputsAccuracy(outputs: Float64Array, labels: readonly number[], objective: Objective): number {
  if (objective === 'hinge') return hingeAccuracy(outputs, labels);
  const k = outputs.length / labels.length;
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (argmax(outputs.subarray(i * k, (i + 1) * k)) === labels[i]) right++;
  return right / labels.length;
}

function checkLoss(k: number, loss: number): void {
  if (!Number.isFinite(loss)) throw new DivergedError(`training diverged at step ${k + 1} (loss ${loss})`);
}

function pick(data: Dataset, idx: readonly number[]): Dataset {
  return { X: idx.map((i) => data.X[i] as number[]), y: idx.map((i) => data.y[i] as number) };
}
