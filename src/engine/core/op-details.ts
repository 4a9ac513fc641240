/**
 * What tests, the docs' checks, the expression parser and nn know about each op beyond what
 * backward() and gradients() run (ops.ts): its forward value and local derivatives as numbers, its
 * expression name and its kinks. The second half of the op table, by the same names, kept apart so
 * that a program using only Value and grad does not carry it (`npm run check:bundle`).
 */
import type { NoExtraFields, OpName } from './ops.js';
import { erf } from './erf.js';
import { erfSlope, gelu, geluSlope, maxSlope, powSlope } from './ops.js';

/** One op's details: its numbers, its parser name and its kinks. */
export interface OpDetails {
  /** The forward value from the operands' values (`b` is 0 for a unary op), as the method computes it. */
  readonly forward: (a: number, b: number) => number;
  /** d out / d a from the operands' values and the node's own, as backward() computes it. */
  readonly slopeA: (a: number, b: number, out: number) => number;
  /** d out / d b for a Value second operand, or null. */
  readonly slopeB: ((a: number, b: number, out: number) => number) | null;
  /** Whether expressions call it by name (`exp(x)`, `max(a, b)`); + - * / have operators instead. */
  readonly expression: boolean;
  /** The rows of docs/semantics.md's kinks table for this op (`op | at`), checked by a test. */
  readonly kinks: readonly string[];
}

/**
 * Types the details as `as const` would (readonly, `expression` its literal), with every op of the
 * table and no other name, each row checked against `OpDetails`; a call rather than `{...} as
 * const`, because StrykerJS mutates nothing inside an `as` expression.
 */
function defineOpDetails<const T extends Record<OpName, OpDetails>>(
  details: T & NoExtraFields<T, OpDetails> & Record<Exclude<keyof T, OpName>, never>,
): T {
  return details;
}

