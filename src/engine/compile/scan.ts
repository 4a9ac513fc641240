import { OP_BY_CODE } from '../core/ops.js';
import type { Tape } from './tape.js';

/**
 * A chain of identical units found in a tape, for the scan kernel (scan-kernel.ts). Unit u
 * (0 <= u < units) holds the tape positions `first + u·period` to `first + u·period + period - 1`,
 * its output last; its carried input is the position just before it (the previous unit's output,
 * or for unit 0 an inner node consumed only by unit 0). Every position of a unit has the same role
 * in each unit: a leaf of its own, or an op with the same code whose operands are the carry, a
 * position of the unit, or the same fixed position before the chain (a shared leaf or node).
 */
export interface Scan {
  readonly first: number;
  readonly period: number;
  readonly units: number;
  /** The op nodes in each unit. */
  readonly inner: number;
  /** Per unit-relative position of an op whose folded constant differs between units, that constant per unit. */
  readonly columns: ReadonlyMap<number, Float64Array>;
}

/** The fewest units worth a loop. */
export const MIN_UNITS = 8;
/** The longest unit looked for (tape positions, leaves included). */
export const MAX_PERIOD = 4096;
/** How many candidate periods are tried. */
const CANDIDATES = 3;

/**
 * The longest chain of identical units in the tape (by nodes covered), or undefined if none of at
 * least MIN_UNITS units: see `Scan`. Linear in the tape: a histogram of the distances between ops
 * of the same local shape proposes a few periods, and each is checked in one pass.
 */
export function findScan(t: Tape): Scan | undefined {
  if (t.customs.size > 0) return undefined;
  let lastUse: Int32Array | undefined;
  let best: Scan | undefined;
  for (const period of candidatePeriods(t)) {
    // Most candidates of a graph without a chain end here, after one pass.
    const run = repeats(t, period);
    if (run === undefined) continue;
    lastUse ??= lastUses(t);
    const found = chainOfPeriod(t, period, lastUse, run);
    if (found !== undefined && (best === undefined || found.units * found.inner > best.units * best.inner)) best = found;
  }
  return best;
}

/** The last consumer of each op, and -1 for a leaf: a leaf may be read anywhere. */
function lastUses(t: Tape): Int32Array {
  // Stryker disable next-line UnaryOperator: validEnds() asks only whether a window's largest lastUse is <= c, and c >= 1, so 1 passes as -1 does
  const lastUse = new Int32Array(t.length).fill(-1);
  // Stryker disable next-line EqualityOperator: at i = t.length, pa and pb read undefined and the writes land at the key undefined, which no read looks up (the >= twin is killed by scan-mutants.test.ts)
  for (let i = 0; i < t.length; i++) {
    const a = t.pa[i] as number;
    // Stryker disable next-line ConditionalExpression: false lets a leaf through, whose t.pa[-1] is undefined and whose write at -1 a typed array ignores (the true twin is killed by scan-mutants.test.ts)
    if (a === -1) continue;
    if (t.pa[a] !== -1) lastUse[a] = i;
    const b = t.pb[i] as number;
    // Stryker disable next-line ConditionalExpression: false lets b = -1 through, whose t.pa[-1] is undefined and whose write at -1 a typed array ignores (the true twin is killed by scan-mutants.test.ts's y.add(t1))
    if (b === -1) continue;
    if (t.pa[b] !== -1) lastUse[b] = i;
  }
  return lastUse;
}

/** How many earlier ops of the same local shape each op is measured against: a unit may hold that many ops of one shape. */
const SAME_SHAPE_BACK = 4;

/**
 * The most frequent distances (up to CANDIDATES) between an op and each of the last
 * SAME_SHAPE_BACK ops before it of the same local shape (op code, and which operands are leaves).
 * In a chain, every op of a unit is one period after its twin in the unit before.
 */
