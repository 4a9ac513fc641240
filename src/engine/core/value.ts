import { descent, idWraps, newId, release } from './topo.js';
import { flatTape, type FlatTape } from './flat-tape.js';
import { describeOperand } from './describe.js';
import { describeEntry, firstBadEntry } from './array-entries.js';
import { BUILD, INSPECT, VALUE_BRAND } from './value-brand.js';
import { booleanOption, optionsObject } from './options-object.js';
import {
  OP as OP_CODES, OP_BY_CODE, OP_LIST, maxSlope, powSlope, unknownCode, erfSlope, gelu, geluSlope, type NodeCode,
  LEAF, ADD, ADDC, SUB, SUBC, MUL, MULC, DIV, DIVC, POW, POWC, MAX, MAXC, MIN, MINC, NEG, EXP, LOG,
  TANH, RELU, SIGMOID, SQRT, ABS, SIN, COS, SOFTPLUS, LOG1P, EXPM1, CUSTOM, OPAQUE, STOP_GRADIENT, FROZEN,
  TAN, ATAN, SINH, COSH, ASINH, SILU, HYPOT, HYPOTC, ERF, GELU, ATANH,
} from './ops.js';
import { erf } from './erf.js';

/**
 * Which nodes backward() may skip with their whole subtree under a zero gradient. A node made by
 * an op that may be skipped under a zero gradient (ZERO_SKIPS), with finite local derivatives, whose
 * inner operands are marked in the current generation too, is marked: under an exact zero it would
 * pass ±0 to its operands, which would pass ±0 to theirs, and so on down. A generation begins with
 * the first node made after an event that could undo that, and ends at the next such event:
 * - a write to any Value's `.data`: the values a marked subtree read may now differ;
 * - a write to an inner node's `.grad` (a user's, `sync()`'s), or a `backward()` (which writes
 *   inner gradients): a node made in the current generation still holds the +0 it was made with,
 *   which is what the full sweep writes into a node it passes ±0, so skipping it writes nothing.
 * The mark is carried in the creation id itself (`_i`): a marked node's is its id minus MARKED
 * (negative), which changes no offset the walk computes (offsets are taken modulo 2^30, see
 * topo.ts) and adds no field to a node (two more fields made every node bigger and the build of a
 * large graph slower, by its garbage collection, than skipping saved). A node is marked in the
 * current generation iff `floor <= _i < 0`: `floor` is the first node's id minus MARKED, or 0 (no
 * generation open). Once ids wrap past 2^30 (`idWraps`), an old node could share a new one's id,
 * so no node is marked any more: backward() then sweeps as without marks.
 */
const MARKED = 0x40000000;
let floor = 0;

/** Ends the current generation of marks (see `floor`): the next node made opens a new one. */
function endMarks(): void {
  floor = 0;
}

/** @internal How many subtrees backward() skipped under a zero gradient, over all calls (tests check that it did). */
export const backwardStats = { skippedSubtrees: 0 };

/**
 * A scalar in a computation graph: its value, its gradient, the op that made it and its parents.
 *
 * Every op below follows one template: it computes the forward value and records its op code
 * and parents; the op's local derivatives (d out / d parent) sit in one switch at the end of this
 * file (`localA`, `localB`). Everything else about an op (its name, its derivative as Values for
 * higher derivatives, its compiled form, its kinks) is its row in the op table, ops.ts, which a
 * test checks these methods and switches against. `backward()` walks the graph once in topological order and
 * multiplies along each edge, so each node's gradient is computed once and reused by all its
 * parents: the chain rule plus dynamic programming.
 *
 * A number operand (`x.mul(2)`) is folded into the op as a constant rather than made a node:
 * constants need no gradient, and a million-node graph then holds half as many objects.
 *
 * @example
 * const x = new Value(2, 'x');
 * const y = x.mul(x).add(x.exp()); // y = x² + eˣ
 * y.backward();
 * x.grad; // 2x + eˣ = 4 + e²
 */
export class Value {
  /** @internal The forward value (see `data`). */
  declare _d: number;
  /** @internal The gradient (see `grad`). */
  declare _g: number;
  /** A name for display (`toString`, pictures, error messages). */
  declare label: string;
  /** @internal First parent, or null for a leaf. */
  declare _a: Value | null;
  /** @internal Second parent, a folded constant (a number), or null. */
  declare _b: Value | number | null;
  /** @internal Op code (see `OP`). */
  declare _code: number;
  /** @internal An inner node's creation id; a leaf's slot in the last graph walk (see topo.ts). */
  declare _i: number;

  /**
   * A leaf: an input or parameter whose gradient `backward()` accumulates.
   *
   * @example
   * const w = new Value(0.5, 'w');
   */
  constructor(data: number, label?: string) {
    if (typeof data !== 'number') throw new TypeError(`new Value: data must be a number, got ${describeOperand(data)}`);
    if (label !== undefined && typeof label !== 'string') {
      throw new TypeError(`new Value: label must be a string, got ${describeOperand(label)}`);
    }
    // Store a heap double first: V8 then gives `_d` and `_g` the Double representation on every
    // Value. Had the first Value held a small integer, they would be Smi fields that later migrate
    // to Double across every live object: seconds of stall at a million nodes. (A Tagged `_g`,
    // null first, spares a node's box while its gradient is 0, but boxes every other gradient
    // written: measured, it slowed the compiled tanh chain by 25-30%, which writes 2,001 leaf
    // gradients a run.)
    this._d = NaN;
    this._g = NaN;
    this._d = data;
    this._g = 0;
    this.label = label ?? '';
    this._a = null;
    this._b = null;
    this._code = LEAF;
    this._i = 0;
  }

