import type { Value } from '../engine/core/value.js';
import { mean } from '../engine/composite/mean.js';
import { asValue } from '../engine/core/operands.js';
import { checkLossOperands } from './loss-operands.js';

/**
 * The mean squared error, (1/n) Σ (predictions[i] - targets[i])².
 *
 * @example
 * mseLoss([model.score(x)], [0.5]).backward();
 */
export function mseLoss(predictions: readonly (Value | number)[], targets: readonly number[]): Value {
  checkLossOperands('mseLoss', predictions, targets, 'predictions', 'targets', (t) =>
    Number.isFinite(t) ? '' : 'must be finite',
  );
  return mean(
    predictions.map((p, i) => asValue(p).sub(targets[i] as number).square()),
  );
}
