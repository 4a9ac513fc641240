/**
 * @internal Difference quotients of a plain-number function along a line through a point: the
 * independent oracle that `gradcheck` and `memograd/testing`'s `checkGrads` compare derivatives
 * with. Pure arithmetic on numbers (no Values), so the testing subpath may carry its own copy.
 */

/** @internal The quotients at one step: central, forward (right) and backward (left). */
export interface DifferenceQuotients {
  /** (f(x + h v) - f(x - h v)) / 2h, with the step actually taken after rounding. */
  readonly central: number;
  /** (f(x + h v) - f(x)) / h */
  readonly right: number;
  /** (f(x) - f(x - h v)) / h */
  readonly left: number;
  /** The step h as asked for. */
  readonly step: number;
}

/** @internal The step for a relative eps at the point: eps · max(1, |x|∞), as gradcheck has always taken it per input. */
export function stepFor(eps: number, xs: readonly number[]): number {
  let scale = 1;
  for (let i = 0; i < xs.length; i++) scale = Math.max(scale, Math.abs(xs[i] as number));
  return eps * scale;
}

/**
 * @internal The difference quotients of `evaluate` at `xs` along `v` (whose largest entry in
 * magnitude is ±1) with step `h` (from `eps`); `at` is f(xs), when the one-sided quotients are
 * wanted. Throws a RangeError naming `caller` and `eps` when the step vanishes or overflows at the point.
 */
export function differenceQuotients(
  caller: string,
  eps: number,
  evaluate: (xs: number[]) => number,
  xs: readonly number[],
  v: readonly number[],
  h: number,
  at = NaN,
): DifferenceQuotients {
  const plus = xs.slice();
  const minus = xs.slice();
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const vi = v[i] as number;
    plus[i] = x + h * vi;
    minus[i] = x - h * vi;
    if (Math.abs(vi) > Math.abs(v[k] as number)) k = i;
  }
  // Divide by the step actually taken along the longest axis: x ± h is rounded, and 2h would not be the true spacing.
  const spacing = (plus[k] as number) - (minus[k] as number);
  // Stryker disable next-line ArithmeticOperator: v[k] is ±1 (v's largest entry in magnitude), and d / ±1 = d · ±1 exactly
  const taken = spacing / (v[k] as number);
  if (!(taken > 0) || !Number.isFinite(taken)) {
    const x = xs[k] as number;
    throw new RangeError(`${caller}: eps = ${eps} gives no usable step at xs[${k}] = ${x} (x ± h = ${minus[k]}, ${plus[k]})`);
  }
  const fPlus = evaluate(plus);
  const fMinus = evaluate(minus);
  return { central: (fPlus - fMinus) / taken, right: (fPlus - at) / h, left: (at - fMinus) / h, step: h };
}

/** @internal The unit vector along input `i` of `n`. */
export function axis(n: number, i: number): number[] {
  const v = new Array<number>(n).fill(0);
  v[i] = 1;
  return v;
}
