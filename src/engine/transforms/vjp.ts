import { Value } from '../core/value.js';
import { LinearTape } from './linear-tape.js';
import { callVector, checkArguments, checkFunction, checkRecording, type VectorFunction } from './jvp.js';
import { describeOperand } from '../core/describe.js';

/**
 * Reverse mode: the value of `f` at `xs` and a pullback that maps an output cotangent c to the
 * input cotangents cᵀ·J, one backward sweep per call; it can be called any number of times on
 * the one evaluation (it keeps the local derivatives, not the graph).
 *
 * @example
 * const [y, pullback] = vjp((x, y) => [x.mul(y), x.add(y)], [2, 5]); // y = [10, 7]
 * pullback([1, 0]); // [5, 2]: the gradient of x·y
 * pullback([0, 1]); // [1, 1]: the gradient of x + y
 */
export function vjp(f: (...xs: Value[]) => Value, xs: readonly number[]): [number, (cotangent: number) => number[]];
export function vjp(
  f: (...xs: Value[]) => readonly Value[],
  xs: readonly number[],
): [number[], (cotangent: readonly number[]) => number[]];
export function vjp(
  f: VectorFunction,
  xs: readonly number[],
): [number | number[], ((cotangent: number) => number[]) | ((cotangent: readonly number[]) => number[])] {
  checkFunction('vjp', f);
  const leaves = checkArguments('vjp', xs, 'xs', false).map((x) => new Value(x as number));
  checkRecording('vjp');
  const [outputs, scalar] = callVector('vjp', f, leaves);
  const tape = new LinearTape('vjp', leaves, outputs);
  const values = outputs.map((y) => y.data);
  const m = outputs.length;
  const pullback = (cotangent: unknown): number[] => {
    let c: readonly number[];
    if (scalar) {
      if (typeof cotangent !== 'number') {
        throw new TypeError(`vjp: the cotangent of a scalar f must be a number, got ${describeOperand(cotangent)}`);
      }
      c = [cotangent];
    } else {
      c = checkArguments('vjp', cotangent, 'cotangent', false) as readonly number[];
      if (c.length !== m) throw new RangeError(`vjp: cotangent has length ${c.length} but f has ${m} output(s)`);
    }
    const out: number[] = [];
    tape.pullBack(c, out);
    return out;
  };
  return scalar ? [values[0] as number, pullback] : [values, pullback];
}
