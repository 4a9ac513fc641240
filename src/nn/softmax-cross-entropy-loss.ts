import type { Value } from '../engine/value.js';
import { mean } from '../engine/mean.js';
import { logSumExp } from '../engine/log-sum-exp.js';
import { asValue } from '../engine/operands.js';
import { checkLossOperands, checkPrediction } from './loss-operands.js';
import { describeOperand } from '../engine/describe.js';

/**
 * Softmax cross-entropy for a few classes, (1/n) Σ -log softmax(logits[i])[classes[i]], computed
 * as logSumExp(logits[i]) - logits[i][classes[i]] (shifted by the largest logit: no overflow).
 *
 * @example
 * softmaxCrossEntropyLoss(X.map((x) => model.forward(x)), y); // y[i] in 0..k-1
 */
export function softmaxCrossEntropyLoss(logits: readonly (readonly (Value | number)[])[], classes: readonly number[]): Value {
  const caller = 'softmaxCrossEntropyLoss';
  checkLossOperands(caller, logits, classes, 'logits', 'classes', () => '');
  const k = Array.isArray(logits[0]) ? (logits[0] as unknown[]).length : 0;
  return mean(
    logits.map((row, i) => {
      if (!Array.isArray(row)) throw new TypeError(`${caller}: logits[${i}] must be an array of Values or numbers, got ${describeOperand(row)}`);
      if (row.length < 1 || row.length !== k) {
        throw new RangeError(`${caller}: logits[${i}] has ${row.length} entries, expected ${k} (one per class, as logits[0])`);
      }
      const c = classes[i] as number;
      if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`${caller}: classes[${i}] must be an integer in [0, ${k - 1}], got ${c}`);
      row.forEach((z, j) => checkPrediction(caller, `logits[${i}][${j}]`, z));
      return logSumExp(row).sub(asValue(row[c] as Value | number));
    }),
  );
}
