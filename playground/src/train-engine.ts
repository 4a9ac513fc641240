import { MLP, OPTIMIZERS, OPTIMIZER_NAMES, Random, Trainer, argmax, makeCircles, makeMoons, makeSpiral } from '../../src/index.js';
import type { Dataset, Optimizer, OptimizerName } from '../../src/index.js';

/** The datasets the Train view offers. */
export const TRAIN_DATASETS = ['moons', 'circles', 'spiral'] as const;
export type TrainDataset = (typeof TRAIN_DATASETS)[number];
export const TRAIN_ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
export type TrainActivation = (typeof TRAIN_ACTIVATIONS)[number];
/** The optimizers the Train view offers: the library's registry, in its order. */
export const TRAIN_OPTIMIZERS = OPTIMIZER_NAMES;
export type TrainOptimizer = OptimizerName;

/** Everything a training run is made from; a change to any of them but `lr` starts a new run. */
export interface TrainSettings {
  readonly dataset: TrainDataset;
  readonly samples: number;
  readonly noise: number;
  readonly seed: number;
  /** The hidden layers' sizes (the output layer is added: 1 score, or 3 logits for the spiral). */
  readonly layers: readonly number[];
  readonly activation: TrainActivation;
  readonly optimizer: TrainOptimizer;
  readonly lr: number;
  /** The percentage of the data set's points trained on (10 to 100); the rest are held out as the test set. */
  readonly ratio: number;
  /** The weight alpha of the L2 penalty alpha·Σw² in the loss. */
  readonly l2: number;
  /** Points per step, drawn at random from the training points each step; null: all of them. */
  readonly batch: number | null;
}

/** A loss and an accuracy measured on a set of points. */
export interface Metrics {
  readonly loss: number;
  readonly accuracy: number;
}

/** One step's numbers: the loss and the training accuracy of the weights the step started from. */
export interface TrainRecord {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** The default weight of the L2 penalty in the loss, as micrograd's demo and `memograd train`. */
export const TRAIN_L2 = 1e-4;

/**
 * Which of n points are trained on and which are held out: with ratio 100 all are trained on;
 * otherwise the indices are shuffled by `new Random(seed)` and the first round(n·ratio/100) (at least
 * one) are the training points. Both lists are in increasing order.
 */
export function splitIndices(n: number, ratio: number, seed: number): { train: number[]; test: number[] } {
  const all = Array.from({ length: n }, (_, i) => i);
  if (ratio >= 100) return { train: all, test: [] };
  const shuffled = new Random(seed).shuffle(all.slice());
  const k = Math.max(1, Math.round((n * ratio) / 100));
  const ascending = (a: number, b: number): number => a - b;
  return { train: shuffled.slice(0, k).sort(ascending), test: shuffled.slice(k).sort(ascending) };
}

/** The classes of each dataset: two (labels -1 and +1) or three (labels 0, 1, 2). */
export function classCount(dataset: TrainDataset): number {
  return dataset === 'spiral' ? 3 : 2;
}

/** The labels of class k (0-based) in the dataset's own labelling. */
export function labelOfClass(dataset: TrainDataset, k: number): number {
  return classCount(dataset) === 2 ? (k === 0 ? -1 : 1) : k;
}

/** The dataset's points, made as `memograd train` makes them (same makers, same options). */
export function makeTrainData(s: Pick<TrainSettings, 'dataset' | 'samples' | 'noise' | 'seed'>): Dataset {
  if (s.dataset === 'moons') return makeMoons(s.samples, { noise: s.noise, seed: s.seed });
  if (s.dataset === 'circles') return makeCircles(s.samples, { noise: s.noise, seed: s.seed, factor: 0.5 });
  return makeSpiral(s.samples, { noise: s.noise, seed: s.seed, classes: 3 });
}

/**
 * A training run with the library's `Trainer`: on the full batch, with the hinge loss (moons,
 * circles) or softmax cross-entropy (the spiral), its first step builds the step's graph (every
 * point's forward pass, the loss, the L2 penalty) and compile()s it, and every later step replays
 * it with run(), bit for bit the dynamic path's numbers (random minibatches: compileBatch()'s graph
 * for the batch size, each step's points written into it). A point
 * added by hand goes into the data set, and the next step compiles the graph again; the model
 * and the optimizer's state carry on.
 */
export class TrainEngine {
  readonly settings: TrainSettings;
  readonly data: { X: number[][]; y: number[] };
  /** The held-out points (empty at ratio 100): never trained on, scored by `metrics`. */
  readonly test: { X: number[][]; y: number[] };
  /** How many of `data`'s points come from the data set; those after them were added by hand. */
  readonly trainCount: number;
  readonly model: MLP;
  readonly optimizer: Optimizer;
  readonly trainer: Trainer;

