/**
 * The op table: one record per op of Value, the one place that says what each op is.
 *
 * Split in two modules of the same names, so that a program using Value and grad carries only what
 * the engine runs: this one holds what backward() and gradients() read (the op codes and display
 * names, which ops backward() may skip under a zero gradient, which take a folded constant, which
 * have no derivative edge, each op's local derivative as Values); op-details.ts holds the rest (the
 * forward value and local derivatives as numbers, the expression parser's function names, the
 * kinks-table rows of docs/semantics.md), which tests, the docs' checks, the parser and nn read.
 * Each is typed by a call (`defineOps`, `defineOpDetails`) that checks every row, and the details
 * against the op names, so an op missing from either is a compile error.
 * The source text compile() generates for each op is its row in compile/op-sources.ts, a table of
 * the same names (kept there so that a program without compile() does not carry it). The hot loops
 * (value.ts's `localA` / `localB`, the compiled interpreter) stay switches on the op codes, for V8;
 * each switch ends in a `never` check over `OpCode`, so a code without its case is a compile error,
 * and test/engine/core/op-table.test.ts checks every case against op-details.ts's `forward` and
 * `slopeA` / `slopeB`, op by op, at ordinary points and at every edge value.
 */
import type { Value } from './value.js';
import { erf } from './erf.js';

// Op codes: small integers, the switches' keys. A new op takes the next free code (below FROZEN).
export const LEAF = 0, ADD = 1, ADDC = 2, SUB = 3, SUBC = 4, MUL = 5, MULC = 6, DIV = 7, DIVC = 8;
export const POW = 9, POWC = 10, MAX = 11, MAXC = 12, MIN = 13, MINC = 14, NEG = 15, EXP = 16, LOG = 17;
export const TANH = 18, RELU = 19, SIGMOID = 20, SQRT = 21, ABS = 22, SIN = 23, COS = 24, SOFTPLUS = 25;
export const LOG1P = 26, EXPM1 = 27, CUSTOM = 28, OPAQUE = 29, STOP_GRADIENT = 30;
export const TAN = 31, ATAN = 32, SINH = 33, COSH = 34, ASINH = 35, SILU = 36, HYPOT = 37, HYPOTC = 38;
export const ERF = 39, GELU = 40, ATANH = 41;
// A leaf fixed at build time (see `frozenLeaf`); far from the op codes, which may grow.
export const FROZEN = 200;

/**
 * @internal The op codes by name, for the modules that read a graph (the graph-building gradient,
 * the DOT exporter, the compiled path).
 */
// Pure: a program that never reads the object (Value and grad alone) drops it.
export const OP = /* @__PURE__ */ Object.freeze({
  LEAF, ADD, ADDC, SUB, SUBC, MUL, MULC, DIV, DIVC, POW, POWC, MAX, MAXC, MIN, MINC, NEG, EXP, LOG,
  TANH, RELU, SIGMOID, SQRT, ABS, SIN, COS, SOFTPLUS, LOG1P, EXPM1, CUSTOM, OPAQUE, STOP_GRADIENT,
  TAN, ATAN, SINH, COSH, ASINH, SILU, HYPOT, HYPOTC, ERF, GELU, ATANH, FROZEN,
});

/** Whether backward() may skip an op whose gradient is exactly 0 (see `ZERO_SKIPS` in value.ts). */
export type ZeroSkip =
  /** Never: a local derivative may be infinite at a finite point (1/x at 5e-324, sqrt'(0)). */
  | 'never'
  /** Always: the local derivatives are constants (±1, 0, 0.5). */
  | 'constant'
  /** Where the local derivatives, computed from the operands' values, are finite. */
  | 'values';

/**
 * What the Value form of a local derivative may make besides ops on the node and its operands:
 * given by gradients.ts, so that this table needs no runtime import of value.ts.
 */
