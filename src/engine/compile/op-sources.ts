import type { OpName } from '../core/ops.js';
import { OP_BY_CODE, OP_LIST } from '../core/ops.js';

/**
 * Each op of the op table (ops.ts) as JavaScript source, for compile()'s generated code: A and B
 * are the operands' expressions (B a literal for a folded constant `k`), V the node's value. A
 * row per op of the table (a missing one is a compile error); test/engine/core/op-table.test.ts runs
 * the code generated from every row against the table's numbers.
 */
export interface OpSource {
  readonly forward: (A: string, B: string) => string;
  readonly slopeA: (A: string, B: string, V: string, k: number | undefined) => string;
  /** d out / d b for a Value second operand, or null for a unary op. */
  readonly slopeB: ((A: string, B: string, V: string) => string) | null;
}

/** d/dx max(x, y) as source: 1 where x wins, 0.5 at a tie, 0 where it loses (and for NaN). */
function maxSlopeSource(x: string, y: string): string {
  return `(${x} > ${y} ? 1 : ${x} === ${y} ? 0.5 : 0)`;
}

/** A number as JavaScript source that reads back as exactly the same double. */
export function literal(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  // String() of a finite double is the shortest text that round-trips exactly (ECMAScript).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: parentheses are a precaution: no generated expression puts an operator before a literal's sign
  return x < 0 ? `(${String(x)})` : String(x);
}

