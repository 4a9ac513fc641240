import { Value } from '../core/value.js';
import { gradients, type GradientsOptions } from './gradients.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';
import { checkEntries } from '../core/array-entries.js';
import { checkInputCount } from '../core/max-inputs.js';

/** A function of scalar Values, as `grad` and its kin take it; `A` is its parameter list. */
export type ScalarFunction<A extends Value[] = Value[]> = (...args: A) => Value;
/** What a function made by `grad` accepts: numbers (made into leaves) or Values (differentiated through). */
export type ScalarArgument = Value | number;
/** The parameter list of a function made by `grad` from an `f` with parameters `A`: one number or Value per parameter. */
export type ScalarArguments<A extends readonly Value[]> = { -readonly [K in keyof A]: ScalarArgument };
/** The valid argument positions of a parameter list: 0 | 1 | ... for a fixed list, any number for a rest list. */
export type ArgumentIndex<A extends readonly unknown[]> = number extends A['length'] ? number : Exclude<Partial<A>['length'], A['length'] | undefined>;
/** One gradient per position asked for: a tuple as long as `argnums`. */
export type Gradients<N extends readonly unknown[]> = { -readonly [K in keyof N]: Value };

/**
 * The gradient of `f` with respect to argument `argnums` (default 0) as a new function of the same
 * arguments, in JAX's shape. Its results are Values built from the graph, so they can be
 * differentiated again: `grad(grad(f))` works to any order. The new function takes as many
 * arguments as `f`, and a list of `argnums` gives a tuple of as many gradients.
 *
 * @example
 * grad((x) => x.pow(3))(2).data; // 12
 * grad(grad((x) => x.pow(3)))(2).data; // 12 = 6x
 * const [dx, dy] = grad((x, y) => x.mul(y), [0, 1])(3, 4); // dx.data = 4, dy.data = 3
 */
export function grad<A extends Value[]>(f: (...args: A) => Value, argnums?: ArgumentIndex<A>, options?: GradientsOptions): (...args: ScalarArguments<A>) => Value;
export function grad<A extends Value[], const N extends readonly ArgumentIndex<A>[]>(
  f: (...args: A) => Value,
  argnums: N,
  options?: GradientsOptions,
): (...args: ScalarArguments<A>) => Gradients<N>;
export function grad(
  f: ScalarFunction,
  argnums: number | readonly number[] = 0,
  options: GradientsOptions = {},
): (...args: ScalarArgument[]) => Value | Value[] {
  const both = valueAndGradImpl('grad', f, argnums, options);
  // The arguments go on as one array: spreading them again would add a call of as many arguments.
  return (...args) => both(args)[1];
}

/**
 * Like `grad`, but the new function returns `[f(args), gradient]`, from one evaluation of `f`.
 *
 * @example
 * const [y, dy] = valueAndGrad((x) => x.tanh())(0.5); // y.data = tanh 0.5, dy.data = 1 - tanh² 0.5
 */
export function valueAndGrad<A extends Value[]>(
  f: (...args: A) => Value,
  argnums?: ArgumentIndex<A>,
  options?: GradientsOptions,
): (...args: ScalarArguments<A>) => [Value, Value];
export function valueAndGrad<A extends Value[], const N extends readonly ArgumentIndex<A>[]>(
  f: (...args: A) => Value,
  argnums: N,
  options?: GradientsOptions,
): (...args: ScalarArguments<A>) => [Value, Gradients<N>];
export function valueAndGrad(
  f: ScalarFunction,
  argnums: number | readonly number[] = 0,
  options: GradientsOptions = {},
): (...args: ScalarArgument[]) => [Value, Value | Value[]] {
  const both = valueAndGradImpl('valueAndGrad', f, argnums, options);
  return (...args) => both(args);
}

function valueAndGradImpl(
  caller: string,
  f: ScalarFunction,
  argnums: number | readonly number[],
  options: GradientsOptions,
): (args: readonly ScalarArgument[]) => [Value, Value | Value[]] {
  if (typeof f !== 'function') throw new TypeError(`${caller}: f must be a function, got ${describeOperand(f)}`);
  optionsObject(caller, options);
  const many = Array.isArray(argnums);
  const picks: readonly number[] = many ? argnums : [argnums as number];
  // Number.isInteger is false for anything that is not a number.
  const isIndex = (k: unknown): boolean => Number.isInteger(k) && (k as number) >= 0;
  if (many) checkEntries(caller, 'argnums', picks, 'a non-negative integer', isIndex, RangeError);
  else if (!isIndex(argnums)) throw new RangeError(`${caller}: argnums must be non-negative integers, got ${describeOperand(argnums)}`);
  return (args) => {
    const given = toValues(caller, args);
    for (const k of picks) {
      if (k >= given.length) throw new RangeError(`${caller}: argnums ${k} is out of range for ${given.length} argument(s)`);
    }
    // The same Value passed in two positions gets a node per position (x·1, exact), so that each
    // argument has its own gradient, as in JAX, instead of their sum.
    const counts = new Map<Value, number>();
    for (const v of given) counts.set(v, (counts.get(v) ?? 0) + 1);
    const leaves = given.map((v) => ((counts.get(v) as number) > 1 ? v.mul(1) : v));
    const out = callScalar(caller, f, leaves);
    const gs = gradients(out, picks.map((k) => leaves[k] as Value), options);
    return [out, many ? gs : (gs[0] as Value)];
  };
}

/** @internal Numbers become fresh leaves; Values pass through, so outer derivatives flow. */
export function toValues(caller: string, args: readonly unknown[]): Value[] {
  return args.map((x, i) => {
    if (x instanceof Value) return x;
    if (typeof x === 'number') return new Value(x);
    throw new TypeError(`${caller}: argument ${i} must be a Value or a number, got ${describeOperand(x)}`);
  });
}

/** @internal Calls f and insists on a Value back. */
export function callScalar(caller: string, f: ScalarFunction, args: Value[]): Value {
  checkInputCount(caller, args.length);
  const out = f(...args);
  if (!(out instanceof Value)) throw new TypeError(`${caller}: f must return a Value, got ${describeOperand(out)}`);
  return out;
}
