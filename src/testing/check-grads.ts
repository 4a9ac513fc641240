import { Random, Value, grad, jvp, vjp } from 'memograd';
import { describeOperand } from '../engine/core/describe.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { axis, differenceQuotients, stepFor, type DifferenceQuotients } from '../engine/transforms/finite-difference.js';
import { GradientCheckError } from './gradient-check-error.js';

/** Which way a derivative is taken: forward mode (`jvp`, tangents pushed from the inputs) or reverse mode (`vjp`/`grad`, cotangents pulled from the outputs). */
export type GradientMode = 'forward' | 'reverse';

/** The outcome of one check: the derivatives agree, disagree at a smooth point, or the point is not smooth enough to tell. */
export type CheckStatus = 'pass' | 'fail' | 'inconclusive';

/** What `checkGrads` checks, and how strictly. */
export interface CheckGradsOptions {
  /** The highest order of derivative checked: 1 (default), 2 (Hessian-vector products) or 3. */
  readonly order?: 1 | 2 | 3;
  /** The modes checked at each order (default both); at order 2 and up, every composition of them. */
  readonly modes?: readonly GradientMode[];
  /** Absolute tolerance (default 1e-5). */
  readonly atol?: number;
  /** Relative tolerance, against the numeric estimate (default 1e-3). */
  readonly rtol?: number;
  /** Relative step: the point moves by eps · max(1, |x|∞) along each direction (default 1e-6). */
  readonly eps?: number;
  /** Seed of the random directions (default 0), so that a check is reproducible. */
  readonly seed?: number;
  /** How many random directions each check takes (default 1). */
  readonly directions?: number;
}

/** One comparison: a directional derivative by the library against the same by finite differences. */
export interface GradientCheck {
  /** The order of the derivative: 1 for J·v, 2 for a Hessian-vector product, 3 for the next. */
  readonly order: number;
  /** The mode of the outermost derivative, the one compared with finite differences. */
  readonly mode: GradientMode;
  /** How the derivative was taken, outermost first: 'jvp', 'vjp', 'grad', 'jvp on Values', 'jvp of grad', 'grad of jvp', ... */
  readonly path: string;
  /** uᵀ·J·v by the library (J the Jacobian of the function checked, v and u random directions). */
  readonly analytic: number;
  /** uᵀ·J·v by central finite differences. */
  readonly numeric: number;
  /** |analytic - numeric| */
  readonly error: number;
  /** atol + rtol · |numeric|: the error allowed. */
  readonly tolerance: number;
  /** The finite-difference step the numeric estimate took. */
  readonly step: number;
  /** Whether the two agree ('pass'), disagree at a smooth point ('fail'), or the function is not smooth there ('inconclusive'). */
  readonly status: CheckStatus;
  /** Why a check failed or was inconclusive ('' when it passed). */
  readonly reason: string;
}

/** The outcome of `checkGrads`: every comparison made, and their verdict. */
export interface GradientReport {
  /** No check failed (inconclusive ones do not fail). */
  readonly ok: boolean;
  /** 'fail' if any check failed, else 'inconclusive' if any was, else 'pass'. */
  readonly status: CheckStatus;
  /** The point checked. */
  readonly point: readonly number[];
  /** Every comparison, by order, then inner path, then mode. */
  readonly checks: readonly GradientCheck[];
}

/** A function checked by `checkGrads`: scalar Values in, one Value or several out. */
export type CheckedFunction = (...xs: Value[]) => Value | readonly Value[];

type Level = (...xs: Value[]) => Value[];

/** Step sizes, as fractions of the first: one-sided quotients that still disagree at the last are a kink, not truncation. */
const STEP_FRACTIONS = [1, 1 / 4, 1 / 16, 1 / 64];

/**
 * Checks the derivatives of `f` at `xs`, JAX's `check_grads` in memograd's terms: forward mode
 * (`jvp`) and reverse mode (`vjp`, `grad`) against central finite differences in random seeded
 * directions, up to `order` (2 checks Hessian-vector products by every composition of the modes:
 * jvp of grad, grad of jvp, and so on). A point where `f` is not differentiable within the step
 * (a kink, a pole, a domain edge) is reported inconclusive, naming the input, not failed.
 * Returns the report; throws a `GradientCheckError` holding it when a check fails.
 *
 * @example
 * checkGrads((x, y) => x.mul(y).tanh(), [0.3, -1.2], { order: 2 }).status; // 'pass'
 * checkGrads((x) => x.relu(), [0]).status; // 'inconclusive'
 */
