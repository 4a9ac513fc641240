import { noGrad } from '../engine/core/value.js';
import type { Value } from '../engine/core/value.js';
import { checkDatasetEntries, type Dataset } from '../data/dataset.js';
import { hingeLoss } from './hinge-loss.js';
import { l2Penalty } from './l2-penalty.js';
import { softmaxCrossEntropyLoss } from './softmax-cross-entropy-loss.js';
import { MLP } from './mlp.js';
import { describeOperand } from '../engine/core/describe.js';
import { numberOption } from '../engine/core/number-option.js';
import { checkEntries } from '../engine/core/array-entries.js';

/** How a model is scored: one output and the hinge loss (labels ±1), or one output per class and softmax cross-entropy. */
export type Objective = 'hinge' | 'softmax';

/**
 * The model's loss (with the L2 penalty alpha·Σp²) and accuracy on `data`, without recording a graph.
 *
 * @example
 * evaluate(model, makeMoons(100), 'hinge', 1e-4); // { loss: 0.31..., accuracy: 0.89 }
 */
export function evaluate(model: MLP, data: Dataset, objective: Objective, alpha: number): { loss: number; accuracy: number } {
  checkModel('evaluate', model);
  checkTrainingData('evaluate', data);
  checkObjective('evaluate', model, objective);
  numberOption('evaluate', 'alpha', alpha, 0);
  return noGrad(() => {
    const { loss, outputs } = lossGraph(model, data, objective, alpha);
    return { loss: loss.data, accuracy: accuracyOf(outputs, data.y, objective) };
  });
}

/** @internal Checks that `model` is an MLP. */
export function checkModel(caller: string, model: unknown): asserts model is MLP {
  if (!(model instanceof MLP)) throw new TypeError(`${caller}: model must be an MLP, got ${describeOperand(model)}`);
}

/** @internal Checks a dataset's shape: { X, y } with as many labels as points, at least one then its entries, holes included. */
export function checkTrainingData(caller: string, data: unknown): asserts data is Dataset {
  const d = data as Dataset | null;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.X) || !Array.isArray(d.y) || d.X.length !== d.y.length || d.X.length === 0) {
    throw new TypeError(`${caller}: data must be { X, y } with as many labels as points, at least one, got ${describeOperand(data)}`);
  }
  checkDatasetEntries(caller, d);
}

/**
 * @internal Checks an objective and that the model's output count fits it: the hinge loss scores
 * output 0 only, so more outputs would go untrained (and unscored) without a word, and softmax
 * over one output is 1 whatever the weights (a loss of 0, nothing to learn).
 */
export function checkObjective(caller: string, model: MLP, objective: unknown): asserts objective is Objective {
  if (objective !== 'hinge' && objective !== 'softmax') {
    const message = `${caller}: objective must be 'hinge' or 'softmax', got ${describeOperand(objective)}`;
    throw typeof objective === 'string' ? new RangeError(message) : new TypeError(message);
  }
  const outputs = model.nouts[model.nouts.length - 1] as number;
  const got = `got a model with ${outputs} output${outputs === 1 ? '' : 's'}`;
  if (objective === 'hinge' && outputs !== 1) throw new RangeError(`${caller}: objective 'hinge' needs a model with 1 output, ${got}`);
  if (objective === 'softmax' && outputs < 2) {
    throw new RangeError(`${caller}: objective 'softmax' needs a model with at least 2 outputs (one per class), ${got}`);
  }
}

/**
 * @internal The loss micrograd's demo minimises (data loss + alpha·Σp²) as a graph, and the
 * model's outputs (one row per point) that it was computed from.
 */
export function lossGraph(model: MLP, data: Dataset, objective: Objective, alpha: number): { loss: Value; outputs: Value[][] } {
  const outputs = data.X.map((x) => model.forward(x));
  const dataLoss = objective === 'hinge' ? hingeLoss(outputs.map((o) => o[0] as Value), data.y) : softmaxCrossEntropyLoss(outputs, data.y);
  const loss = alpha > 0 ? dataLoss.add(l2Penalty(model.parameters(), alpha)) : dataLoss;
  return { loss, outputs };
}

/** @internal The fraction of points classified right, from the model's outputs (one row per point). */
export function accuracyOf(outputs: readonly (readonly Value[])[], labels: readonly number[], objective: Objective): number {
  if (objective === 'hinge') return hingeAccuracy(outputs.map((o) => (o[0] as Value).data), labels);
  let right = 0;
  outputs.forEach((o, i) => {
    if (argmax(o.map((v) => v.data)) === labels[i]) right++;
  });
  return right / outputs.length;
}

/** @internal The fraction of scores on the side of 0 their labels (±1) are on. */
export function hingeAccuracy(scores: ArrayLike<number>, labels: readonly number[]): number {
  let right = 0;
  for (let i = 0; i < scores.length; i++) {
    // micrograd's rule (a score > 0 predicts +1, else -1), except that a NaN score predicts nothing.
    const s = scores[i] as number;
    // Stryker disable next-line EqualityOperator: labels are -1 or +1 (hingeLoss refuses any other), so > 0 and >= 0 agree; the twin < 0 (labels flipped) fails the accuracy tests
    const positive = (labels[i] as number) > 0;
    if (!Number.isNaN(s) && s > 0 === positive) right++;
  }
  return right / scores.length;
}

/**
 * The index of the largest entry (the first one at a tie), or -1 if an entry is NaN (no class can
 * be told): the class a network with one output per class predicts.
 *
 * @example
 * argmax(model.predictor()([0.5, -0.2])); // 0, 1 or 2 for a three-class spiral model
 */
export function argmax(xs: readonly number[] | Float64Array): number {
  if (!(xs instanceof Float64Array)) {
    if (!Array.isArray(xs)) throw new TypeError(`argmax: xs must be an array of numbers, got ${describeOperand(xs)}`);
    checkEntries('argmax', 'xs', xs, 'a number', (x) => typeof x === 'number');
  }
  for (let i = 0; i < xs.length; i++) if (Number.isNaN(xs[i])) return -1;
  let best = 0;
  // Stryker disable next-line EqualityOperator: xs[xs.length] is undefined and undefined > x is false, so one more turn changes nothing; the twin >= (no turn) fails argmax's tests
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] as number) > (xs[best] as number)) best = i;
  }
  return best;
}
