import { Value } from '../core/value.js';
import { sum } from './sum.js';
import { operandList } from '../core/operands.js';

/**
 * The dot product Σ a[i]·b[i] of two equally long lists of Values or numbers.
 *
 * @example
 * dot([w1, w2], [x1, x2]); // w1·x1 + w2·x2
 */
export function dot(a: readonly (Value | number)[], b: readonly (Value | number)[]): Value {
  const xs = operandList('dot', a, 'a');
  const ys = operandList('dot', b, 'b');
  if (xs.length !== ys.length) throw new RangeError(`dot: a has length ${xs.length} but b has length ${ys.length}`);
  return sum(xs.map((x, i) => times(x, ys[i] as Value | number)));
}

function times(x: Value | number, y: Value | number): Value | number {
  if (x instanceof Value) return x.mul(y);
  if (y instanceof Value) return y.mul(x);
  return x * y;
}
