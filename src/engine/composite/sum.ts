import { Value } from '../core/value.js';
import { asValue, operandList } from '../core/operands.js';

/**
 * The sum of `values` (Values or numbers), added left to right; 0 for an empty list.
 *
 * @example
 * sum([a, b, 1]).data; // a + b + 1
 */
export function sum(values: readonly (Value | number)[]): Value {
  const xs = operandList('sum', values);
  if (xs.length === 0) return new Value(0);
  let acc = asValue(xs[0] as Value | number);
  for (let i = 1; i < xs.length; i++) acc = acc.add(xs[i] as Value | number);
  return acc;
}