  /** The forward value. */
  get data(): number {
    return this._d;
  }
  /** Sets the forward value (a write that ends the current generation of backward()'s skip marks). */
  set data(x: number) {
    this._d = x;
    // Every subtree marked so far read values that may now differ: see floor.
    endMarks();
  }

  /**
   * d(root)/d(this) after `root.backward()`. A leaf's accumulates across calls; an inner node's is
   * what the last backward() through it wrote: its gradient for that call's root, +0 if the root
   * depends on it only through gradients that are exactly 0. A backward() on a graph that does not
   * hold the node leaves it as it was; a write (a user's, compile()'s sync()) holds until a
   * backward() through the node, and no write changes what backward() computes.
   */
  get grad(): number {
    return this._g;
  }
  /** Sets the gradient (on an inner node, a write that ends the current generation of backward()'s skip marks). */
  set grad(g: number) {
    this._g = g;
    // A node of the current generation may now hold a gradient other than +0: see floor.
    if (this._a !== null) endMarks();
  }

  /** The op that made this node (`''` for a leaf), for display. */
  get op(): string {
    if (this._a === null) return '';
    return this._code === CUSTOM ? (this as unknown as CustomNode)._spec.name : (OP_NAMES[this._code] as string);
  }

  /** The Values this node was computed from (folded number constants are not parents). */
  get parents(): readonly Value[] {
    const ps: Value[] = [];
    if (this._a !== null) ps.push(this._a);
    if (this._b instanceof Value) ps.push(this._b);
    return Object.freeze(ps);
  }

  /** The constant folded into this node's op (`x.mul(3)` holds 3), or undefined. */
  get constant(): number | undefined {
    return typeof this._b === 'number' ? this._b : undefined;
  }

