import { noGrad } from '../engine/value.js';
import type { Value } from '../engine/value.js';
import { hingeLoss } from './hinge-loss.js';
import { l2Penalty } from './l2-penalty.js';
import { softmaxCrossEntropyLoss } from './softmax-cross-entropy-loss.js';
import type { Dataset } from '../data/dataset.js';
import type { Random } from '../data/random.js';
import type { MLP } from './mlp.js';
import type { Optimizer } from './optimizer.js';
import { DivergedError } from './diverged-error.js';

/** How a model is scored: one output and the hinge loss (labels ±1), or one output per class and softmax cross-entropy. */
export type Objective = 'hinge' | 'softmax';

/** What `fit` trains and how. */
export interface FitConfig {
  readonly model: MLP;
  readonly data: Dataset;
  readonly objective: Objective;
  /** The weight of the L2 penalty alpha·Σp² added to the loss (micrograd's demo: 1e-4). */
  readonly alpha: number;
  readonly optimizer: Optimizer;
  readonly steps: number;
  /** Points per step, drawn at random each step; the whole set when undefined or >= n. */
  readonly batchSize?: number | undefined;
  /** Draws the batches. */
  readonly random: Random;
}

/** The model after `step` updates: its loss and accuracy on that step's batch (the final record: on all the data). */
export interface FitRecord {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
}

/**
 * Trains as micrograd's demo does: each step scores the batch, takes loss = data loss + L2
 * penalty, zeroes the gradients, runs backward() and steps the optimizer. Calls `onStep` with the
 * loss and accuracy of each step (before its update), and returns them, followed by the final
 * model's loss and accuracy on the whole set (record `steps`).
 *
 * Stops with a `DivergedError` as soon as a loss or a parameter is NaN or infinite (a learning rate
 * too large, say), naming the step as the progress line counts them (from 1): nothing after that
 * point could be trusted, and a model with a NaN weight could not be saved or loaded.
 */
export function fit(config: FitConfig, onStep: (r: FitRecord) => void = () => {}): FitRecord[] {
  const { model, data, objective, alpha, optimizer, steps, random } = config;
  const n = data.X.length;
  const batchSize = config.batchSize === undefined ? n : Math.min(config.batchSize, n);
  const indices = Array.from({ length: n }, (_, i) => i);
  const params = model.parameters();
  const history: FitRecord[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = batchSize === n ? data : pick(data, random.shuffle(indices).slice(0, batchSize));
    const { loss, accuracy } = lossAndAccuracy(model, batch, objective, alpha);
    if (!Number.isFinite(loss.data)) throw new DivergedError(`training diverged at step ${step + 1} (loss ${loss.data})`);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    const bad = params.find((p) => !Number.isFinite(p.data));
    if (bad !== undefined) throw new DivergedError(`training diverged at step ${step + 1} (parameter ${bad.label} became ${bad.data})`);
    const record = { step, loss: loss.data, accuracy };
    history.push(record);
    onStep(record);
  }
  const final = evaluate(model, data, objective, alpha);
  if (!Number.isFinite(final.loss)) {
    throw new DivergedError(`training diverged: the loss of the final model on all the points is ${final.loss}`);
  }
  history.push({ step: steps, ...final });
  return history;
}

/** The model's loss (with the L2 penalty) and accuracy on `data`, without recording a graph. */
export function evaluate(model: MLP, data: Dataset, objective: Objective, alpha: number): { loss: number; accuracy: number } {
  return noGrad(() => {
    const { loss, accuracy } = lossAndAccuracy(model, data, objective, alpha);
    return { loss: loss.data, accuracy };
  });
}

/** The loss micrograd's demo minimises (data loss + alpha·Σp²) and the fraction of points classified right. */
function lossAndAccuracy(model: MLP, data: Dataset, objective: Objective, alpha: number): { loss: Value; accuracy: number } {
  const outputs = data.X.map((x) => model.forward(x));
  let right = 0;
  let dataLoss: Value;
  if (objective === 'hinge') {
    const scores = outputs.map((o) => o[0] as Value);
    // micrograd's rule (a score > 0 predicts +1, else -1), except that a NaN score predicts nothing.
    scores.forEach((s, i) => {
      if (!Number.isNaN(s.data) && s.data > 0 === (data.y[i] as number) > 0) right++;
    });
    dataLoss = hingeLoss(scores, data.y);
  } else {
    outputs.forEach((o, i) => {
      if (argmax(o.map((v) => v.data)) === data.y[i]) right++;
    });
    dataLoss = softmaxCrossEntropyLoss(outputs, data.y);
  }
  const loss = alpha > 0 ? dataLoss.add(l2Penalty(model.parameters(), alpha)) : dataLoss;
  return { loss, accuracy: right / data.X.length };
}

/** The index of the largest entry (the first one at a tie), or -1 if an entry is NaN (no class can be told). */
export function argmax(xs: readonly number[]): number {
  if (xs.some((x) => Number.isNaN(x))) return -1;
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

function pick(data: Dataset, idx: readonly number[]): Dataset {
  return { X: idx.map((i) => data.X[i] as number[]), y: idx.map((i) => data.y[i] as number) };
}