function candidatePeriods(t: Tape): number[] {
  const count = new Int32Array(MAX_PERIOD + 1);
  // The last SAME_SHAPE_BACK positions of each shape, newest first (-1: none).
  const recent = new Int32Array(256 * 4 * SAME_SHAPE_BACK).fill(-1);
  // Stryker disable next-line EqualityOperator: at i = t.length, the shape is NaN: no count, and the writes at NaN land nowhere a read looks (the >= twin is killed by every scan found)
  for (let i = 0; i < t.length; i++) {
    const a = t.pa[i] as number;
    if (a === -1) continue;
    // 2 if the first operand is a leaf, plus 1 if the second is (a missing one, -1, reads t.pa[-1]: undefined).
    // Stryker disable next-line ArithmeticOperator,EqualityOperator: 2 - 1 for 2 + 1, or either leaf bit inverted (an op code fixes whether a second operand exists), still gives each shape a key of its own, so the same ops share a register
    const leaves = (t.pa[a] === -1 ? 2 : 0) + (t.pa[t.pb[i] as number] === -1 ? 1 : 0);
    const shape = (leaves + (t.code[i] as number) * 4) * SAME_SHAPE_BACK;
    for (let m = SAME_SHAPE_BACK - 1; m >= 0; m--) {
      const previous = recent[shape + m] as number;
      if (
        previous !== -1 &&
        // Stryker disable next-line ConditionalExpression: true counts distances past MAX_PERIOD, at indices past count's end, which a typed array ignores (the false twin, no counts, is killed by every scan found)
        i - previous <= MAX_PERIOD
      ) {
        count[i - previous] = (count[i - previous] as number) + 1;
      }
      // At m = 0 this copies the slot before the register, and the line after the loop overwrites it.
      recent[shape + m] = recent[shape + m - 1] as number;
    }
    recent[shape] = i;
  }
  const periods: number[] = [];
  for (let p = 1; p <= MAX_PERIOD; p++) {
    // Stryker disable next-line ConditionalExpression: true lets distances counted fewer than 7 times fill the three tried, only when fewer than three are counted 7 times, and none of those holds a chain: its op of a shape met at most 4 times per unit counts the period once per unit after the first, 7 times, and if every shape is met 5 times or more per unit, an op's 4 previous of its shape lie within one period at the same distances in each unit, 4 distances counted 7 times (the false twin, no candidates, is killed by every scan found)
    if ((count[p] as number) >= MIN_UNITS - 1) periods.push(p);
  }
  // The sort is stable: periods of equal counts stay shortest first.
  periods.sort((x, y) => (count[y] as number) - (count[x] as number));
  return periods.slice(0, CANDIDATES);
}

/**
 * The longest chain of units of `period` positions. A unit ending at c is valid where c and the
 * position just before the unit (its carry) are ops, and every op in [c - period, c) is consumed
 * at or before c: the unit's ops only inside it, the carry only by this unit.
 */