  // ---- ops: forward value here, local derivative in `localA` / `localB` below ----
  /** this + other; d/dthis = 1, d/dother = 1 */
  add(other: Value | number): Value {
    const o = operand(other, 'add');
    return typeof o === 'number' ? node(ADDC, this.data + o, this, o) : node(ADD, this.data + o.data, this, o);
  }
  /** this - other; d/dthis = 1, d/dother = -1 */
  sub(other: Value | number): Value {
    const o = operand(other, 'sub');
    return typeof o === 'number' ? node(SUBC, this.data - o, this, o) : node(SUB, this.data - o.data, this, o);
  }
  /** this × other; d/dthis = other, d/dother = this */
  mul(other: Value | number): Value {
    const o = operand(other, 'mul');
    return typeof o === 'number' ? node(MULC, this.data * o, this, o) : node(MUL, this.data * o.data, this, o);
  }
  /** this / other (IEEE: x/0 is ±Infinity, 0/0 is NaN); d/dthis = 1/other, d/dother = -out/other */
  div(other: Value | number): Value {
    const o = operand(other, 'div');
    return typeof o === 'number' ? node(DIVC, this.data / o, this, o) : node(DIV, this.data / o.data, this, o);
  }
  /**
   * this ** other, for a constant or a Value exponent (IEEE: a negative base to a fractional power
   * is NaN); d/dthis = other·this^(other-1) (0 when other = 0), d/dother = out·ln(this) (0 at this = 0, other ≥ 0)
   */
  pow(other: Value | number): Value {
    const o = operand(other, 'pow');
    return typeof o === 'number'
      ? node(POWC, Math.pow(this.data, o), this, o)
      : node(POW, Math.pow(this.data, o.data), this, o);
  }
  /** The larger of this and other; d = 1 to the larger, 0 to the other, 0.5 / 0.5 at a tie. */
  max(other: Value | number): Value {
    const o = operand(other, 'max');
    return typeof o === 'number' ? node(MAXC, Math.max(this.data, o), this, o) : node(MAX, Math.max(this.data, o.data), this, o);
  }
  /** The smaller of this and other; d = 1 to the smaller, 0 to the other, 0.5 / 0.5 at a tie. */
  min(other: Value | number): Value {
    const o = operand(other, 'min');
    return typeof o === 'number' ? node(MINC, Math.min(this.data, o), this, o) : node(MIN, Math.min(this.data, o.data), this, o);
  }
  /** -this; d/dthis = -1 */
  neg(): Value {
    return node(NEG, -this.data, this, null);
  }
  /** e ** this; d/dthis = out */
  exp(): Value {
    return node(EXP, Math.exp(this.data), this, null);
  }
  /** natural log (IEEE: log 0 = -Infinity, log of a negative is NaN); d/dthis = 1/this */
  log(): Value {
    return node(LOG, Math.log(this.data), this, null);
  }
  /** hyperbolic tangent; d/dthis = 1 - out² */
  tanh(): Value {
    return node(TANH, Math.tanh(this.data), this, null);
  }
  /** max(0, this); d/dthis = 1 where this > 0, else 0 (relu'(0) = 0) */
  relu(): Value {
    const x = this.data;
    return node(RELU, x > 0 || x !== x ? x : 0, this, null);
  }
  /** 1 / (1 + e^-this); d/dthis = out·(1 - out) */
  sigmoid(): Value {
    return node(SIGMOID, 1 / (1 + Math.exp(-this.data)), this, null);
  }
  /** square root; d/dthis = 0.5/out (sqrt'(0) = Infinity) */
  sqrt(): Value {
    return node(SQRT, Math.sqrt(this.data), this, null);
  }
  /** |this|; d/dthis = sign(this) (abs'(0) = 0) */
  abs(): Value {
    return node(ABS, Math.abs(this.data), this, null);
  }
  /** sine (radians); d/dthis = cos(this) */
  sin(): Value {
    return node(SIN, Math.sin(this.data), this, null);
  }
  /** cosine (radians); d/dthis = -sin(this) */
  cos(): Value {
    return node(COS, Math.cos(this.data), this, null);
  }
  /** log(1 + e^this), computed without overflow (softplus(1000) = 1000); d/dthis = sigmoid(this) */
  softplus(): Value {
    const x = this.data;
    // Stryker disable next-line EqualityOperator: at x = 0 (and -0) both branches give log1p(1) = ln 2 exactly
    return node(SOFTPLUS, x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)), this, null);
  }
  /** log(1 + this), accurate for tiny arguments; d/dthis = 1/(1 + this) */
  log1p(): Value {
    return node(LOG1P, Math.log1p(this.data), this, null);
  }
  /** e^this - 1, accurate for tiny arguments; d/dthis = e^this */
  expm1(): Value {
    return node(EXPM1, Math.expm1(this.data), this, null);
  }
  /** tangent (radians); d/dthis = 1 + out² */
  tan(): Value {
    return node(TAN, Math.tan(this.data), this, null);
  }
  /** arctangent; d/dthis = 1/(1 + this²) */
  atan(): Value {
    return node(ATAN, Math.atan(this.data), this, null);
  }
  /** hyperbolic sine; d/dthis = cosh(this) */
  sinh(): Value {
    return node(SINH, Math.sinh(this.data), this, null);
  }
  /** hyperbolic cosine; d/dthis = sinh(this) */
  cosh(): Value {
    return node(COSH, Math.cosh(this.data), this, null);
  }
  /** inverse hyperbolic sine; d/dthis = 1/hypot(this, 1) = 1/sqrt(1 + this²) */
  asinh(): Value {
    return node(ASINH, Math.asinh(this.data), this, null);
  }
  /** inverse hyperbolic tangent, ±Infinity at ±1 and NaN past them; d/dthis = 1/((1 - this)(1 + this)) = 1/(1 - this²) */
  atanh(): Value {
    return node(ATANH, Math.atanh(this.data), this, null);
  }
  /** this·sigmoid(this) (SiLU, swish), as this/(1 + e^-this); d/dthis = s(1 + this(1 - s)), s = sigmoid(this) */
  silu(): Value {
    const x = this.data;
    return node(SILU, x / (1 + Math.exp(-x)), this, null);
  }
  /** the error function, 2/√π ∫₀^this e^(-t²) dt (correctly rounded where measured); d/dthis = 2/√π · e^(-this²) */
  erf(): Value {
    return node(ERF, erf(this.data), this, null);
  }
  /** this·Φ(this) (GELU, PyTorch's default exact form 0.5·this·(1 + erf(this/√2))); d/dthis = Φ(this) + this·φ(this) */
  gelu(): Value {
    return node(GELU, gelu(this.data), this, null);
  }
  /** sqrt(this² + other²) without overflow; d/dthis = this/out, d/dother = other/out (NaN at 0, 0) */
  hypot(other: Value | number): Value {
    const o = operand(other, 'hypot');
    return typeof o === 'number' ? node(HYPOTC, Math.hypot(this.data, o), this, o) : node(HYPOT, Math.hypot(this.data, o.data), this, o);
  }
  /** this², as this × this (derived: no derivative code of its own) */
  square(): Value {
    return this.mul(this);
  }
  /** log(sigmoid(this)) = -softplus(-this), finite where the naive form gives -Infinity (derived) */
  logSigmoid(): Value {
    return this.neg().softplus().neg();
  }
  /**
   * The same value, as a node with no derivative edge to this (JAX's `stop_gradient`): no gradient
   * flows back through it, not even g·0 (NaN for an infinite g), and its tangent is exactly 0.
   * Unlike `detach()`, it stays in the graph, so `compile()` recomputes it from this on every run.
   */
  stopGradient(): Value {
    return node(STOP_GRADIENT, this.data, this, null);
  }
  /** The same value as a new leaf: no gradient flows back through it. */
  detach(): Value {
    return frozenLeaf(this.data, this.label);
  }

  /**
   * Sets d(this)/d(node) on every node this depends on: inner nodes are recomputed from zero,
   * leaves accumulate (so a second call without `zeroGrad` adds the same gradient again; a leaf
   * given exactly 0 keeps its `grad`). An inner node this depends on only through gradients that
   * are exactly 0 (a subtree skipped whole) reads +0; one of another graph keeps its `grad`; a write
   * to an inner node's `grad` holds until a call through that node, and changes nothing here.
   * With `checkFinite`, throws a `NonFiniteError` naming the first op whose value or gradient is
   * NaN or infinite, and leaves every leaf's gradient as it was.
   *
   * @example
   * const a = new Value(3);
   * a.mul(a).backward(); // a.grad === 6
   */
  backward(options?: BackwardOptions): void {
    optionsObject('backward', options);
    const check = booleanOption('backward', 'checkFinite', options?.checkFinite);
    if (check) sweepInOrder(this, true, false);
    else if (!sweepByIds(this)) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: collect() orders a leaf root without the ids, and a walk by ids that just failed fails again: only speed differs
      const idsFailed = this._a !== null;
      sweepInOrder(this, false, idsFailed);
    }
  }

  /** A plain summary for `JSON.stringify`, the node's `data`, `grad`, `label` and `op`: the graph below is left out (it can be millions of nodes deep). */
  toJSON(): { data: number; grad: number; label: string; op: string } {
    return { data: this.data, grad: this.grad, label: this.label, op: this.op };
  }

  /** `label=data` (or just the data), for logs. */
  toString(): string {
    return this.label === '' ? `Value(${this.data})` : `Value(${this.label}=${this.data})`;
  }

  /** @internal Which copy of memograd made this Value (see describeOperand). */
  get [VALUE_BRAND](): typeof BUILD {
    return BUILD;
  }

  /**
   * @internal Node's inspector (`console.log`, the REPL): `Value(y=5, grad=0, op='+')` instead of
   * the fields and the whole graph below, which can be millions of nodes.
   */
  [INSPECT](_depth: number, options?: { stylize?: (text: string, style: string) => string }): string {
    const paint = options?.stylize ?? ((text: string) => text);
    const num = (x: number) => paint(Object.is(x, -0) ? '-0' : String(x), 'number');
    const op = this._a === null ? '' : `, op=${paint(`'${this.op}'`, 'string')}`;
    return `Value(${this.label === '' ? '' : `${this.label}=`}${num(this.data)}, grad=${num(this.grad)}${op})`;
  }
}

