import fc from 'fast-check';
import { checkGrads, smoothAround, type CheckGradsOptions, type CheckedFunction } from './check-grads.js';
import { describeOperand } from '../engine/core/describe.js';
import { checkEntries } from '../engine/core/array-entries.js';

/** Options of `gradientProperty`: those of `checkGrads`, and what to do at a point that is not smooth. */
export interface GradientPropertyOptions extends CheckGradsOptions {
  /** At an inconclusive point: 'skip' it (default, fast-check's `pre`), or 'fail' the property there. */
  readonly inconclusive?: 'skip' | 'fail';
}

/** What a property draws its points from: one arbitrary per input of `f`, or one arbitrary of whole points. */
export type PointArbitraries = readonly fc.Arbitrary<number>[] | fc.Arbitrary<readonly number[]>;

/**
 * A fast-check property that runs `checkGrads(f, xs, options)` at each generated point `xs`; run it
 * with `fc.assert`, which shrinks a failure to the simplest failing point and shows its report.
 * Inconclusive points (on a kink, beside a pole) are skipped unless `inconclusive: 'fail'`.
 *
 * @example
 * fc.assert(gradientProperty((x, y) => x.mul(y).sin(), [fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(2)]));
 */
export function gradientProperty(f: CheckedFunction, arbitraries: PointArbitraries, options: GradientPropertyOptions = {}): fc.IPropertyWithHooks<[readonly number[]]> {
  if (typeof f !== 'function') throw new TypeError(`gradientProperty: f must be a function, got ${describeOperand(f)}`);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`gradientProperty: options must be an object, got ${describeOperand(options)}`);
  }
  const { inconclusive = 'skip', ...checkOptions } = options;
  if (inconclusive !== 'skip' && inconclusive !== 'fail') {
    throw new TypeError(`gradientProperty: inconclusive must be 'skip' or 'fail', got ${describeOperand(inconclusive)}`);
  }
  return fc.property(points('gradientProperty', arbitraries), (xs) => {
    const report = checkGrads(f, xs, checkOptions);
    if (report.status === 'inconclusive') {
      if (inconclusive === 'fail') throw new Error(report.checks.find((c) => c.status === 'inconclusive')?.reason);
      fc.pre(false);
    }
  });
}

function points(caller: string, arbitraries: unknown): fc.Arbitrary<readonly number[]> {
  if (Array.isArray(arbitraries)) {
    if (arbitraries.length === 0) throw new RangeError(`${caller}: arbitraries must hold one arbitrary per input, got an empty array`);
    checkEntries(caller, 'arbitraries', arbitraries, 'a fast-check arbitrary', (a) => a instanceof fc.Arbitrary);
    return fc.tuple(...(arbitraries as fc.Arbitrary<number>[]));
  }
  if (!(arbitraries instanceof fc.Arbitrary)) {
    throw new TypeError(`${caller}: arbitraries must be an array of fast-check arbitraries or one arbitrary of points, got ${describeOperand(arbitraries)}`);
  }
  return arbitraries as fc.Arbitrary<readonly number[]>;
}

/** Where `realAwayFrom` may draw: the interval, and how far from each excluded point. */
export interface AwayFromOptions {
  /** The least value (default -10). */
  readonly min?: number;
  /** The greatest value (default 10). */
  readonly max?: number;
  /** The least distance kept from each excluded point (default 1e-3). */
  readonly margin?: number;
}

/**
 * Doubles in [min, max] at least `margin` from each of `excluded` (a function's kinks and domain
 * edges, such as 0 for relu or the tie of max), by construction, not by filtering: a gap is
 * chosen, then a point inside it, so shrinking stays inside the allowed set.
 *
 * @example
 * realAwayFrom([0], { min: -3, max: 3 }); // never within 1e-3 of relu's kink
 */
export function realAwayFrom(excluded: readonly number[], options: AwayFromOptions = {}): fc.Arbitrary<number> {
  const { min = -10, max = 10, margin = 1e-3 } = options;
  for (const [name, x] of [['min', min], ['max', max], ['margin', margin]] as const) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`realAwayFrom: ${name} must be a finite number, got ${describeOperand(x)}`);
  }
  if (!(min <= max) || margin < 0) throw new RangeError(`realAwayFrom: needs min <= max and margin >= 0, got min = ${min}, max = ${max}, margin = ${margin}`);
  if (!Array.isArray(excluded)) throw new TypeError(`realAwayFrom: excluded must be an array of numbers, got ${describeOperand(excluded)}`);
  checkEntries('realAwayFrom', 'excluded', excluded, 'a finite number', (x) => typeof x === 'number' && Number.isFinite(x));
  const cuts = excluded.slice() as number[];
  cuts.sort((a, b) => a - b);
  // The allowed gaps between the excluded points, each shrunk by the margin at both ends.
  const gaps: [number, number][] = [];
  let lo = min;
  for (const c of cuts) {
    const hi = Math.min(max, c - margin);
    if (hi >= lo) gaps.push([lo, hi]);
    lo = Math.max(lo, c + margin);
  }
  if (max >= lo) gaps.push([lo, max]);
  if (gaps.length === 0) throw new RangeError(`realAwayFrom: no point of [${min}, ${max}] is ${margin} away from every excluded point`);
  return fc.oneof(...gaps.map(([a, b]) => fc.double({ min: a, max: b, noNaN: true })));
}

/**
 * Points drawn from `arbitraries` where `f` is smooth within `margin` (relative) along every
 * input, with finite values: for a function whose kinks are not known in advance. It filters
 * (fast-check gives up when nearly every point is rejected), so prefer `realAwayFrom` when the
 * kinks are known.
 *
 * @example
 * smoothPoints((x, y) => x.max(y), [fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })]);
 */
export function smoothPoints(f: CheckedFunction, arbitraries: PointArbitraries, options: { readonly margin?: number } = {}): fc.Arbitrary<readonly number[]> {
  if (typeof f !== 'function') throw new TypeError(`smoothPoints: f must be a function, got ${describeOperand(f)}`);
  const margin = options.margin ?? 1e-3;
  if (typeof margin !== 'number' || !(margin > 0) || !Number.isFinite(margin)) {
    throw new RangeError(`smoothPoints: margin must be a finite number > 0, got ${describeOperand(margin)}`);
  }
  return points('smoothPoints', arbitraries).filter((xs) => smoothAround(f, xs, margin));
}