export function checkGrads(f: CheckedFunction, xs: readonly number[], options: CheckGradsOptions = {}): GradientReport {
  const settings = readOptions(options);
  if (typeof f !== 'function') throw new TypeError(`checkGrads: f must be a function, got ${describeOperand(f)}`);
  const point = checkPoint(xs);
  const n = point.length;
  const random = new Random(settings.seed);
  const base: Level = (...args) => outputsOf(f(...args));
  const checks: GradientCheck[] = [];
  // Each level is the function whose derivative the next order checks: f, then its jvp or grad
  // along fixed random directions, built from Values so that it can be differentiated again.
  let levels: { path: GradientMode[]; fn: Level }[] = [{ path: [], fn: base }];
  for (let order = 1; order <= settings.order; order++) {
    for (const level of levels) {
      for (let d = 0; d < settings.directions; d++) {
        const at = evaluateLevel(level.fn, point);
        const v = direction(random, n);
        const u = at.length === 1 ? [1] : normals(random, at.length);
        const phi = (p: number[]): number => project(u, evaluateLevel(level.fn, p, at.length));
        const numeric = estimate(phi, point, v, settings);
        for (const mode of settings.modes) {
          for (const onValues of [false, true]) {
            const analytic = outer(level.fn, point, v, u, mode, onValues);
            const path = [outerName(mode, onValues), ...level.path.map(innerName).reverse()].join(' of ');
            checks.push(verdict(order, mode, path, analytic, numeric, settings, () => nameInputs(phi, point, settings)));
          }
        }
      }
    }
    if (order < settings.order) {
      levels = levels.flatMap((level) =>
        settings.modes.map((mode) => ({ path: [...level.path, mode], fn: lift(level.fn, mode, random, n) })),
      );
    }
  }
  const status: CheckStatus = checks.some((c) => c.status === 'fail')
    ? 'fail'
    : checks.some((c) => c.status === 'inconclusive')
      ? 'inconclusive'
      : 'pass';
  const report: GradientReport = { ok: status !== 'fail', status, point, checks };
  if (!report.ok) throw new GradientCheckError(report);
  return report;
}

interface Settings {
  readonly order: number;
  readonly modes: readonly GradientMode[];
  readonly atol: number;
  readonly rtol: number;
  readonly eps: number;
  readonly seed: number;
  readonly directions: number;
}

function readOptions(options: unknown): Settings {
  if (options === undefined) return readOptions({});
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`checkGrads: options must be an object, got ${describeOperand(options)}`);
  }
  const o = options as CheckGradsOptions;
  const order = o.order ?? 1;
  if (order !== 1 && order !== 2 && order !== 3) throw new RangeError(`checkGrads: order must be 1, 2 or 3, got ${describeOperand(order)}`);
  const modes = o.modes ?? ['forward', 'reverse'];
  if (!Array.isArray(modes) || modes.length === 0) {
    throw new TypeError(`checkGrads: modes must be a non-empty array of 'forward' and 'reverse', got ${describeOperand(modes)}`);
  }
  checkEntries('checkGrads', 'modes', modes, "'forward' or 'reverse'", (m) => m === 'forward' || m === 'reverse');
  const directions = o.directions ?? 1;
  if (!Number.isInteger(directions) || directions < 1) {
    throw new RangeError(`checkGrads: directions must be an integer >= 1, got ${describeOperand(directions)}`);
  }
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`checkGrads: seed must be an integer in [0, 2^32), got ${describeOperand(seed)}`);
  }
  const eps = tolerance(o.eps, 1e-6, 'eps');
  if (eps === 0) throw new RangeError('checkGrads: eps must be positive, got 0');
  return { order, modes: [...new Set(modes)], atol: tolerance(o.atol, 1e-5, 'atol'), rtol: tolerance(o.rtol, 1e-3, 'rtol'), eps, seed, directions };
}

function tolerance(x: unknown, fallback: number, name: string): number {
  if (x === undefined) return fallback;
  if (typeof x !== 'number' || !(x >= 0) || x === Infinity) {
    throw new RangeError(`checkGrads: ${name} must be a finite number >= 0, got ${describeOperand(x)}`);
  }
  return x;
}