function chainOfPeriod(t: Tape, period: number, lastUse: Int32Array, run: Int32Array): Scan | undefined {
  const n = t.length;
  const valid = validEnds(t, period, lastUse);
  const shortest = (MIN_UNITS - 1) * period;
  let best: { end: number; units: number } | undefined;
  // Work done comparing units, bounded so that a tape of near misses stays linear.
  let budget = 4 * n;
  for (
    let c = period;
    // Stryker disable next-line EqualityOperator: at c = n, valid[n] is undefined, not 0, but valid[n + period] is not 1 either: one unit is no chain (the >= twin is killed by every scan found)
    c < n &&
    budget > 0;
    c++
  ) {
    if (valid[c] === 0 || (run[c - period + 1] as number) < shortest) continue;
    let units = 1;
    let end = c;
    // Past the tape's end valid[] reads undefined, not 1: the loop needs no bound of its own.
    while (valid[end + period] === 1) {
      budget -= period;
      if (!sameShape(t, end, period)) break;
      units++;
      end += period;
    }
    if (units >= MIN_UNITS && (best === undefined || units > best.units)) best = { end: c, units };
    // A chain found is not searched again from inside it.
    if (units >= MIN_UNITS) c = end;
  }
  if (best === undefined) return undefined;
  const first = best.end - period + 1;
  let inner = 0;
  const columns = new Map<number, Float64Array>();
  for (let d = 0; d < period; d++) {
    const x = first + d;
    if (t.pa[x] === -1) continue;
    inner++;
    const code = t.code[x] as number;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: tape.ts writes cst only for a folded constant, so an op without one has cst 0 in every unit and never varies into a column (the true twin is killed by scan.test.ts's columns)
    if (t.pb[x] !== -1 || OP_BY_CODE[code]?.constantCode !== code) continue;
    const k = t.cst[x] as number;
    let varies = false;
    for (let u = 1; u < best.units; u++) if (!Object.is(t.cst[x + u * period], k)) varies = true;
    if (varies) columns.set(d, Float64Array.from({ length: best.units }, (_, u) => t.cst[x + u * period] as number));
  }
  return { first, period, units: best.units, inner, columns };
}

/**
 * How many positions from each position on repeat one period later, loosely: a leaf where a leaf
 * is, the same op code, each operand one period on or the same (sameShape() decides which).
 * A chain of MIN_UNITS units needs a run of (MIN_UNITS - 1)·period: undefined where there is none,
 * and elsewhere nothing more is tried.
 */
function repeats(t: Tape, period: number): Int32Array | undefined {
  const n = t.length;
  const { pa, pb, code } = t;
  const run = new Int32Array(n + 1);
  let longest = 0;
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: a start past n - period - 1 compares with y >= n, where code and pa read undefined: a position before n matches nothing there, and at n and past it a NaN length is stored as 0 or not at all, as run starts; x > 0 leaves run[0] at 0, which chainOfPeriod() never reads (c >= period), so it changes only longest, where a run long enough at 0 alone lets chainOfPeriod() find nothing either (the x < 0 twin is killed by every scan found)
  for (let x = n - period - 1; x >= 0; x--) {
    const y = x + period;
    const a = pa[x] as number;
    const b = pb[x] as number;
    const a2 = pa[y] as number;
    const b2 = pb[y] as number;
    // As in sameShape(), a leaf's code (OP.LEAF) is no op's, and an op code fixes its arity: a -1
    // operand (a leaf's, or a unary op's second) is compared only with -1.
    const same = code[x] === code[y] && (a2 === a || a2 === a + period) && (b2 === b || b2 === b + period);
    const length = same ? (run[x + 1] as number) + 1 : 0;
    run[x] = length;
    // Stryker disable next-line EqualityOperator: >= takes an equal length, the same maximum (the < twin is killed by every scan found)
    if (length > longest) longest = length;
  }
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: handing over run when no run reaches (MIN_UNITS - 1)·period (always, or from 7 / period on) changes nothing: chainOfPeriod() skips every c whose run is shorter (the false twin, and MIN_UNITS + 1, are killed by scan-mutants.test.ts's exactly 8 units)
  return longest >= (MIN_UNITS - 1) * period ? run : undefined;
}

/** 1 at each position c that can end a unit of `period` positions (see chainOfPeriod), by a sliding maximum of lastUse. */
function validEnds(t: Tape, period: number, lastUse: Int32Array): Uint8Array {
  const n = t.length;
  const valid = new Uint8Array(n);
  // A deque of positions in [c - period, c) with decreasing lastUse.
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  // Stryker disable next-line EqualityOperator: at c = n the writes at deque[n] and valid[n] land past the arrays' ends, which a typed array ignores, and no step reads them (the >= twin is killed by every scan found)
  for (let c = 1; c < n; c++) {
    const y = c - 1;
    const use = lastUse[y] as number;
    while (
      tail > head &&
      // Stryker disable next-line EqualityOperator: keeping an entry whose lastUse equals use leaves the front the window's maximum, and one position still leaves the window per step, so one head++ suffices (the > twin is killed by scan-mutants.test.ts's two ops the root reads)
      (lastUse[deque[tail - 1] as number] as number) <= use
    )
      tail--;
    deque[tail++] = y;
    if ((deque[head] as number) < c - period) head++;
    if (
      t.pa[c - period] === -1 ||
      // Stryker disable next-line ConditionalExpression,EqualityOperator: valid[c] for c < period is never read (chainOfPeriod() starts at c = period, and reads valid[end + period] past it), and at c = period the carry is position 0, always a leaf (the >= twin, no valid end, is killed by every scan found)
      c < period
    )
      continue;
    // c is then an op: the window's last op (the carry, or one after it) has a reader after it, at or
    // before c only if that reader is c, since the positions between are leaves.
    if ((lastUse[deque[head] as number] as number) <= c) valid[c] = 1;
  }
  return valid;
}

/**
 * Whether the unit ending at `end + period` repeats the unit ending at `end`: leaves where it has
 * leaves, the same op codes, operands in the unit or the carry one period on, fixed positions
 * before the unit's carry unchanged. Folded constants may differ.
 */
function sameShape(t: Tape, end: number, period: number): boolean {
  const carry = end - period;
  for (let x = carry + 1; x <= end; x++) {
    const y = x + period;
    // A leaf's code (OP.LEAF) is no op's, and its operands (-1) match only a leaf's.
    if (t.code[x] !== t.code[y]) return false;
    if (!sameOperand(t.pa[x] as number, t.pa[y] as number, carry, period)) return false;
    if (!sameOperand(t.pb[x] as number, t.pb[y] as number, carry, period)) return false;
  }
  return true;
}

function sameOperand(r: number, s: number, carry: number, period: number): boolean {
  // -1 (no operand) is below every carry: it must stay -1.
  return r >= carry ? s === r + period : s === r;
}