/** The source forms by op name. */
export const OP_SOURCES = {
  add: { forward: (A, B) => `${A} + ${B}`, slopeA: () => '1', slopeB: () => '1' },
  sub: { forward: (A, B) => `${A} - ${B}`, slopeA: () => '1', slopeB: () => '-1' },
  mul: { forward: (A, B) => `${A} * ${B}`, slopeA: (_A, B) => B, slopeB: (A) => A },
  div: { forward: (A, B) => `${A} / ${B}`, slopeA: (_A, B) => `(1 / ${B})`, slopeB: (_A, B, V) => `(-${V} / ${B})` },
  max: { forward: (A, B) => `Math.max(${A}, ${B})`, slopeA: (A, B) => maxSlopeSource(A, B), slopeB: (A, B) => maxSlopeSource(B, A) },
  min: { forward: (A, B) => `Math.min(${A}, ${B})`, slopeA: (A, B) => maxSlopeSource(B, A), slopeB: (A, B) => maxSlopeSource(A, B) },
  pow: {
      forward: (A, B) => `Math.pow(${A}, ${B})`,
      // With a folded exponent k, the branch is taken here, once: 0 for k = 0, else k·x^(k-1) with k - 1 folded.
      slopeA: (A, B, _V, k) =>
        // Stryker disable next-line ConditionalExpression: true sends a folded k through the Value exponent's form with B = literal(k), the same branch on the same doubles at run time (the false twin is killed by the unfolded pow tests of compile-mutants.test.ts)
        k === undefined
          ? `(${B} === 0 ? 0 : ${B} * Math.pow(${A}, ${B} - 1))`
          : k === 0 ? '0' : `(${literal(k)} * Math.pow(${A}, ${literal(k - 1)}))`,
      slopeB: (A, B, V) => `(${A} === 0 && ${B} >= 0 ? 0 : ${V} * Math.log(${A}))`,
    },
  neg: { forward: (A) => `-${A}`, slopeA: () => '-1', slopeB: null },
  exp: { forward: (A) => `Math.exp(${A})`, slopeA: (_A, _B, V) => V, slopeB: null },
  log: { forward: (A) => `Math.log(${A})`, slopeA: (A) => `(1 / ${A})`, slopeB: null },
  tanh: { forward: (A) => `Math.tanh(${A})`, slopeA: (_A, _B, V) => `(1 - ${V} * ${V})`, slopeB: null },
  relu: { forward: (A) => `(${A} > 0 || ${A} !== ${A} ? ${A} : 0)`, slopeA: (A) => `(${A} > 0 ? 1 : 0)`, slopeB: null },
  sigmoid: { forward: (A) => `1 / (1 + Math.exp(-${A}))`, slopeA: (_A, _B, V) => `(${V} * (1 - ${V}))`, slopeB: null },
  sqrt: { forward: (A) => `Math.sqrt(${A})`, slopeA: (_A, _B, V) => `(0.5 / ${V})`, slopeB: null },
  abs: { forward: (A) => `Math.abs(${A})`, slopeA: (A) => `(${A} > 0 ? 1 : ${A} < 0 ? -1 : 0)`, slopeB: null },
  sin: { forward: (A) => `Math.sin(${A})`, slopeA: (A) => `Math.cos(${A})`, slopeB: null },
  cos: { forward: (A) => `Math.cos(${A})`, slopeA: (A) => `(-Math.sin(${A}))`, slopeB: null },
  softplus: {
      forward: (A) => `(${A} > 0 ? ${A} + Math.log1p(Math.exp(-${A})) : Math.log1p(Math.exp(${A})))`,
      slopeA: (A) => `(1 / (1 + Math.exp(-${A})))`,
      slopeB: null,
    },
  log1p: { forward: (A) => `Math.log1p(${A})`, slopeA: (A) => `(1 / (1 + ${A}))`, slopeB: null },
  expm1: { forward: (A) => `Math.expm1(${A})`, slopeA: (A) => `Math.exp(${A})`, slopeB: null },
  hypot: { forward: (A, B) => `Math.hypot(${A}, ${B})`, slopeA: (A, _B, V) => `(${A} / ${V})`, slopeB: (_A, B, V) => `(${B} / ${V})` },
  tan: { forward: (A) => `Math.tan(${A})`, slopeA: (_A, _B, V) => `(1 + ${V} * ${V})`, slopeB: null },
  atan: { forward: (A) => `Math.atan(${A})`, slopeA: (A) => `(1 / (1 + ${A} * ${A}))`, slopeB: null },
  sinh: { forward: (A) => `Math.sinh(${A})`, slopeA: (A) => `Math.cosh(${A})`, slopeB: null },
  cosh: { forward: (A) => `Math.cosh(${A})`, slopeA: (A) => `Math.sinh(${A})`, slopeB: null },
  asinh: { forward: (A) => `Math.asinh(${A})`, slopeA: (A) => `(1 / Math.hypot(${A}, 1))`, slopeB: null },
  atanh: { forward: (A) => `Math.atanh(${A})`, slopeA: (A) => `(1 / ((1 - ${A}) * (1 + ${A})))`, slopeB: null },
  silu: {
      forward: (A) => `${A} / (1 + Math.exp(-${A}))`,
      slopeA: (A) => `((1 / (1 + Math.exp(-${A}))) * (1 + ${A} * (1 - 1 / (1 + Math.exp(-${A})))))`,
      slopeB: null,
    },
  // erf is no Math function: the generated code's scope holds src/engine/core/erf.ts's as `erf` (generate.ts).
  erf: { forward: (A) => `erf(${A})`, slopeA: (A) => `(1.1283791670955126 * Math.exp(-(${A} * ${A})))`, slopeB: null },
  gelu: {
      forward: (A) => `0.5 * ${A} * (1 + erf(${A} * Math.SQRT1_2))`,
      slopeA: (A) => `(0.5 * (1 + erf(${A} * Math.SQRT1_2)) + ${A} * (0.3989422804014327 * Math.exp(-0.5 * ${A} * ${A})))`,
      slopeB: null,
    },
  // Its slope is never emitted: a noEdge op passes +0 (see contributions).
  stopGradient: {
    forward: (A) => A,
    // Stryker disable next-line ArrowFunction,StringLiteral: never called: contributions() returns +0 for a noEdge op before it reads a slope
    slopeA: () => '0',
    slopeB: null,
  },
} satisfies Record<OpName, OpSource>;