/** Sets `grad` to 0 on each of `values` (typically a model's parameters), before the next `backward()`. */
export function zeroGrad(values: Iterable<Value>): void {
  // Stryker disable next-line ConditionalExpression: a Value is not iterable, so isIterable() alone refuses it; the test names the usual mistake
  if (values instanceof Value || !isIterable(values)) {
    throw new TypeError(`zeroGrad: expected an array (or iterable) of Values, got ${describeOperand(values)}`);
  }
  // Checked whole before any gradient changes, an array in place so that a hole is named as one
  // (a spread or for...of would read it as undefined), any other iterable read once into a list.
  const list: readonly unknown[] = Array.isArray(values) ? values : [...values];
  const i = firstBadEntry(list, (v) => v instanceof Value);
  if (i !== -1) throw new TypeError(`zeroGrad: expected Values, got ${describeEntry(list, i)} at index ${i}`);
  for (const v of list as readonly Value[]) v.grad = 0;
}

/**
 * The local derivatives d(node)/d(parent), in the order of `node.parents` (empty for a leaf):
 * the numbers `backward()` multiplies along each edge.
 *
 * @example
 * localGradients(x.mul(y)) // [y.data, x.data]
 */
export function localGradients(n: Value): number[] {
  if (!(n instanceof Value)) throw new TypeError(`localGradients: expected a Value, got ${describeOperand(n)}`);
  if (n._a === null) return [];
  const b = n._b;
  return b instanceof Value ? [localA(n), localB(n, b)] : [localA(n)];
}

/** Options for `backward()`. */
export interface BackwardOptions {
  /** Throw a `NonFiniteError` at the first NaN or infinite value or gradient (default false). */
  readonly checkFinite?: boolean;
}

/**
 * Thrown by `backward({ checkFinite: true })` (and `grad` with `checkFinite`): names the node
 * where a value or a gradient first became NaN or infinite.
 */
export class NonFiniteError extends RangeError {
  /** The node whose value, or whose gradient contribution, is not finite. */
  readonly node: Value;
  /** Whether the forward value or a gradient went bad. */
  readonly kind: 'value' | 'gradient';
  constructor(message: string, node: Value, kind: 'value' | 'gradient') {
    super(message);
    this.name = 'NonFiniteError';
    this.node = node;
    this.kind = kind;
  }
}

/**
 * Runs `fn` with recording off: Values made inside it are leaves, with no parents, so nothing
 * done there is differentiated (evaluation, parameter updates). Nests, and restores on throw.
 *
 * @example
 * const y = noGrad(() => w.mul(x)); // y.parents is []
 */
export function noGrad<T>(fn: () => T): T {
  const before = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = before;
  }
}

/** Whether ops currently record their parents (false inside `noGrad`). */
export function isRecording(): boolean {
  return recording;
}

let recording = true;

/**
 * What `op` shows for each code: the op table's symbols (folded-constant ops show like their
 * Value twins); a custom op shows its spec's name instead.
 */
const OP_NAMES: readonly string[] = Array.from({ length: FROZEN + 1 }, (_, code) => (code === OPAQUE ? 'opaque' : OP_BY_CODE[code]?.symbol ?? ''));

/**
 * @internal The op codes, for the modules that read a graph (the graph-building gradient, the
 * DOT exporter, the compiled path).
 */
export const OP = OP_CODES;

/** @internal What a custom op's node (see `customOp`) carries beyond a Value's fields. */
export interface CustomNode extends Value {
  readonly _spec: {
    readonly name: string;
    readonly forward: (...inputs: number[]) => number;
    readonly derivatives: (out: number, ...inputs: number[]) => readonly number[];
  };
  /** d out / d first input, and d out / d second input, computed with the forward value. */
  readonly _da: number;
  readonly _db: number;
  /** The local derivatives as Values (for higher order), or undefined if the op gives none. */
  _slopeValues(): readonly Value[] | undefined;
}