/** Each op's details, by its name in the op table (ops.ts's `OPS`). */
// Pure: a program that never reads the details drops them.
export const OP_DETAILS = /* @__PURE__ */ defineOpDetails({
  add: {
    forward: (a, b) => a + b,
    slopeA: () => 1, slopeB: () => 1,
    expression: false, kinks: [],
  },
  sub: {
    forward: (a, b) => a - b,
    slopeA: () => 1, slopeB: () => -1,
    expression: false, kinks: [],
  },
  mul: {
    forward: (a, b) => a * b,
    slopeA: (_a, b) => b, slopeB: (a) => a,
    expression: false, kinks: [],
  },
  div: {
    forward: (a, b) => a / b,
    slopeA: (_a, b) => 1 / b, slopeB: (_a, b, out) => -out / b,
    expression: false, kinks: ['`div` | x / ±0, x ≠ 0', '`div` | 0 / 0'],
  },
  max: {
    forward: (a, b) => Math.max(a, b),
    slopeA: (a, b) => maxSlope(a, b), slopeB: (a, b) => maxSlope(b, a),
    expression: true, kinks: ['`max`, `min` | a tie, x = y'],
  },
  min: {
    forward: (a, b) => Math.min(a, b),
    slopeA: (a, b) => maxSlope(b, a), slopeB: (a, b) => maxSlope(a, b),
    expression: true, kinks: ['`max`, `min` | a tie, x = y'],
  },
  pow: {
    forward: (a, b) => Math.pow(a, b),
    slopeA: (a, b) => powSlope(a, b),
    // d/db a**b = a**b ln a; PyTorch's rule: 0 where a = 0 and b >= 0 (the limit from a > 0).
    slopeB: (a, b, out) => (a === 0 && b >= 0 ? 0 : out * Math.log(a)),
    expression: true,
    kinks: [
      '`pow(c)` | x < 0, c not an integer', '`pow(c)` | c = 0, any x (also 0)', '`pow(c)` | x = 0, 0 < c < 1 (e.g. c = 0.5)',
      '`pow(b)`, b a Value | x = 0, b ≥ 0', '`pow(b)`, b a Value | x < 0',
    ],
  },
  neg: {
    forward: (a) => -a,
    slopeA: () => -1, slopeB: null,
    expression: false, kinks: [],
  },
  exp: {
    forward: (a) => Math.exp(a),
    slopeA: (_a, _b, out) => out, slopeB: null,
    expression: true, kinks: ['`exp` | x > ln(Number.MAX_VALUE) ≈ 709.7827'],
  },
  log: {
    forward: (a) => Math.log(a),
    slopeA: (a) => 1 / a, slopeB: null,
    expression: true, kinks: ['`log` | x = ±0', '`log` | x < 0'],
  },
  tanh: {
    forward: (a) => Math.tanh(a),
    slopeA: (_a, _b, out) => 1 - out * out, slopeB: null,
    expression: true, kinks: ['`tanh` | \\|x\\| large'],
  },
  relu: {
    // NaN propagates (x !== x), not hidden as 0.
    forward: (a) => (a > 0 || a !== a ? a : 0),
    // relu'(0) = 0, as PyTorch.
    slopeA: (a) => (a > 0 ? 1 : 0), slopeB: null,
    expression: true, kinks: ['`relu` | x = 0', '`relu` | x = NaN'],
  },
  sigmoid: {
    forward: (a) => 1 / (1 + Math.exp(-a)),
    slopeA: (_a, _b, out) => out * (1 - out), slopeB: null,
    expression: true, kinks: ['`sigmoid` | \\|x\\| large'],
  },
  sqrt: {
    forward: (a) => Math.sqrt(a),
    slopeA: (_a, _b, out) => 0.5 / out, slopeB: null,
    expression: true, kinks: ['`sqrt` | x = 0', '`sqrt` | x < 0'],
  },
  abs: {
    forward: (a) => Math.abs(a),
    // abs'(0) = 0, as PyTorch.
    slopeA: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0), slopeB: null,
    expression: true, kinks: ['`abs` | x = 0'],
  },
  sin: {
    forward: (a) => Math.sin(a),
    slopeA: (a) => Math.cos(a), slopeB: null,
    expression: true, kinks: [],
  },
  cos: {
    forward: (a) => Math.cos(a),
    slopeA: (a) => -Math.sin(a), slopeB: null,
    expression: true, kinks: [],
  },
  softplus: {
    // Stryker disable next-line EqualityOperator: at x = 0 (and -0) both branches give log1p(1) = ln 2 exactly
    forward: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
    slopeA: (a) => 1 / (1 + Math.exp(-a)), slopeB: null,
    expression: true, kinks: ['`softplus` | x = 1000 / x = -1000'],
  },
  log1p: {
    forward: (a) => Math.log1p(a),
    slopeA: (a) => 1 / (1 + a), slopeB: null,
    expression: true, kinks: ['`log1p` | x = -1', '`log1p`, `expm1` | x = 1e-10'],
  },
  expm1: {
    forward: (a) => Math.expm1(a),
    slopeA: (a) => Math.exp(a), slopeB: null,
    expression: true, kinks: ['`log1p`, `expm1` | x = 1e-10'],
  },
  hypot: {
    forward: (a, b) => Math.hypot(a, b),
    // a / out: NaN at (0, 0), where hypot has a cone point (as PyTorch: grad · a / out).
    slopeA: (a, _b, out) => a / out, slopeB: (_a, b, out) => b / out,
    expression: true, kinks: ['`hypot` | a = b = 0'],
  },
  tan: {
    forward: (a) => Math.tan(a),
    // sec² x = 1 + tan² x, from the node's value.
    slopeA: (_a, _b, out) => 1 + out * out, slopeB: null,
    expression: true, kinks: [],
  },
  atan: {
    forward: (a) => Math.atan(a),
    slopeA: (a) => 1 / (1 + a * a), slopeB: null,
    expression: true, kinks: [],
  },
  sinh: {
    forward: (a) => Math.sinh(a),
    slopeA: (a) => Math.cosh(a), slopeB: null,
    expression: true, kinks: [],
  },
  cosh: {
    forward: (a) => Math.cosh(a),
    slopeA: (a) => Math.sinh(a), slopeB: null,
    expression: true, kinks: [],
  },
  asinh: {
    forward: (a) => Math.asinh(a),
    // 1 / sqrt(1 + x²) as 1 / hypot(x, 1): no overflow of x² for |x| > 1e154.
    slopeA: (a) => 1 / Math.hypot(a, 1), slopeB: null,
    expression: true, kinks: [],
  },
  atanh: {
    forward: (a) => Math.atanh(a),
    // 1/((1 - x)(1 + x)) rather than 1/(1 - x²): 1 - x is exact near ±1, where 1 - x² loses digits to x²'s rounding.
    slopeA: (a) => 1 / ((1 - a) * (1 + a)), slopeB: null,
    expression: true, kinks: ['`atanh` | x = ±1', '`atanh` | \\|x\\| > 1'],
  },
  silu: {
    // x · sigmoid(x), as PyTorch computes it: x / (1 + e^-x).
    forward: (a) => a / (1 + Math.exp(-a)),
    // s (1 + x (1 - s)) with s = sigmoid(x).
    slopeA: (a) => {
      const s = 1 / (1 + Math.exp(-a));
      return s * (1 + a * (1 - s));
    },
    slopeB: null,
    expression: true, kinks: [],
  },
  erf: {
    forward: (a) => erf(a),
    slopeA: (a) => erfSlope(a), slopeB: null,
    expression: true, kinks: [],
  },
  gelu: {
    forward: (a) => gelu(a),
    slopeA: (a) => geluSlope(a), slopeB: null,
    expression: true, kinks: [],
  },
  stopGradient: {
    forward: (a) => a,
    // No edge: nothing flows back (or forward) through it, to any order; 0 is what localGradients() reports.
    slopeA: () => 0, slopeB: null,
    expression: false, kinks: ['`stopGradient` | a gradient g = ±Infinity or NaN arrives'],
  },
});