function checkPoint(xs: unknown): number[] {
  if (!Array.isArray(xs)) throw new TypeError(`checkGrads: xs must be an array of numbers, got ${describeOperand(xs)}`);
  if (xs.length === 0) throw new RangeError('checkGrads: xs must hold at least one number, got an empty array');
  checkEntries('checkGrads', 'xs', xs, 'a number', (x) => typeof x === 'number');
  const point = xs.slice() as number[];
  point.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`checkGrads: xs[${i}] must be finite, got ${x}`);
  });
  return point;
}

function outputsOf(out: unknown): Value[] {
  if (out instanceof Value) return [out];
  if (!Array.isArray(out) || out.length === 0) {
    throw new TypeError(`checkGrads: f must return a Value or a non-empty array of Values, got ${describeOperand(out)}`);
  }
  // An index loop, not forEach: a hole is a bad entry too.
  for (let i = 0; i < out.length; i++) {
    if (!(out[i] instanceof Value)) throw new TypeError(`checkGrads: f must return Values, got ${describeOperand(out[i])} at index ${i}`);
  }
  return out.slice() as Value[];
}

function evaluateLevel(fn: Level, p: readonly number[], expected?: number): number[] {
  const ys = fn(...p.map((x) => new Value(x))).map((y) => y.data);
  if (expected !== undefined && ys.length !== expected) {
    throw new TypeError(`checkGrads: f returned ${expected} output(s) at the point and ${ys.length} near it`);
  }
  return ys;
}

function normals(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.normal());
}

/** A random direction whose largest entry is ±1, so that the step is eps · max(1, |x|∞) along its longest axis. */
function direction(random: Random, n: number): number[] {
  const v = normals(random, n);
  const top = Math.max(...v.map(Math.abs));
  return top > 0 ? v.map((x) => x / top) : axis(n, 0);
}

function project(u: readonly number[], ys: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += (u[j] as number) * (ys[j] as number);
  return s;
}

function projectValues(u: readonly number[], ys: readonly Value[]): Value {
  let s: Value | undefined;
  ys.forEach((y, j) => {
    const c = u[j] as number;
    const term = c === 1 ? y : y.mul(c);
    s = s === undefined ? term : s.add(term);
  });
  return s as Value;
}

/** The next level: the derivative of `fn` along fixed random directions, as a function that builds Values. */
function lift(fn: Level, mode: GradientMode, random: Random, n: number): Level {
  if (mode === 'forward') {
    const v = direction(random, n);
    return (...xs) => jvp(fn, xs, v)[1];
  }
  let u: number[] | undefined;
  const all = Array.from({ length: n }, (_, i) => i);
  return (...xs) => {
    // The cotangent is drawn once, at the first call, when the output count is known.
    return grad((...a: Value[]) => {
      const ys = fn(...a);
      u ??= ys.length === 1 ? [1] : normals(random, ys.length);
      return projectValues(u, ys);
    }, all)(...xs);
  };
}

/** uᵀ·J·v of `fn` at `p` by the library: the number path (jvp, vjp) or the path of Values (jvp on Values, grad). */
function outer(fn: Level, p: readonly number[], v: readonly number[], u: readonly number[], mode: GradientMode, onValues: boolean): number {
  if (mode === 'forward') {
    if (!onValues) return project(u, jvp(fn, p, v)[1]);
    return project(u, jvp(fn, p.map((x) => new Value(x)), v)[1].map((t) => t.data));
  }
  if (!onValues) return project(v, vjp(fn, p)[1](u));
  const all = Array.from({ length: p.length }, (_, i) => i);
  return project(v, grad((...a: Value[]) => projectValues(u, fn(...a)), all)(...p).map((g) => g.data));
}

function outerName(mode: GradientMode, onValues: boolean): string {
  return mode === 'forward' ? (onValues ? 'jvp on Values' : 'jvp') : onValues ? 'grad' : 'vjp';
}

function innerName(mode: GradientMode): string {
  return mode === 'forward' ? 'jvp' : 'grad';
}

/** The numeric directional derivative, or why there is none: not finite near the point, or one-sided quotients that disagree. */
type Estimate =
  | { readonly kind: 'smooth'; readonly value: number; readonly step: number }
  | { readonly kind: 'not finite' | 'kink'; readonly value: number; readonly step: number };

/**
 * Central differences at the first step where the function is smooth from there down: at each of
 * several steps, the left and right one-sided quotients must agree within the tolerance plus
 * rounding, or shrink with the step as truncation error does (by about the step's ratio); a kink
 * or a pole keeps them apart at every step.
 */