/**
 * @internal d out / d a for node `n` = op(a, b): the local derivative backward multiplies along the
 * edge to the first parent, and forward mode (linear-tape.ts) along the same edge the other way.
 * Kinks follow PyTorch: relu'(0) = abs'(0) = 0, a max/min tie splits 0.5 / 0.5,
 * sqrt'(0) = Infinity, and x**0 has derivative 0 even at x = 0.
 */
export function localA(n: Value): number {
  const b = n._b;
  const code = n._code as NodeCode;
  switch (code) {
    case ADD: case ADDC: case SUB: case SUBC: return 1;
    case MUL: return (b as Value).data;
    case MULC: return b as number;
    case DIV: return 1 / (b as Value).data;
    case DIVC: return 1 / (b as number);
    case NEG: return -1;
    case EXP: return n.data;
    case TANH: return 1 - n.data * n.data;
    case RELU: return (n._a as Value).data > 0 ? 1 : 0;
    case SIGMOID: return n.data * (1 - n.data);
    // The rest live in a second function: keeping this one small lets V8 inline it into the sweep.
    default: return localAOther(n, code);
  }
}

function localAOther(n: Value, code: Exclude<NodeCode, typeof ADD | typeof ADDC | typeof SUB | typeof SUBC | typeof MUL | typeof MULC | typeof DIV | typeof DIVC | typeof NEG | typeof EXP | typeof TANH | typeof RELU | typeof SIGMOID>): number {
  const a = (n._a as Value).data;
  const b = n._b;
  switch (code) {
    case POW: return powSlope(a, (b as Value).data);
    case POWC: return powSlope(a, b as number);
    case MAX: case MAXC: return maxSlope(a, typeof b === 'number' ? b : (b as Value).data);
    case MIN: case MINC: return maxSlope(typeof b === 'number' ? b : (b as Value).data, a);
    case LOG: return 1 / a;
    case SQRT: return 0.5 / n.data;
    case ABS: return a > 0 ? 1 : a < 0 ? -1 : 0;
    case SIN: return Math.cos(a);
    case COS: return -Math.sin(a);
    case SOFTPLUS: return 1 / (1 + Math.exp(-a));
    case LOG1P: return 1 / (1 + a);
    case EXPM1: return Math.exp(a);
    case STOP_GRADIENT: return 0;
    case TAN: return 1 + n.data * n.data;
    case ATAN: return 1 / (1 + a * a);
    case SINH: return Math.cosh(a);
    case COSH: return Math.sinh(a);
    case ASINH: return 1 / Math.hypot(a, 1);
    case ATANH: return 1 / ((1 - a) * (1 + a));
    case SILU: { const s = 1 / (1 + Math.exp(-a)); return s * (1 + a * (1 - s)); }
    case HYPOT: case HYPOTC: return a / n.data;
    case ERF: return erfSlope(a);
    case GELU: return geluSlope(a);
    case CUSTOM: return (n as CustomNode)._da;
    case OPAQUE: throw new Error(`backward: ${opaqueMessage(n)}`);
    default: return unknownCode(code, '');
  }
}

/** @internal d out / d b for node `n` = op(a, b) whose second parent `b` is a Value. */
export function localB(n: Value, b: Value): number {
  const a = (n._a as Value).data;
  switch (n._code) {
    case ADD: return 1;
    case SUB: return -1;
    case MUL: return a;
    case DIV: return -n.data / b.data;
    // d/db a**b = a**b ln a; PyTorch's rule: 0 where a = 0 and b >= 0 (the limit from a > 0).
    case POW: return a === 0 && b.data >= 0 ? 0 : n.data * Math.log(a);
    case MAX: return maxSlope(b.data, a);
    case MIN: return maxSlope(a, b.data);
    case HYPOT: return b.data / n.data;
    case CUSTOM: return (n as CustomNode)._db;
    // Unary ops and folded constants (a binary op missing here fails test/engine/op-table.test.ts).
    default: throw new Error(`memograd: op code ${n._code} has no second parent`);
  }
}

/**
 * Which ops backward() may skip when a node's gradient is exactly 0: each parent would get
 * 0 × (local derivative) = ±0, which changes no gradient (they start at +0 and a sum of them is
 * never -0), as long as that derivative is finite: 0 × Infinity = NaN must reach the parent as it
 * does without skipping. In a trained network most gradients are 0 (a relu unit that is off, a
 * hinge sample with margin): micrograd's demo skips half its nodes at the first step, 92% by step 30.
 *
 * SLOPES_CONSTANT (1): local derivatives that are constants (±1, 0, 0.5): always finite.
 * SLOPES_READ_VALUES (2): local derivatives computed from values (×: the other operand; exp, tanh,
 * sigmoid: the node's own value; sin, cos, softplus, log1p, expm1: the operand's), finite where
 * those values keep them so: `zeroSkips` reads them. Which values: those the full sweep multiplies
 * by, the operands' current `.data` (a leaf set after the build included), not the node's own
 * value, which was computed from the operands at build time: y = x·w, root = y·0, then
 * w.data = Infinity has y finite but d y / d x = Infinity.
 * 0: never skipped: division, pow, log, sqrt and custom ops (1/x at x = 5e-324, sqrt'(0), x**0.5
 * at 0, a custom op's slope are infinite at finite points; finding out costs their derivative).
 */
