/**
 * Central finite difference of a plain-number function, the independent oracle for gradients:
 * it only ever evaluates forward values.
 */
export function centralDifference(f: (xs: number[]) => number, xs: readonly number[], i: number, eps = 1e-6): number {
  const x = xs[i] as number;
  const h = eps * Math.max(1, Math.abs(x));
  const plus = xs.slice();
  const minus = xs.slice();
  plus[i] = x + h;
  minus[i] = x - h;
  return (f(plus) - f(minus)) / ((plus[i] as number) - (minus[i] as number));
}

/** |actual - expected| <= atol + rtol * |expected|, with a message that shows both. */
export function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}