function estimate(phi: (p: number[]) => number, p: readonly number[], v: readonly number[], s: Settings): Estimate {
  const h0 = stepFor(s.eps, p);
  const at = phi(p.slice());
  const qs: DifferenceQuotients[] = STEP_FRACTIONS.map((k) => differenceQuotients('checkGrads', s.eps, phi, p, v, h0 * k, at));
  const first = qs[0] as DifferenceQuotients;
  if (!Number.isFinite(at) || qs.some((q) => !Number.isFinite(q.central) || !Number.isFinite(q.left) || !Number.isFinite(q.right))) {
    return { kind: 'not finite', value: first.central, step: first.step };
  }
  // f's values are rounded: a quotient is uncertain by about ulp(f) / h.
  const rounding = (q: DifferenceQuotients): number => (100 * Number.EPSILON * Math.abs(at)) / q.step;
  const within = (a: number, b: number, q: DifferenceQuotients): boolean =>
    Math.abs(a - b) <= s.atol + s.rtol * Math.max(Math.abs(a), Math.abs(b)) + rounding(q);
  const smooth = qs.map((q, j) => {
    const previous = qs[j - 1];
    const before = qs[j - 2];
    // The left and right quotients agree, or their gap shrinks with the step as truncation error
    // does; a kink keeps a gap of the jump in slope at every step.
    const sides = within(q.left, q.right, q) || (previous !== undefined && Math.abs(q.right - q.left) <= 0.5 * Math.abs(previous.right - previous.left));
    // The central quotient settles as the step shrinks; across a jump in f itself (both sides
    // about jump / h, so they agree with each other) it grows as 1 / h instead.
    const settles =
      previous === undefined ||
      within(q.central, previous.central, q) ||
      (before !== undefined && Math.abs(q.central - previous.central) <= 0.5 * Math.abs(previous.central - before.central));
    return sides && settles;
  });
  let from = smooth.length;
  while (from > 0 && smooth[from - 1] === true) from--;
  if (from === smooth.length) return { kind: 'kink', value: first.central, step: first.step };
  const q = qs[from] as DifferenceQuotients;
  return { kind: 'smooth', value: q.central, step: q.step };
}

function verdict(
  order: number,
  mode: GradientMode,
  path: string,
  analytic: number,
  numeric: Estimate,
  s: Settings,
  inputs: () => string,
): GradientCheck {
  const error = Math.abs(analytic - numeric.value);
  const tolerance = s.atol + s.rtol * Math.abs(numeric.value);
  const common = { order, mode, path, analytic, numeric: numeric.value, error, tolerance, step: numeric.step };
  if (numeric.kind === 'not finite') {
    return { ...common, status: 'inconclusive', reason: `inconclusive: f is not finite within eps of the point (a pole or a domain edge${inputs()})` };
  }
  if (numeric.kind === 'kink') {
    return { ...common, status: 'inconclusive', reason: `inconclusive: non-differentiable within eps of the point${inputs()}` };
  }
  if (error <= tolerance) return { ...common, status: 'pass', reason: '' };
  return { ...common, status: 'fail', reason: 'fail: disagrees with finite differences at a smooth point' };
}

/** Which inputs alone show the kink or the pole, probed along each axis in turn. */
function nameInputs(phi: (p: number[]) => number, p: readonly number[], s: Settings): string {
  const named: string[] = [];
  for (let i = 0; i < p.length; i++) {
    if (estimate(phi, p, axis(p.length, i), s).kind !== 'smooth') named.push(`xs[${i}] = ${p[i]}`);
  }
  return named.length === 0 ? ', along the direction checked but no single input' : `, in ${named.join(' and ')}`;
}

/**
 * @internal Whether `f` is finite and differentiable within `eps` (relative) of `xs` along every
 * input, by the same one-sided test as `checkGrads`, whatever its derivatives say.
 */
export function smoothAround(f: CheckedFunction, xs: readonly number[], eps: number): boolean {
  const point = checkPoint(xs);
  const s: Settings = { ...readOptions({}), eps };
  const base: Level = (...args) => outputsOf(f(...args));
  try {
    const m = evaluateLevel(base, point).length;
    const u = normals(new Random(0), m);
    const phi = (p: number[]): number => project(u, evaluateLevel(base, p, m));
    return point.every((_, i) => estimate(phi, point, axis(point.length, i), s).kind === 'smooth');
  } catch (e) {
    // A step that cannot be taken at this point (x too large for eps) is not a smooth point.
    if (e instanceof RangeError) return false;
    throw e;
  }
}
