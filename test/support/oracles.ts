/**
 * Independent oracles for the derivative tests: forward values only (finite differences), or
 * `backward()` on a fresh forward graph (the first-order reference the graph-building gradients
 * are compared with). Nothing here calls `gradients`, `grad`, `hessian` or `hvp`.
 */
import fc from 'fast-check';
import { Value } from '../../src/index.js';
import { centralDifference, close } from './finite-difference.js';

/** A double in [min, max], never NaN or infinite. */
export const real = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** A double whose magnitude is in [min, max], of either sign: away from a kink at 0 by construction. */
export const awayFromZero = (min: number, max: number): fc.Arbitrary<number> =>
  fc.tuple(real(min, max), fc.boolean()).map(([m, negative]) => (negative ? -m : m));

/** f's forward value at `xs`, on fresh leaves. */
export function forwardValue(f: (...xs: Value[]) => Value, xs: readonly number[]): number {
  return f(...xs.map((x) => new Value(x))).data;
}

/** d f / d x_i for every i, by `backward()` on a fresh forward graph at `xs`. */
export function backwardGradient(f: (...xs: Value[]) => Value, xs: readonly number[]): number[] {
  const leaves = xs.map((x) => new Value(x));
  f(...leaves).backward();
  return leaves.map((l) => l.grad);
}

/** Throws, showing both numbers, unless |actual - expected| <= atol + rtol * |expected|. */
export function expectClose(actual: number, expected: number, rtol: number, atol: number, what: string): void {
  if (!close(actual, expected, rtol, atol)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (rtol ${rtol}, atol ${atol})`);
  }
}

/** Checks every d f / d x_i from backward() against central differences of f's forward value. */
export function expectBackwardMatchesFiniteDifferences(
  f: (...xs: Value[]) => Value,
  xs: number[],
  rtol = 1e-6,
  atol = 1e-8,
): void {
  const analytic = backwardGradient(f, xs);
  xs.forEach((_, i) => {
    const numeric = centralDifference((p) => forwardValue(f, p), xs, i);
    expectClose(analytic[i] as number, numeric, rtol, atol, `d/dx${i} at [${xs.join(', ')}]`);
  });
}

/**
 * The matrix of second derivatives d²f / dx_i dx_j by central differences (step `eps`, relative)
 * of backward()'s gradient: row i is the difference of the gradient when x_i moves.
 */
export function secondDerivativesByFiniteDifferences(
  f: (...xs: Value[]) => Value,
  xs: readonly number[],
  eps = 1e-5,
): number[][] {
  return xs.map((_, i) => xs.map((__, j) => centralDifference((p) => backwardGradient(f, p)[j] as number, xs, i, eps)));
}

/** The Jacobian (rows = outputs) by one `backward()` per output, each on a fresh forward graph at `xs`. */
export function backwardJacobian(f: (...xs: Value[]) => readonly Value[], xs: readonly number[]): number[][] {
  const m = f(...xs.map((x) => new Value(x))).length;
  return Array.from({ length: m }, (_, i) => backwardGradient((...leaves) => f(...leaves)[i] as Value, xs));
}

/** The Jacobian (rows = outputs) by central differences of f's forward values. */
export function finiteDifferenceJacobian(f: (...xs: Value[]) => readonly Value[], xs: readonly number[], eps = 1e-6): number[][] {
  const m = f(...xs.map((x) => new Value(x))).length;
  return Array.from({ length: m }, (_, i) =>
    xs.map((__, j) => centralDifference((p) => (f(...p.map((x) => new Value(x)))[i] as Value).data, xs, j, eps)),
  );
}
