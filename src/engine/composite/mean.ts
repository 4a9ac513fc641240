import { Value } from '../core/value.js';
import { sum } from './sum.js';
import { operandList } from '../core/operands.js';

/**
 * The arithmetic mean of `values` (at least one).
 *
 * @example
 * mean([a, b]).data; // (a + b) / 2
 */
export function mean(values: readonly (Value | number)[]): Value {
  const xs = operandList('mean', values);
  if (xs.length === 0) throw new RangeError('mean: needs at least one value, got an empty array');
  return sum(xs).div(xs.length);
}
