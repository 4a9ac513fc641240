import type { Value } from '../engine/core/value.js';
import { sum } from '../engine/composite/sum.js';
import { asValue } from '../engine/core/operands.js';
import { checkLossOperands } from './loss-operands.js';

/**
 * The SVM max-margin loss of micrograd's demo, (1/n) Σ relu(1 - labels[i]·scores[i]), for labels
 * -1 and +1: zero for a point classified with a margin of at least 1.
 *
 * It mirrors micrograd's float operations: each term is relu(1 + (-y)·s), and the mean is the sum
 * times (1/n) (`sum(losses) * (1.0 / len(losses))`), not the sum divided by n.
 *
 * @example
 * hingeLoss(X.map((x) => model.score(x)), y); // y[i] is -1 or +1
 */
export function hingeLoss(scores: readonly (Value | number)[], labels: readonly number[]): Value {
  checkLossOperands('hingeLoss', scores, labels, 'scores', 'labels', hingeLabel);
  const terms = scores.map((s, i) => asValue(s).mul(-(labels[i] as number)).add(1).relu());
  return sum(terms).mul(1.0 / terms.length);
}

/** @internal What is wrong with a hinge label (it must be -1 or +1), or ''. */
export function hingeLabel(y: number): string {
  return y === 1 || y === -1 ? '' : 'must be -1 or +1';
}
