import type { Value } from '../engine/core/value.js';
import { mean } from '../engine/composite/mean.js';
import { asValue } from '../engine/core/operands.js';
import { checkLossOperands } from './loss-operands.js';

/**
 * Binary cross-entropy from logits, (1/n) Σ -[y log σ(z) + (1 - y) log(1 - σ(z))] for labels y in
 * [0, 1], computed as softplus(z) - y·z: finite with an exact gradient σ(z) - y even at
 * |z| = 1000, where log(σ(z)) would be log 0 and give NaN.
 *
 * @example
 * bceWithLogitsLoss([model.score(x)], [1]).backward();
 */
export function bceWithLogitsLoss(logits: readonly (Value | number)[], labels: readonly number[]): Value {
  checkLossOperands('bceWithLogitsLoss', logits, labels, 'logits', 'labels', (y) => (y >= 0 && y <= 1 ? '' : 'must be in [0, 1]'));
  return mean(
    logits.map((z, i) => {
      const logit = asValue(z);
      return logit.softplus().sub(logit.mul(labels[i] as number));
    }),
  );
}
