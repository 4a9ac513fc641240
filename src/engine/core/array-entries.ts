import { describeOperand } from './describe.js';

/*
 * The one check of an array's entries that every public function taking an array goes through.
 * forEach, map, some and every skip holes (the indices a sparse array such as `[ , 1]` or
 * `new Array(3)` does not hold), so a check written with them let a hole through to a NaN, a
 * wrong answer or a crash far from the call; these loops visit every index below the length.
 */

/** @internal How an error message shows a hole. */
export const HOLE = 'a hole (a missing entry)';

/**
 * @internal The index of the first entry of `xs` that is a hole or that `accepts` refuses, or -1
 * when there is none; `accepts` sees every other entry, in order.
 */
export function firstBadEntry(xs: readonly unknown[], accepts: (x: unknown, i: number) => boolean): number {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    // `in` only for undefined, which is rare: a hole reads as undefined.
    // Stryker disable next-line ConditionalExpression: without the undefined test every entry gets the `in` test, which only defined entries pass: the same answer, slower
    if ((x === undefined && !(i in xs)) || !accepts(x, i)) return i;
  }
  return -1;
}

/** @internal Entry i of `xs` as an error message shows it: `describeOperand` of it, or `HOLE`. */
export function describeEntry(xs: readonly unknown[], i: number): string {
  return i in xs ? describeOperand(xs[i]) : HOLE;
}

/**
 * @internal Throws `${caller}: ${name}[i] must be ${expected}, got …` for the first entry of `xs`
 * that is a hole (a TypeError) or that `accepts` refuses (a TypeError, or `Bad` when given).
 */
export function checkEntries(
  caller: string,
  name: string,
  xs: readonly unknown[],
  expected: string,
  accepts: (x: unknown, i: number) => boolean,
  Bad: new (message: string) => Error = TypeError,
): void {
  const i = firstBadEntry(xs, accepts);
  if (i === -1) return;
  const message = `${caller}: ${name}[${i}] must be ${expected}, got ${describeEntry(xs, i)}`;
  throw i in xs ? new Bad(message) : new TypeError(message);
}