/** The source forms by op code (both codes of a folded-constant pair). */
export const SOURCE_BY_CODE: readonly (OpSource | undefined)[] = /* @__PURE__ */ (() => {
  // Stryker disable next-line ArrayDeclaration: an entry at 0 (LEAF) is never read: generated code looks up inner nodes' codes only
  const byCode: (OpSource | undefined)[] = [];
  for (const [name, def] of OP_LIST) {
    byCode[def.code] = OP_SOURCES[name];
    // Stryker disable next-line ConditionalExpression: true writes byCode[null], a property no lookup by code reads (the false twin is killed by the folded-constant tests of compile-mutants.test.ts)
    if (def.constantCode !== null) byCode[def.constantCode] = OP_SOURCES[name];
  }
  return byCode;
})();

/**
 * What `adjoint · slope` adds to an operand's gradient, as source: an op whose slope is the
 * constant ±1 adds ±adjoint itself (the same number, no multiply). Only constant slopes:
 * x.mul(1)'s slope is the operand 1, written `adjoint * 1`.
 */
function times(adjoint: string, slope: string, constant: boolean): string {
  // Each test on a line of its own, so that each marker covers one shortcut and not the strings written.
  return (
    // Stryker disable next-line ConditionalExpression,StringLiteral: t * 1 is t for every double (±0, ±Infinity and NaN too), so never taking this shortcut (false, or the '1' it looks for emptied) writes the same number (the true twin, every constant slope as t, is killed by compile-mutants.test.ts's every op at its edge points)
    constant && slope === '1'
      ? adjoint
      : (
          // Stryker disable next-line ConditionalExpression,StringLiteral: t * -1 is -t for every double, so never taking this shortcut (false, or the '-1' it looks for emptied) writes the same number (the true twin, every other constant slope as -t, is killed by compile-mutants.test.ts's every op at its edge points)
          constant && slope === '-1'
        )
        ? `-${adjoint}`
        : `${adjoint} * ${slope}`
  );
}

/** What a node passes back to its operands, as source: `toB` is null without a Value second operand. */
export interface Contributions {
  readonly toA: string;
  readonly toB: string | null;
}

/**
 * The one rule of every generated backward step (generate.ts, scan-kernel.ts, reroll-emit.ts):
 * an op with no derivative edge (the table's `noEdge`: stopGradient) passes +0 to each operand,
 * which changes no sum from +0 (`adjoint * 0` would be NaN for an infinite or NaN adjoint) and
 * keeps an operand's gradient declared where it lives in a local; any other op passes
 * `adjoint · slope` (see `times`), its slopes from its row of OP_SOURCES. A, B and V are the
 * operands' and the node's value expressions, k a folded constant's value (pow's folded slope),
 * `hasB` whether the second operand is a Value (else B is a constant's expression).
 */
export function contributions(code: number, adjoint: string, A: string, B: string, V: string, k: number | undefined, hasB: boolean): Contributions {
  const def = OP_BY_CODE[code];
  // Stryker disable next-line ConditionalExpression,StringLiteral: every caller makes the op's forward expression from the same code, which throws first (generate.ts) or reads SOURCE_BY_CODE's hole
  if (def === undefined) throw new Error(`memograd: compile: unknown op code ${code}`);
  if (def.noEdge === true) return { toA: '0', toB: hasB ? '0' : null };
  const source = SOURCE_BY_CODE[code] as OpSource;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: constant only lets times() write a slope spelled exactly '1' or '-1' as t or -t instead of t * 1 or t * -1, the same double, so any other answer here writes the same numbers
  const constant = def.zeroSkip === 'constant';
  const slopeB = source.slopeB;
  return {
    toA: times(adjoint, source.slopeA(A, B, V, k), constant),
    toB:
      hasB &&
      // Stryker disable next-line ConditionalExpression: every op whose second operand is a Value has a slopeB (only unary ops have null, and they never have hasB), so true changes nothing
      slopeB !== null
        ? times(adjoint, slopeB(A, B, V), constant)
        : null,
  };
}