/** @internal Shared with compile()'s interpreter, which skips the same ops (see its guard). Read from the op table's `zeroSkip` and `noEdge`. */
export const ZERO_SKIPS = new Uint8Array(256);
const SLOPES_CONSTANT = 1;
const SLOPES_READ_VALUES = 2;
/**
 * @internal NO_EDGE (3): the op table's `noEdge` (stopGradient): the sweeps skip it under any gradient,
 * since it passes nothing back (g·0 would be NaN for an infinite or NaN g). Its operand is still reached.
 */
export const NO_EDGE = 3;
for (const [, def] of OP_LIST) {
  const kind = def.noEdge === true ? NO_EDGE : def.zeroSkip === 'constant' ? SLOPES_CONSTANT : def.zeroSkip === 'values' ? SLOPES_READ_VALUES : 0;
  ZERO_SKIPS[def.code] = kind;
  if (def.constantCode !== null) ZERO_SKIPS[def.constantCode] = kind;
}

/** @internal Whether node `n` has no derivative edge (the op table's `noEdge`: stopGradient): every sweep passes nothing along it. */
export function hasNoEdge(n: Value): boolean {
  return ZERO_SKIPS[n._code] === NO_EDGE;
}

/**
 * How node() decides a new node's mark (see floor), by op code: 0 never; MARK_ALWAYS
 * (constant local derivatives); MARK_IF_FINITE, where a finite value means finite local
 * derivatives (×: a finite product has finite factors, and they are the derivatives; a constant
 * factor likewise; exp: out; tanh: 1 - out²; sigmoid: out (1 - out)), a cheap test that turns away
 * only a product that overflowed; MARK_BY_SLOPES, the other ops, by their derivatives (zeroSkips).
 */
const MARKS = new Uint8Array(256);
const MARK_ALWAYS = 1;
const MARK_IF_FINITE = 2;
const MARK_BY_SLOPES = 3;
// Stryker disable next-line EqualityOperator: code <= 256 also writes MARKS[256], past the typed array's end, which it ignores (the >= twin is killed by tests)
for (let code = 0; code < 256; code++) {
  const kind = ZERO_SKIPS[code] as number;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: which ops that read values take the finite-value test changes no gradient: each has finite local derivatives wherever its value is finite, so either test marks only where they are finite (that one turns away a few more: an overflowed product, softplus(Infinity))
  const byValues = code === MUL || code === MULC || code === EXP || code === TANH || code === SIGMOID ? MARK_IF_FINITE : MARK_BY_SLOPES;
  // The other kinds (no edge, never) stay 0.
  if (kind === SLOPES_CONSTANT) MARKS[code] = MARK_ALWAYS;
  // Stryker disable next-line ConditionalExpression: forced true, it gives every other kind byValues, and zeroSkips() answers as MARKS did for them: true for constant slopes, false for the kinds that stay 0 (the false twin is killed by tests)
  if (kind === SLOPES_READ_VALUES) MARKS[code] = byValues;
}

/**
 * Whether node `n` (with first operand `a` and second `b`), whose gradient is exactly 0, may be
 * skipped: bit for bit the full sweep, which would add 0 × each local derivative to its parents.
 */
function zeroSkips(n: Value, a: Value, b: Value | number | null): boolean {
  const kind = ZERO_SKIPS[n._code];
  if (kind === SLOPES_CONSTANT) return true;
  if (kind !== SLOPES_READ_VALUES) return false;
  switch (n._code) {
    // d/da = b, d/db = a: read here from `a` and `b`, as the sweep multiplies by them.
    case MUL: return Number.isFinite((b as Value).data) && Number.isFinite(a.data);
    // Stryker disable next-line ConditionalExpression: falling through to the default computes localA(n), which for MULC is the same constant b
    case MULC: return Number.isFinite(b as number);
    // Stryker disable next-line ConditionalExpression: without this return, nothing of these ops is skipped: the full sweep, the same numbers (a skip here saves only the multiply and add, which no test can see)
    default: return Number.isFinite(localA(n));
  }
}

/** @internal The error for differentiating through a custom op's derivative that has no derivative. */
export function opaqueMessage(n: Value): string {
  const owner = n._a as CustomNode;
  return (
    `cannot differentiate the derivative of custom op '${owner._spec.name}' a second time; ` +
    'give the op derivativeValues to make its derivative differentiable'
  );
}

// The nodes of the current backward(), reused across calls (see `collect`).
// Stryker disable next-line ArrayDeclaration: collect() writes order[0..len) before anything reads it
const sweepOrder: Value[] = [];
// The gradients of the current backward(), by position in `sweepOrder`.
let scratch = new Float64Array(1024);
// The last flat tape of sweepInOrder, whose position arrays the next one reuses.
let sweepTape: FlatTape<Value> | undefined;

/**
 * backward()'s sweep, in one pass down the walk by offsets (see topo.ts): each inner node is
 * complete when the pass reaches it, so its gradient is written there and then, and it passes
 * gradient to its parents, which the walk marks as it goes. Each leaf gets this call's gradient,
 * summed from zero, added once at the end (as PyTorch's AccumulateGrad does), so a second call adds
 * exactly the same amount. Returns false, having written nothing, where ids cannot order the
 * graph; the caller then sweeps the fallback order, which sums in the same order.
 */
