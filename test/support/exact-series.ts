/**
 * Correctly rounded references for log1p and expm1 at small arguments, computed independently of
 * Math.log1p / Math.expm1: the double x is converted exactly to a rational, the Taylor series is
 * summed in BigInt fixed point with 80 decimal digits, and the decimal result is rounded to the
 * nearest double by Number() (which JavaScript specifies as correctly rounded).
 */
const DIGITS = 80;
const SCALE = 10n ** BigInt(DIGITS);

/** x as a fixed-point BigInt x · 10^DIGITS (floor), from the exact binary value of the double. */
function toFixed(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`exact-series: x must be finite, got ${x}`);
  let m = Math.abs(x);
  let k = 0;
  // Multiplying by 2 is exact, so after k doublings m is the integer numerator of |x| = m / 2^k.
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  const fixed = (BigInt(m) * SCALE) / 2n ** BigInt(k);
  return x < 0 ? -fixed : fixed;
}

function toDouble(fixed: bigint): number {
  const negative = fixed < 0n;
  const digits = (negative ? -fixed : fixed).toString();
  return Number(`${negative ? '-' : ''}${digits}e-${DIGITS}`);
}

/** Σ_{n>=1} sign(n) x^n / denominator(n), for |x| < 1/2 (the terms fall geometrically). */
function series(x: number, term: (n: number, power: bigint) => bigint): number {
  if (!(Math.abs(x) < 0.5)) throw new RangeError(`exact-series: needs |x| < 0.5, got ${x}`);
  const fx = toFixed(x);
  let power = fx;
  let total = 0n;
  for (let n = 1; power !== 0n && n < 1000; n++) {
    total += term(n, power);
    power = (power * fx) / SCALE;
  }
  return toDouble(total);
}

/** The double nearest to log(1 + x) = x - x²/2 + x³/3 - ..., for |x| < 1/2. */
export function log1pReference(x: number): number {
  return series(x, (n, power) => (n % 2 === 1 ? power : -power) / BigInt(n));
}

/** The double nearest to e^x - 1 = x + x²/2! + x³/3! + ..., for |x| < 1/2. */
export function expm1Reference(x: number): number {
  let factorial = 1n;
  return series(x, (n, power) => {
    factorial *= BigInt(n);
    return power / factorial;
  });
}
