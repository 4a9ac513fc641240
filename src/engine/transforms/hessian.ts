import { Value } from '../core/value.js';
import { gradients, type GradientsOptions } from './gradients.js';
import { callScalar } from './grad.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';
import { checkEntries } from '../core/array-entries.js';

/** The numbers a Hessian is taken at: one per parameter of `f` (parameters `A`). */
export type NumberArguments<A extends readonly Value[]> = { -readonly [K in keyof A]: number };

/**
 * The Hessian of `f` (a function of n scalars) as a function returning an n × n matrix of numbers:
 * one graph-building backward for the gradient, then one backward per row.
 *
 * @example
 * hessian((x, y) => x.mul(x).mul(y))(1, 2); // [[4, 2], [2, 0]]
 */
export function hessian<A extends Value[]>(f: (...args: A) => Value, options: GradientsOptions = {}): (...xs: NumberArguments<A>) => number[][] {
  if (typeof f !== 'function') throw new TypeError(`hessian: f must be a function, got ${describeOperand(f)}`);
  optionsObject('hessian', options);
  return (...xs) => {
    const leaves = checkNumbers('hessian', xs).map((x) => new Value(x));
    const g = gradients(callScalar('hessian', f as (...args: Value[]) => Value, leaves), leaves, options);
    return g.map((gi) => gradients(gi, leaves, options).map((h) => h.data));
  };
}

/**
 * The Hessian-vector product H(xs) · v of `f`, in two passes whatever the number of inputs: the
 * gradient as a graph, then the gradient of its dot product with `v`.
 *
 * @example
 * hvp((x, y) => x.mul(x).mul(y), [1, 2], [1, 0]); // [4, 2]
 */
export function hvp<A extends Value[]>(
  f: (...args: A) => Value,
  xs: Readonly<NumberArguments<A>>,
  v: Readonly<NumberArguments<A>>,
  options: GradientsOptions = {},
): number[] {
  if (typeof f !== 'function') throw new TypeError(`hvp: f must be a function, got ${describeOperand(f)}`);
  optionsObject('hvp', options);
  const leaves = checkNumbers('hvp', xs).map((x) => new Value(x));
  const direction = checkNumbers('hvp', v, 'v');
  if (direction.length !== leaves.length) {
    throw new RangeError(`hvp: v has length ${direction.length} but xs has length ${leaves.length}`);
  }
  const g = gradients(callScalar('hvp', f as (...args: Value[]) => Value, leaves), leaves, options);
  let gv: Value | undefined;
  g.forEach((gi, i) => {
    const term = gi.mul(direction[i] as number);
    gv = gv === undefined ? term : gv.add(term);
  });
  if (gv === undefined) return [];
  return gradients(gv, leaves, options).map((h) => h.data);
}

function checkNumbers(caller: string, xs: unknown, name = 'xs'): number[] {
  if (!Array.isArray(xs)) throw new TypeError(`${caller}: ${name} must be an array of numbers, got ${describeOperand(xs)}`);
  checkEntries(caller, name, xs, 'a number', (x) => typeof x === 'number');
  return xs as number[];
}