function sweepByIds(root: Value): boolean {
  const d = descent;
  if (!d.start(root)) return false;
  // d.values grows (a new array) when reach() goes past its end: then it is read again.
  let g = d.values;
  g[0] = 1;
  let k = 0;
  // The nodes marked in the generation this call ends (it writes inner gradients: see floor).
  const f = floor;
  endMarks();
  try {
    // Stryker disable next-line EqualityOperator: k <= end adds a step at k = end, where nothing is marked, so it takes nothing (the >= twin is killed by tests)
    for (; k < d.end; k++) {
      const n = d.take(k) as Value | undefined;
      if (n === undefined) {
        if (d.sparse(k)) break;
        continue;
      }
      const gi = g[k] as number;
      g[k] = 0;
      // Under an exact zero, a node marked in the generation this call ends (see floor) passes ±0
      // to every node below it, all the way down: nothing, so its parents are not even reached.
      // Every inner node there was made in that generation and still holds the +0 it was made
      // with, which is what the full sweep would write: they read +0 unless reached another way.
      if (gi === 0 && n._i < 0 && n._i >= f) {
        d.skipped++;
        continue;
      }
      const a = n._a as Value;
      const b = n._b;
      // A node whose gradient is exactly 0 would add 0 × (local derivative) to each parent:
      // nothing, as long as that derivative is finite (0 × Infinity is NaN). See zeroSkips.
      // Its parents are still reached: their gradients are rewritten (to 0 if nothing else flows in).
      // A stopGradient node passes nothing under any gradient: the table's noEdge, which only it has
      // (test/engine/core/op-table.test.ts), read here as its code: a compare with a constant costs
      // less in this loop than a load from ZERO_SKIPS (measured on a tanh chain's backward(): +1-6% against +7-11%).
      const live = (gi !== 0 || !zeroSkips(n, a, b)) && n._code !== STOP_GRADIENT;
      if (a._a === null) {
        const j = d.leaf(a);
        if (live) d.leafValues[j] = (d.leafValues[j] as number) + gi * localA(n);
      } else {
        const ka = d.reach(a, k);
        // Stryker disable next-line EqualityOperator: reach() gives -1 or an offset above k >= 0, never 0, so <= 0 is < 0 (the >= twin is killed by tests)
        if (ka < 0) break;
        // Stryker disable next-line ConditionalExpression: reading d.values again when it has not grown gives the same array (the false twin is killed by a test)
        if (ka >= g.length) g = d.values;
        if (live) g[ka] = (g[ka] as number) + gi * localA(n);
      }
      if (b !== null && typeof b === 'object') {
        if (b._a === null) {
          const j = d.leaf(b);
          if (live) d.leafValues[j] = (d.leafValues[j] as number) + gi * localB(n, b);
        } else {
          const kb = d.reach(b, k);
          // Stryker disable next-line EqualityOperator: reach() gives -1 or an offset above k >= 0, never 0, so <= 0 is < 0 (the >= twin is killed by tests)
          if (kb < 0) break;
          // Stryker disable next-line ConditionalExpression: reading d.values again when it has not grown gives the same array (the false twin is killed by a test)
          if (kb >= g.length) g = d.values;
          if (live) g[kb] = (g[kb] as number) + gi * localB(n, b);
        }
      }
      // Only now, after the local derivatives (an opaque node throws there): a throw leaves this
      // node's gradient unwritten. Nodes before it have their final gradients already.
      n._g = gi;
    }
  } catch (e) {
    d.abandon();
    throw e;
  }
  if (k < d.end) {
    d.abandon();
    return false;
  }
  backwardStats.skippedSubtrees += d.skipped;
  const leaves = d.leaves;
  const lg = d.leafValues;
  for (let j = 0; j < d.leafCount; j++) addLeafGradient(leaves[j] as Value, lg[j] as number);
  d.finish();
  return true;
}

/**
 * Adds this call's gradient `g` (summed from +0, so never -0) to a leaf's: nothing when it is
 * exactly 0, so that a leaf under a skipped subtree, which gets nothing, ends as one reached with
 * 0 would (x + 0 is x for every x but -0, which it would turn into +0).
 */
function addLeafGradient(leaf: Value, g: number): void {
  if (g !== 0) leaf._g += g;
}

/**
 * backward()'s sweep over collect()'s order (the same order of the same operations as
 * sweepByIds): for a leaf root, where ids cannot order the graph (`idsFailed`: collect() then
 * goes straight to its fallback), and with `checkFinite`.
 * Gradients accumulate by position and reach the Values only at the end, so that on an error
 * no Value has been touched.
 */
function sweepInOrder(root: Value, check: boolean, idsFailed: boolean): void {
  const order = sweepOrder;
  const tape = flatTape<Value>(root, order, !idsFailed, sweepTape);
  sweepTape = tape;
  const { length: len, pa: at, pb: bt } = tape;
  // Stryker disable next-line EqualityOperator,ConditionalExpression,ArithmeticOperator: regrowing when not needed, or to just len, changes speed, not results
  if (scratch.length < len) scratch = new Float64Array(Math.max(len, 2 * scratch.length));
  const g = scratch;
  g.fill(0, 0, len);
  try {
    if (check) checkValues(order, len);
    g[len - 1] = 1;
    // Stryker disable next-line EqualityOperator: order[0] is always a leaf (the walk emits parents first), which the sweep skips anyway
    for (let i = len - 1; i >= 0; i--) {
      const n = order[i] as Value;
      const a = n._a;
      if (a === null) continue;
      const gi = g[i] as number;
      const b = n._b;
      if ((gi === 0 && zeroSkips(n, a, b)) || ZERO_SKIPS[n._code] === NO_EDGE) continue;
      const pa = at[i] as number;
      g[pa] = (g[pa] as number) + gi * localA(n);
      if (b !== null && typeof b === 'object') {
        const pb = bt[i] as number;
        g[pb] = (g[pb] as number) + gi * localB(n, b);
      }
      if (check) checkGradients(n, g, i, at, bt);
    }
    for (let i = 0; i < len; i++) {
      const n = order[i] as Value;
      if (n._a === null) addLeafGradient(n, g[i] as number);
      else n._g = g[i] as number;
    }
    endMarks();
  } finally {
    release(order, len);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: whether the scratch array shrinks is memory only: the next call regrows it to any size it needs
    if (scratch.length > 1 << 16 && scratch.length > 4 * len) scratch = new Float64Array(1024);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: whether the position arrays shrink is memory only: the next call regrows them to any size it needs
    if (at.length > 1 << 16 && at.length > 4 * len) sweepTape = undefined;
  }
}

