import { Value } from '../core/value.js';
import { sum } from './sum.js';
import { asValue, operandList } from '../core/operands.js';

/**
 * log Σ exp(values[i]), computed as m + log Σ exp(values[i] - m) with m the largest value, so it
 * neither overflows nor underflows: logSumExp([1000, 1000]) = 1000 + ln 2. -Infinity for an empty list.
 *
 * @example
 * logSumExp([a, b]); // a smooth max of a and b
 */
export function logSumExp(values: readonly (Value | number)[]): Value {
  const xs = operandList('logSumExp', values);
  if (xs.length === 0) return new Value(-Infinity);
  const m = shift(xs);
  return sum(xs.map((x) => asValue(x).sub(m).exp())).log().add(m);
}

/**
 * @internal The shift m for a stable log-sum-exp: the largest value when it is finite, else 0
 * (so that a list holding ±Infinity or NaN gives the IEEE answer instead of Infinity - Infinity).
 * Any m gives the same function, so m is a constant and no gradient flows through it.
 */
export function shift(xs: readonly (Value | number)[]): number {
  let m = -Infinity;
  for (const x of xs) m = Math.max(m, typeof x === 'number' ? x : x.data);
  return Number.isFinite(m) ? m : 0;
}
