import { describeOperand } from './describe.js';

/*
 * The checks of a numeric argument or option: a value that is not a number at all ('3', true,
 * undefined) is a TypeError, a number out of range (NaN, Infinity, -1, 2.5 where an integer is
 * needed) a RangeError; both say the same one line, naming the caller, the option and the value.
 */

/** @internal A finite number >= `min` (and < `below`, if given), else a `TypeError` (not a number) or a `RangeError`. */
export function numberOption(caller: string, name: string, x: unknown, min: number, below?: number): number {
  // Number.isFinite is false for anything that is not a number (it does not convert, as isFinite does).
  const ok = Number.isFinite(x) && (x as number) >= min && (below === undefined || (x as number) < below);
  if (!ok) {
    const range = below === undefined ? `>= ${min}` : `in [${min}, ${below})`;
    const message = `${caller}: ${name} must be a finite number ${range}, got ${describeOperand(x)}`;
    throw typeof x === 'number' ? new RangeError(message) : new TypeError(message);
  }
  return x as number;
}

/** @internal An integer >= `min`, else a `TypeError` (not a number) or a `RangeError`. */
export function integerOption(caller: string, name: string, x: unknown, min: number): number {
  // Number.isInteger is false for anything that is not a number.
  if (!(Number.isInteger(x) && (x as number) >= min)) {
    const message = `${caller}: ${name} must be an integer >= ${min}, got ${describeOperand(x)}`;
    throw typeof x === 'number' ? new RangeError(message) : new TypeError(message);
  }
  return x as number;
}

/** @internal A number in the open interval (`low`, `high`), else a `TypeError` (not a number) or a `RangeError`. */
export function fractionOption(caller: string, name: string, x: unknown, low: number, high: number): number {
  if (!(typeof x === 'number' && x > low && x < high)) {
    const message = `${caller}: ${name} must be a number in (${low}, ${high}), got ${describeOperand(x)}`;
    throw typeof x === 'number' ? new RangeError(message) : new TypeError(message);
  }
  return x;
}