/**
 * @internal backward() by the reference sweep over the flat tape, never by the sweep by ids: the
 * oracle of the differential test of the hand-tuned sweep (test/engine/core/backward-sweep-by-ids.test.ts).
 */
export function referenceBackward(root: Value): void {
  // Stryker disable next-line BooleanLiteral: the fallback search gives the same order as the walk by ids: only speed differs
  sweepInOrder(root, false, false);
}

function isIterable(x: unknown): x is Iterable<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** @internal Makes an op node; inside `noGrad`, a leaf. Every op goes through here. */
export function node(code: number, data: number, a: Value, b: Value | number | null): Value {
  const n = new Value(data);
  if (recording) {
    n._code = code;
    n._a = a;
    n._b = b;
    const id = newId();
    let i = id;
    const how = MARKS[code] as number;
    // Marked (see floor) if its local derivatives are finite and its inner operands are marked in
    // the current generation; a node made with no generation open opens one, unless ids wrapped.
    if (
      // Stryker disable next-line ConditionalExpression: how !== 0 forced true sends the ops never marked to zeroSkips(), which answers false for them too (the whole condition's true and false are killed by tests)
      how !== 0 &&
      // Stryker disable next-line ConditionalExpression: how === MARK_ALWAYS forced false sends the ops of constant slopes to zeroSkips(), which answers true for them too (the true twin is killed by tests)
      (how === MARK_ALWAYS ||
        // Stryker disable next-line ConditionalExpression,EqualityOperator: either test marks an op that reads values only where its local derivatives are finite, so no gradient changes (see MARKS)
        (how === MARK_IF_FINITE
          ? data - data === 0
          : zeroSkips(n, a, b)))
    ) {
      let f = floor;
      if (f === 0 && idWraps === 0) f = floor = id - MARKED;
      const ia = a._i;
      if ((a._a === null || (ia < 0 && ia >= f)) && (b === null || typeof b === 'number' || b._a === null || (b._i < 0 && b._i >= f))) {
        // A new generation opens at or below this id: f <= id - MARKED, so the node is in it.
        // Stryker disable next-line ConditionalExpression: with f = 0 (ids wrapped, no generation open), a mark given anyway is never matched: node() and the sweep then ask for marks >= 0, and a mark is negative (the false twin is killed by tests)
        if (f !== 0) i = id - MARKED;
      }
    }
    n._i = i;
  } else {
    n._code = FROZEN;
  }
  return n;
}

/**
 * @internal A leaf whose value was computed from other Values when it was made (by `detach()`,
 * inside `noGrad`, or as a kink's slope in a `gradients()` graph), so that nothing can recompute
 * it when they change: `compile()` refuses graphs that hold one rather than replay a stale number.
 */
export function frozenLeaf(data: number, label = ''): Value {
  const n = new Value(data, label);
  n._code = FROZEN;
  return n;
}

function operand(x: unknown, op: string): Value | number {
  if (x instanceof Value || typeof x === 'number') return x;
  throw new TypeError(`Value.${op}: expected a Value or a number, got ${describeOperand(x)}`);
}

/** @internal How error messages name a node: its op, and its label if it has one. */
export function nameOf(n: Value): string {
  const what = n._a === null ? 'leaf' : `op '${n.op}'`;
  return n.label === '' ? what : `${what} (label '${n.label}')`;
}

function checkValues(order: readonly Value[], len: number): void {
  // Parents come first, so the first non-finite value is where it arose, not where it spread.
  for (let i = 0; i < len; i++) {
    const n = order[i] as Value;
    if (!Number.isFinite(n.data)) {
      const inputs = n.parents.map((p) => p.data).concat(n.constant === undefined ? [] : [n.constant]);
      const from = n._a === null ? '' : ` from inputs [${inputs.join(', ')}]`;
      throw new NonFiniteError(`backward: the value of ${nameOf(n)} is ${n.data}${from}`, n, 'value');
    }
  }
}

function checkGradients(n: Value, g: Float64Array, at: number, pa: Int32Array, pb: Int32Array): void {
  const b = n._b;
  if (!Number.isFinite(g[pa[at] as number] as number) || (b !== null && typeof b === 'object' && !Number.isFinite(g[pb[at] as number] as number))) {
    const local = localGradients(n).join(', ');
    throw new NonFiniteError(
      `backward: the gradient flowing back through ${nameOf(n)} became non-finite ` +
        `(its gradient ${g[at]}, local derivatives [${local}])`,
      n,
      'gradient',
    );
  }
}