export interface SlopeKit {
  /** `numerator / x` as a node, the division backward() computes (not pow(-1)). */
  reciprocal(x: Value, numerator?: number): Value;
  /** A slope chosen by which side of a kink the values were on at build time: a leaf compile() refuses. */
  kink(slope: number): Value;
  /** `slope` marked as a branch chosen by build-time values (pow's derivative): bit for bit `slope`. */
  branch(slope: Value): Value;
  /** The constant 0 that pow's derivative chooses at build time, marked as such. */
  branchZero(): Value;
}

/** One op: what the engine and compile() need to know about it at run time (the rest is its `OpDetails`). */
export interface OpDef {
  /** The op code of a node whose operands are Values (a small integer, below FROZEN). */
  readonly code: number;
  /** The op code with a number folded in as the second operand (`x.mul(2)`), or null. */
  readonly constantCode: number | null;
  /** How many operands: 1, or 2 (the second a Value or a folded number). */
  readonly arity: 1 | 2;
  /** What `Value.op`, pictures and error messages show. */
  readonly symbol: string;
  /** d out / d a as a Value (or a number where piecewise constant): the same float operations as its `OpDetails.slopeA`, on Values. */
  readonly slopeAValue: (n: Value, a: Value, b: Value | number, kit: SlopeKit) => Value | number;
  /** d out / d b as a Value, or null. */
  readonly slopeBValue: ((n: Value, a: Value, b: Value, kit: SlopeKit) => Value | number) | null;
  /** Whether backward() may skip the op under a zero gradient. */
  readonly zeroSkip: ZeroSkip;
  /**
   * Set (stopGradient only): the op has no derivative edge. Every sweep, reverse or forward, passes
   * nothing along it (not g·0, which is NaN for an infinite or NaN g), as JAX's `stop_gradient` and
   * PyTorch's `detach()`; its slope (0) is only what `localGradients()` reports. Its operand is
   * still a parent in the graph, from which `compile()` replays its value.
   */
  readonly noEdge?: true;
}

/** d/dx max(x, y): 1 where x wins, 0.5 at a tie, 0 where it loses (and for NaN). */
export function maxSlope(x: number, y: number): number {
  return x > y ? 1 : x === y ? 0.5 : 0;
}

/** d/dx x**k, with 0 for k = 0 even at x = 0 (where k x**(k-1) would be 0 · Infinity). */
export function powSlope(x: number, k: number): number {
  return k === 0 ? 0 : k * Math.pow(x, k - 1);
}

/** 2/√π, erf's slope at 0. */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 1/√(2π), the standard normal density at 0. */
export const INV_SQRT_2PI = 0.3989422804014327;

/** d/dx erf(x) = 2/√π · e^(-x²). */
export function erfSlope(x: number): number {
  return TWO_OVER_SQRT_PI * Math.exp(-(x * x));
}

/** gelu(x) = x·Φ(x) in its exact erf form, as PyTorch computes it: 0.5·x·(1 + erf(x/√2)). */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x * Math.SQRT1_2));
}

/** d/dx gelu(x) = Φ(x) + x·φ(x) = 0.5·(1 + erf(x/√2)) + x·e^(-x²/2)/√(2π). */
export function geluSlope(x: number): number {
  return 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * (INV_SQRT_2PI * Math.exp(-0.5 * x * x));
}

const valueOf = (b: Value | number): number => (typeof b === 'number' ? b : b.data);

/**
 * @internal A row check of a table literal: every field a row has that its record type lacks is a
 * compile error (as `satisfies` would report it), which a type parameter's constraint alone lets pass.
 */
export type NoExtraFields<T, Row> = { readonly [K in keyof T]: { readonly [F in Exclude<keyof T[K], keyof Row>]: never } };

/**
 * Types the op table as `as const` would (readonly rows, each code its literal, so that `OpCode`
 * is a union and the switches over it exhaustive), each row checked against `OpDef`; a call rather
 * than `{...} as const`, because StrykerJS mutates nothing inside an `as` expression.
 */
function defineOps<const T extends Record<string, OpDef>>(ops: T & NoExtraFields<T, OpDef>): T {
  return ops;
}