  /**
   * `extraPoints`: points added by hand, as [x, y, class] with classes counted from 0; `draw`: which
   * draw of initial weights (0 first, one more per Reset), seeded by seed + 1 + draw.
   */
  constructor(settings: TrainSettings, extraPoints: readonly (readonly [number, number, number])[] = [], draw = 0) {
    this.settings = settings;
    const base = makeTrainData(settings);
    const split = splitIndices(base.X.length, settings.ratio, settings.seed);
    this.data = { X: split.train.map((i) => (base.X[i] as number[]).slice()), y: split.train.map((i) => base.y[i] as number) };
    this.test = { X: split.test.map((i) => (base.X[i] as number[]).slice()), y: split.test.map((i) => base.y[i] as number) };
    this.trainCount = split.train.length;
    for (const [x0, x1, k] of extraPoints) {
      this.data.X.push([x0, x1]);
      this.data.y.push(labelOfClass(settings.dataset, k));
    }
    this.model = new MLP(2, [...settings.layers, classCount(settings.dataset) === 2 ? 1 : 3], {
      activation: settings.activation,
      seed: (settings.seed + 1 + draw) >>> 0,
    });
    this.optimizer = OPTIMIZERS[settings.optimizer].create(this.model.parameters(), settings.lr);
    this.trainer = new Trainer({
      model: this.model,
      data: this.data,
      objective: classCount(settings.dataset) === 2 ? 'hinge' : 'softmax',
      alpha: settings.l2,
      optimizer: this.optimizer,
      batchSize: settings.batch ?? undefined,
    });
  }

  /** Updates so far. */
  get steps(): number {
    return this.trainer.stepCount;
  }

  /** Adds a point of class k (from 0); the next step builds and compiles the loss graph over the larger set. */
  addPoint(x0: number, x1: number, k: number): void {
    this.data.X.push([x0, x1]);
    this.data.y.push(labelOfClass(this.settings.dataset, k));
    this.trainer.setData(this.data);
  }

  /**
   * One update; returns the loss and accuracy of the weights before it, the step counted from 1.
   * Throws the library's `DivergedError` at a NaN or infinite loss or parameter.
   */
  step(): TrainRecord {
    const r = this.trainer.step();
    return { step: r.step + 1, loss: r.loss, accuracy: r.accuracy };
  }

  /** The fraction of training points the current weights classify right (a NaN score is wrong). */
  accuracy(): number {
    const predict = this.predictor();
    const { X, y } = this.data;
    const two = classCount(this.settings.dataset) === 2;
    let right = 0;
    const out = new Float64Array(two ? 1 : 3);
    for (let i = 0; i < X.length; i++) {
      const p = X[i] as number[];
      predict(p[0] as number, p[1] as number, out);
      if (two) {
        const s = out[0] as number;
        if (!Number.isNaN(s) && s > 0 === (y[i] as number) > 0) right++;
      } else if (argmax(out) === y[i]) right++;
    }
    return right / X.length;
  }

  /**
   * The loss (as the steps': the data loss plus the L2 penalty) and the accuracy of the current
   * weights on `set` (the test set by default), in plain numbers; null for an empty set.
   */
  metrics(set: { X: readonly (readonly number[])[]; y: readonly number[] } = this.test): Metrics | null {
    const { X, y } = set;
    if (X.length === 0) return null;
    const predict = this.predictor();
    const two = classCount(this.settings.dataset) === 2;
    const out = new Float64Array(two ? 1 : 3);
    let loss = 0;
    let right = 0;
    for (let i = 0; i < X.length; i++) {
      const p = X[i] as readonly number[];
      const label = y[i] as number;
      predict(p[0] as number, p[1] as number, out);
      if (two) {
        const s = out[0] as number;
        loss += Math.max(0, 1 - label * s);
        if (!Number.isNaN(s) && s > 0 === label > 0) right++;
      } else {
        let max = -Infinity;
        for (const v of out) max = Math.max(max, v);
        let sum = 0;
        for (const v of out) sum += Math.exp(v - max);
        loss += max + Math.log(sum) - (out[label] as number);
        if (argmax(out) === label) right++;
      }
    }
    let squares = 0;
    for (const p of this.model.parameters()) squares += p.data * p.data;
    return { loss: loss / X.length + this.settings.l2 * squares, accuracy: right / X.length };
  }

  /**
   * The model's forward pass on plain numbers at the current weights (`MLP.predictor`, bit for bit
   * `MLP.forward`'s outputs), for the accuracy and the decision boundary, where a Value per
   * operation would cost far more.
   */
  predictor(): (x0: number, x1: number, out: Float64Array) => void {
    const predict = this.model.predictor();
    const x = [0, 0];
    return (x0, x1, out) => {
      x[0] = x0;
      x[1] = x1;
      predict(x, out);
    };
  }
}

/** The class a network with one output per class predicts: the library's `argmax`. */
export { argmax };
