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
 * @internal The shift m for a stable log-sum-exp, as a node of the graph: the largest value,
 * clamped to the finite doubles (so that a list holding ±Infinity gives the IEEE answer instead of
 * Infinity - Infinity), behind `stopGradient`. Any m gives the same function, so no gradient flows
 * through it; and as a node, not a constant read from the values, `compile()` replays it from the
 * values of each run, so a compiled softmax or log-sum-exp equals a new build of it bit for bit.
 * A list of numbers alone gives a number: nothing in it can change.
 */
export function shift(xs: readonly (Value | number)[]): Value | number {
  let m: Value | number = -Infinity;
  // Math.max is commutative and associative, NaN and ±0 included: any order gives the largest
  // (and max(-Infinity, x) is x: the first Value starts the chain as it is).
  for (const x of xs) {
    if (typeof m !== 'number') m = m.max(x);
    else if (typeof x === 'number') m = Math.max(m, x);
    else m = m === -Infinity ? x : x.max(m);
  }
  if (typeof m === 'number') return Number.isFinite(m) ? m : 0;
  return m.max(-Number.MAX_VALUE).min(Number.MAX_VALUE).stopGradient();
}