/** The table. Ops with kinks or build-time branches (relu, abs, max, min, pow) keep their rules in their rows (and in op-details.ts). */
// Pure: a program that never reads the table drops it.
export const OPS = /* @__PURE__ */ defineOps({
  add: {
    code: ADD, constantCode: ADDC, arity: 2, symbol: '+',
    slopeAValue: () => 1, slopeBValue: () => 1,
    zeroSkip: 'constant',
  },
  sub: {
    code: SUB, constantCode: SUBC, arity: 2, symbol: '-',
    slopeAValue: () => 1, slopeBValue: () => -1,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  mul: {
    code: MUL, constantCode: MULC, arity: 2, symbol: '*',
    slopeAValue: (_n, _a, b) => b, slopeBValue: (_n, a) => a,
    zeroSkip: 'values',
  },
  div: {
    code: DIV, constantCode: DIVC, arity: 2, symbol: '/',
    slopeAValue: (_n, _a, b, kit) => (typeof b === 'number' ? 1 / b : kit.reciprocal(b)),
    slopeBValue: (n, _a, b) => n.div(b).neg(),
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS), which this op already is
    zeroSkip: 'never',
  },
  max: {
    code: MAX, constantCode: MAXC, arity: 2, symbol: 'max',
    slopeAValue: (_n, a, b, kit) => kit.kink(maxSlope(a.data, valueOf(b))),
    slopeBValue: (_n, a, b, kit) => kit.kink(maxSlope(b.data, a.data)),
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  min: {
    code: MIN, constantCode: MINC, arity: 2, symbol: 'min',
    slopeAValue: (_n, a, b, kit) => kit.kink(maxSlope(valueOf(b), a.data)),
    slopeBValue: (_n, a, b, kit) => kit.kink(maxSlope(a.data, b.data)),
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  pow: {
    code: POW, constantCode: POWC, arity: 2, symbol: '**',
    slopeAValue: (_n, a, b, kit) => {
      if (typeof b === 'number') return b === 0 ? 0 : a.pow(b - 1).mul(b);
      // b·a^(b-1) stays a function of b at b = 0 (its derivative in b is 1/a); only where a^-1 is not
      // finite (a = ±0, a subnormal whose reciprocal overflows, NaN), so that the product would be
      // 0·Infinity or 0·NaN, is it the constant 0 that backward() uses.
      // The branch is chosen by the values at build time, so the result is marked (branch) for
      // compile() to refuse: replayed after the leaves cross k = 0 or a = 0 it would be NaN where
      // backward() gives 0.
      if (b.data !== 0) return kit.branch(a.pow(b.sub(1)).mul(b));
      if (!Number.isFinite(1 / a.data)) return kit.branchZero();
      // backward()'s slope at k = ±0 is +0, but k·a^(k-1) is -0 when k = -0 or a < 0; adding 0
      // turns -0 into +0 and changes no derivative, so the twin matches backward() bit for bit.
      return kit.branch(a.pow(b.sub(1)).mul(b).add(0));
    },
    slopeBValue: (n, a, b, kit) => (a.data === 0 && b.data >= 0 ? kit.branchZero() : kit.branch(n.mul(a.log()))),
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS), which this op already is
    zeroSkip: 'never',
  },
  neg: {
    code: NEG, constantCode: null, arity: 1, symbol: 'neg',
    slopeAValue: () => -1, slopeBValue: null,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  exp: {
    code: EXP, constantCode: null, arity: 1, symbol: 'exp',
    slopeAValue: (n) => n, slopeBValue: null,
    zeroSkip: 'values',
  },
  log: {
    code: LOG, constantCode: null, arity: 1, symbol: 'log',
    slopeAValue: (_n, a, _b, kit) => kit.reciprocal(a), slopeBValue: null,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS), which this op already is
    zeroSkip: 'never',
  },
  tanh: {
    code: TANH, constantCode: null, arity: 1, symbol: 'tanh',
    slopeAValue: (n) => n.mul(n).neg().add(1), slopeBValue: null,
    zeroSkip: 'values',
  },
  relu: {
    code: RELU, constantCode: null, arity: 1, symbol: 'relu',
    slopeAValue: (_n, a, _b, kit) => kit.kink(a.data > 0 ? 1 : 0), slopeBValue: null,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  sigmoid: {
    code: SIGMOID, constantCode: null, arity: 1, symbol: 'sigmoid',
    slopeAValue: (n) => n.mul(n.neg().add(1)), slopeBValue: null,
    zeroSkip: 'values',
  },
  sqrt: {
    code: SQRT, constantCode: null, arity: 1, symbol: 'sqrt',
    slopeAValue: (n, _a, _b, kit) => kit.reciprocal(n, 0.5), slopeBValue: null,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS), which this op already is
    zeroSkip: 'never',
  },
  abs: {
    code: ABS, constantCode: null, arity: 1, symbol: 'abs',
    slopeAValue: (_n, a, _b, kit) => kit.kink(a.data > 0 ? 1 : a.data < 0 ? -1 : 0), slopeBValue: null,
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS): the full sweep, which adds 0 × a constant slope, the same numbers (see zeroSkips() in value.ts)
    zeroSkip: 'constant',
  },
  sin: {
    code: SIN, constantCode: null, arity: 1, symbol: 'sin',
    slopeAValue: (_n, a) => a.cos(), slopeBValue: null,
    zeroSkip: 'values',
  },
  cos: {
    code: COS, constantCode: null, arity: 1, symbol: 'cos',
    slopeAValue: (_n, a) => a.sin().neg(), slopeBValue: null,
    zeroSkip: 'values',
  },
  softplus: {
    code: SOFTPLUS, constantCode: null, arity: 1, symbol: 'softplus',
    slopeAValue: (_n, a) => a.sigmoid(), slopeBValue: null,
    zeroSkip: 'values',
  },
  log1p: {
    code: LOG1P, constantCode: null, arity: 1, symbol: 'log1p',
    slopeAValue: (_n, a, _b, kit) => kit.reciprocal(a.add(1)), slopeBValue: null,
    zeroSkip: 'values',
  },
  expm1: {
    code: EXPM1, constantCode: null, arity: 1, symbol: 'expm1',
    slopeAValue: (_n, a) => a.exp(), slopeBValue: null,
    zeroSkip: 'values',
  },
  hypot: {
    code: HYPOT, constantCode: HYPOTC, arity: 2, symbol: 'hypot',
    slopeAValue: (n, a) => a.div(n), slopeBValue: (n, _a, b) => b.div(n),
    // 0 · (±0 / 0) = NaN must reach the operands, and Infinity / Infinity too.
    // Stryker disable next-line StringLiteral: an emptied zeroSkip reads as never (0 in ZERO_SKIPS), which this op already is
    zeroSkip: 'never',
  },
  tan: {
    code: TAN, constantCode: null, arity: 1, symbol: 'tan',
    slopeAValue: (n) => n.mul(n).add(1), slopeBValue: null,
    zeroSkip: 'values',
  },
  atan: {
    code: ATAN, constantCode: null, arity: 1, symbol: 'atan',
    slopeAValue: (_n, a, _b, kit) => kit.reciprocal(a.mul(a).add(1)), slopeBValue: null,
    zeroSkip: 'values',
  },
  sinh: {
    code: SINH, constantCode: null, arity: 1, symbol: 'sinh',
    slopeAValue: (_n, a) => a.cosh(), slopeBValue: null,
    zeroSkip: 'values',
  },
  cosh: {
    code: COSH, constantCode: null, arity: 1, symbol: 'cosh',
    slopeAValue: (_n, a) => a.sinh(), slopeBValue: null,
    zeroSkip: 'values',
  },
  asinh: {
    code: ASINH, constantCode: null, arity: 1, symbol: 'asinh',
    slopeAValue: (_n, a, _b, kit) => kit.reciprocal(a.hypot(1)), slopeBValue: null,
    zeroSkip: 'values',
  },
  atanh: {
    code: ATANH, constantCode: null, arity: 1, symbol: 'atanh',
    // 1/((1 - x)(1 + x)), the same float operations as its number form (op-details.ts).
    slopeAValue: (_n, a, _b, kit) => kit.reciprocal(a.neg().add(1).mul(a.add(1))), slopeBValue: null,
    zeroSkip: 'values',
  },
  silu: {
    code: SILU, constantCode: null, arity: 1, symbol: 'silu',
    slopeAValue: (_n, a) => {
      const s = a.sigmoid();
      return s.mul(a.mul(s.neg().add(1)).add(1));
    },
    slopeBValue: null,
    zeroSkip: 'values',
  },
  erf: {
    code: ERF, constantCode: null, arity: 1, symbol: 'erf',
    slopeAValue: (_n, a) => a.mul(a).neg().exp().mul(TWO_OVER_SQRT_PI), slopeBValue: null,
    zeroSkip: 'values',
  },
  gelu: {
    code: GELU, constantCode: null, arity: 1, symbol: 'gelu',
    // Built from Values (erf and exp of the operand), so that gelu differentiates to any order.
    slopeAValue: (_n, a) => a.mul(Math.SQRT1_2).erf().add(1).mul(0.5).add(a.mul(a.mul(-0.5).mul(a).exp().mul(INV_SQRT_2PI))),
    slopeBValue: null,
    zeroSkip: 'values',
  },
  stopGradient: {
    code: STOP_GRADIENT, constantCode: null, arity: 1, symbol: 'stopGradient',
    // Stryker disable next-line ArrowFunction: never called: gradients() and jvp's composable path (its two callers) pass nothing along a noEdge op
    slopeAValue: () => 0, slopeBValue: null,
    // Stryker disable next-line StringLiteral: never read: ZERO_SKIPS takes noEdge first
    zeroSkip: 'constant',
    noEdge: true,
  },
});

