/**
 * @internal `x` rounded to `digits` significant digits, without trailing zeros, for pictures:
 * 0.5975, -1.2e-7, 1235000; NaN and ±Infinity as themselves, and -0 as "-0" (a signed zero is
 * meaningful at a kink).
 *
 * @example
 * formatSignificant(0.597485765827, 4); // '0.5975'
 */
export function formatSignificant(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Object.is(x, -0)) return '-0'; // toPrecision drops the sign of a zero
  return String(Number(x.toPrecision(digits)));
}
