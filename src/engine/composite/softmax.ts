import { Value } from '../core/value.js';
import { sum } from './sum.js';
import { shift } from './log-sum-exp.js';
import { asValue, operandList } from '../core/operands.js';

/**
 * exp(values[i]) / Σ exp(values[j]) for each i, shifted by the largest value so that large inputs
 * do not overflow: softmax([1000, 1000]) is [0.5, 0.5].
 *
 * @example
 * softmax([a, b, c]).map((p) => p.data); // probabilities summing to 1
 */
export function softmax(values: readonly (Value | number)[]): Value[] {
  const xs = operandList('softmax', values);
  const m = shift(xs);
  const e = xs.map((x) => asValue(x).sub(m).exp());
  const total = sum(e);
  return e.map((ei) => ei.div(total));
}