/** The name of an op of the table: its Value method's name. */
export type OpName = keyof typeof OPS;

/** The op codes of the table's ops (both codes of an op with a folded-constant twin). */
export type OpCode = (typeof OPS)[OpName]['code'] | NonNullable<(typeof OPS)[OpName]['constantCode']>;

/** The codes an inner node can carry: the table's, and a custom op's and its opaque derivative's. */
export type NodeCode = OpCode | typeof CUSTOM | typeof OPAQUE;

/** Every op of the table is a method of Value of the same name: a name missing there fails this constraint. */
export type OpMethodsExist = NeverOrError<Exclude<OpName, keyof Value>>;
type NeverOrError<T extends never> = T;

/** @internal Each op's record by op code (both codes of a folded-constant pair), undefined for the rest. */
export const OP_BY_CODE: readonly (OpDef | undefined)[] = (() => {
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: every index read is below FROZEN + 1 and reads undefined for a non-op either way (from an empty array or one of FROZEN - 1 too)
  const byCode: (OpDef | undefined)[] = new Array<OpDef | undefined>(FROZEN + 1).fill(undefined);
  for (const def of Object.values(OPS) as OpDef[]) {
    byCode[def.code] = def;
    // Stryker disable next-line ConditionalExpression: forced true, an op without a constant sets byCode[null], a property no reader by op code reads (the false twin, no constant codes, fails op-table.test.ts)
    if (def.constantCode !== null) byCode[def.constantCode] = def;
  }
  return byCode;
})();

/** @internal The table's ops in its order, with their names. */
export const OP_LIST: readonly (readonly [OpName, OpDef])[] = Object.entries(OPS) as [OpName, OpDef][];

/** The exhaustiveness check at the end of a switch over op codes: a code the switch misses is a compile error here. */
export function unknownCode(code: never, where: string): never {
  throw new Error(`memograd: ${where}unknown op code ${String(code)}`);
}
