import type { Value } from '../engine/core/value.js';
import { mean } from '../engine/composite/mean.js';
import { logSumExp } from '../engine/composite/log-sum-exp.js';
import { asValue } from '../engine/core/operands.js';
import { checkLossOperands } from './loss-operands.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { isOperand } from '../engine/core/operands.js';

/**
 * Softmax cross-entropy for a few classes, (1/n) Σ -log softmax(logits[i])[classes[i]], computed
 * as logSumExp(logits[i]) - logits[i][classes[i]] (shifted by the largest logit: no overflow).
 *
 * @example
 * softmaxCrossEntropyLoss(X.map((x) => model.forward(x)), y); // y[i] in 0..k-1
 */
export function softmaxCrossEntropyLoss(logits: readonly (readonly (Value | number)[])[], classes: readonly number[]): Value {
  const caller = 'softmaxCrossEntropyLoss';
  checkLossOperands(caller, logits, classes, 'logits', 'classes', () => '', true);
  const k = (logits[0] as readonly unknown[]).length;
  // Checked apart: the row check below would say "has 0 entries, expected 0".
  if (k === 0) throw new RangeError(`${caller}: logits[0] is empty; each row needs one logit per class, at least one`);
  return mean(
    logits.map((row, i) => {
      if (row.length !== k) {
        throw new RangeError(`${caller}: logits[${i}] has ${row.length} entries, expected ${k} (one per class, as logits[0])`);
      }
      const c = classes[i] as number;
      checkClass(caller, c, i, k);
      checkEntries(caller, `logits[${i}]`, row, 'a Value or a number', isOperand);
      return logSumExp(row).sub(asValue(row[c] as Value | number));
    }),
  );
}

/** @internal Checks class label `c`, entry i of the classes, for `k` classes: an integer in [0, k - 1]. */
export function checkClass(caller: string, c: number, i: number, k: number): void {
  if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`${caller}: classes[${i}] must be an integer in [0, ${k - 1}], got ${c}`);
}
