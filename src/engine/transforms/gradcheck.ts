import { Value } from '../core/value.js';
import { topologicalOrder } from '../core/topological-order.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';
import { checkEntries } from '../core/array-entries.js';
import { checkInputCount } from '../core/max-inputs.js';
import { axis, differenceQuotients } from './finite-difference.js';

/** Tolerances and step for `gradcheck`. */
export interface GradcheckOptions {
  /** Absolute tolerance (default 1e-5). */
  readonly atol?: number;
  /** Relative tolerance, against the numeric estimate (default 1e-3). */
  readonly rtol?: number;
  /** Relative step: input i moves by eps * max(1, |x_i|) (default 1e-6). */
  readonly eps?: number;
}

/** One input's comparison: `backward()`'s gradient against the central difference. */
export interface GradcheckEntry {
  /** The input's position in `xs`. */
  readonly index: number;
  /** d f / d x_i by `backward()`. */
  readonly analytic: number;
  /** d f / d x_i by central finite differences. */
  readonly numeric: number;
  /** |analytic - numeric| */
  readonly error: number;
  /** Whether the error is within atol + rtol · |numeric|. */
  readonly ok: boolean;
}

/** The outcome of `gradcheck`: `ok` when every input passes. */
export interface GradcheckResult {
  /** Whether every input passes. */
  readonly ok: boolean;
  /** f at the given point. */
  readonly value: number;
  /** One comparison per input, in order. */
  readonly inputs: readonly GradcheckEntry[];
}

/**
 * The simple one-point check: `backward()` against central finite differences, one input at a
 * time; for each input, passes when |analytic - numeric| <= atol + rtol * |numeric|. For forward
 * mode, higher orders, kinks told from bugs and property tests, use `checkGrads` and
 * `gradientProperty` from `memograd/testing`.
 *
 * `f` gets fresh leaf Values for `xs` on every call and must return a Value; the gradients of
 * the Values it closes over (leaves and inner nodes) are left as they were. Central differences straddle a kink, so within one
 * step of one (relu at 0, abs at 0) the two disagree by design: check smooth points.
 *
 * @example
 * gradcheck((x, y) => x.mul(y).tanh(), [0.3, -1.2]).ok // true
 */
export function gradcheck(
  f: (...xs: Value[]) => Value,
  xs: readonly number[],
  options: GradcheckOptions = {},
): GradcheckResult {
  optionsObject(`gradcheck`, options);
  if (typeof f !== 'function') throw new TypeError(`gradcheck: f must be a function, got ${describeOperand(f)}`);
  if (!Array.isArray(xs)) throw new TypeError(`gradcheck: xs must be an array of numbers, got ${describeOperand(xs)}`);
  checkEntries('gradcheck', 'xs', xs, 'a number', (x) => typeof x === 'number');
  xs.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`gradcheck: xs[${i}] must be finite, got ${x}`);
  });
  const atol = tolerance(options.atol, 1e-5, 'atol');
  const rtol = tolerance(options.rtol, 1e-3, 'rtol');
  const eps = tolerance(options.eps, 1e-6, 'eps');
  if (eps === 0) throw new RangeError('gradcheck: eps must be positive, got 0');

  const evaluate = (point: readonly number[]): number => call(f, point.map((x) => new Value(x))).data;
  const leaves = xs.map((x) => new Value(x));
  const out = call(f, leaves);
  // backward() also sets the gradient of every node below out: of the leaves f closes over (a
  // model's weights) and of the inner nodes it closes over alike. Only the fresh inputs keep theirs.
  const fresh = new Set(leaves);
  const captured = topologicalOrder(out).filter((n) => !fresh.has(n));
  const before = captured.map((n) => n.grad);
  out.backward();
  captured.forEach((n, k) => {
    n.grad = before[k] as number;
  });

  const inputs = xs.map((x, index): GradcheckEntry => {
    const numeric = differenceQuotients('gradcheck', eps, evaluate, xs, axis(xs.length, index), eps * Math.max(1, Math.abs(x))).central;
    const analytic = (leaves[index] as Value).grad;
    const error = Math.abs(analytic - numeric);
    return { index, analytic, numeric, error, ok: error <= atol + rtol * Math.abs(numeric) };
  });
  return { ok: inputs.every((e) => e.ok), value: out.data, inputs };
}

function call(f: (...xs: Value[]) => Value, args: Value[]): Value {
  checkInputCount('gradcheck', args.length);
  const out = f(...args);
  if (!(out instanceof Value)) throw new TypeError(`gradcheck: f must return a Value, got ${describeOperand(out)}`);
  return out;
}

function tolerance(x: number | undefined, fallback: number, name: string): number {
  if (x === undefined) return fallback;
  if (typeof x !== 'number' || !(x >= 0) || x === Infinity) {
    throw new RangeError(`gradcheck: ${name} must be a finite number >= 0, got ${describeOperand(x)}`);
  }
  return x;
}
