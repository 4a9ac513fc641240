import { collect, release } from './topo.js';
import { describeOperand } from './describe.js';

/**
 * A scalar in a computation graph: its value, its gradient, the op that made it and its parents.
 *
 * Every op below follows one template: it computes the forward value and records its op code
 * and parents; the op's local derivatives (d out / d parent) sit in one table, `localA` and
 * `localB`, in the same order. `backward()` walks the graph once in topological order and
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
  /** The forward value. */
  declare data: number;
  /** d(root)/d(this) after `root.backward()`; leaves accumulate across calls, inner nodes do not. */
  declare grad: number;
  /** A name for display (`toString`, pictures, error messages). */
  declare label: string;
  /** @internal First parent, or null for a leaf. */
  declare _a: Value | null;
  /** @internal Second parent, a folded constant (a number), or null. */
  declare _b: Value | number | null;
  /** @internal Op code: an index into `OP_NAMES`. */
  declare _code: number;
  /** @internal Scratch for the graph walk (see `topologicalOrder`). */
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
    // Store a heap double first: V8 then gives `data` and `grad` the Double representation on
    // every Value. Had the first Value held a small integer, they would be Smi fields that later
    // migrate to Double across every live object: seconds of stall at a million nodes.
    this.data = NaN;
    this.grad = NaN;
    this.data = data;
    this.grad = 0;
    this.label = label ?? '';
    this._a = null;
    this._b = null;
    this._code = LEAF;
    this._i = 0;
  }

  /** The op that made this node (`''` for a leaf), for display. */
  get op(): string {
    return OP_NAMES[this._code] as string;
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
  /** this + other */
  add(other: Value | number): Value {
    const o = operand(other, 'add');
    return typeof o === 'number' ? node(ADDC, this.data + o, this, o) : node(ADD, this.data + o.data, this, o);
  }
  /** this - other */
  sub(other: Value | number): Value {
    const o = operand(other, 'sub');
    return typeof o === 'number' ? node(SUBC, this.data - o, this, o) : node(SUB, this.data - o.data, this, o);
  }
  /** this × other */
  mul(other: Value | number): Value {
    const o = operand(other, 'mul');
    return typeof o === 'number' ? node(MULC, this.data * o, this, o) : node(MUL, this.data * o.data, this, o);
  }
  /** this / other (IEEE: x/0 is ±Infinity, 0/0 is NaN) */
  div(other: Value | number): Value {
    const o = operand(other, 'div');
    return typeof o === 'number' ? node(DIVC, this.data / o, this, o) : node(DIV, this.data / o.data, this, o);
  }
  /** this ** other, for a constant or a Value exponent (IEEE: a negative base to a fractional power is NaN) */
  pow(other: Value | number): Value {
    const o = operand(other, 'pow');
    return typeof o === 'number'
      ? node(POWC, Math.pow(this.data, o), this, o)
      : node(POW, Math.pow(this.data, o.data), this, o);
  }
  /** -this */
  neg(): Value {
    return node(NEG, -this.data, this, null);
  }
  /** e ** this */
  exp(): Value {
    return node(EXP, Math.exp(this.data), this, null);
  }
  /** natural log (IEEE: log 0 = -Infinity, log of a negative is NaN) */
  log(): Value {
    return node(LOG, Math.log(this.data), this, null);
  }
  /** hyperbolic tangent */
  tanh(): Value {
    return node(TANH, Math.tanh(this.data), this, null);
  }
  /** max(0, this); relu'(0) = 0 */
  relu(): Value {
    const x = this.data;
    return node(RELU, x > 0 || x !== x ? x : 0, this, null);
  }
  /** 1 / (1 + e^-this) */
  sigmoid(): Value {
    return node(SIGMOID, 1 / (1 + Math.exp(-this.data)), this, null);
  }

  /**
   * Sets d(this)/d(node) on every node this depends on: inner nodes are recomputed from zero,
   * leaves accumulate (so a second call without `zeroGrad` adds the same gradient again).
   *
   * @example
   * const a = new Value(3);
   * a.mul(a).backward(); // a.grad === 6
   */
  backward(): void {
    const order = sweepOrder;
    const len = collect<Value>(this, order);
    // Leaves keep what earlier calls accumulated in `saved`, and this call's gradient is summed
    // from zero and added once at the end: a second call then adds exactly the same amount, as
    // PyTorch's AccumulateGrad does, whatever the order in which the leaf's edges arrive.
    if (saved.length < len) saved = new Float64Array(Math.max(len, 2 * saved.length));
    for (let i = 0; i < len; i++) {
      const n = order[i] as Value;
      if (n._a === null) saved[i] = n.grad;
      n.grad = 0;
    }
    this.grad = 1;
    for (let i = len - 1; i >= 0; i--) {
      const n = order[i] as Value;
      const a = n._a;
      if (a === null) continue;
      const g = n.grad;
      a.grad += g * localA(n);
      const b = n._b;
      if (b !== null && typeof b === 'object') b.grad += g * localB(n, b);
    }
    for (let i = 0; i < len; i++) {
      const n = order[i] as Value;
      if (n._a === null) n.grad += saved[i] as number;
    }
    release(order, len);
    if (saved.length > 1 << 16 && saved.length > 4 * len) saved = new Float64Array(1024);
  }

  /** A plain summary for `JSON.stringify`: the graph below is left out (it can be millions of nodes deep). */
  toJSON(): { data: number; grad: number; label: string; op: string } {
    return { data: this.data, grad: this.grad, label: this.label, op: this.op };
  }

  /** `label=data` (or just the data), for logs. */
  toString(): string {
    return this.label === '' ? `Value(${this.data})` : `Value(${this.label}=${this.data})`;
  }
}

/** Sets `grad` to 0 on each of `values` (typically a model's parameters), before the next `backward()`. */
export function zeroGrad(values: Iterable<Value>): void {
  if (values instanceof Value || !isIterable(values)) {
    throw new TypeError(`zeroGrad: expected an array (or iterable) of Values, got ${describeOperand(values)}`);
  }
  for (const v of values) {
    if (!(v instanceof Value)) throw new TypeError(`zeroGrad: expected Values, got ${describeOperand(v)}`);
    v.grad = 0;
  }
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

// Op codes. The names are what `op` shows; folded-constant ops show like their Value twins.
const LEAF = 0, ADD = 1, ADDC = 2, SUB = 3, SUBC = 4, MUL = 5, MULC = 6, DIV = 7, DIVC = 8;
const POW = 9, POWC = 10, NEG = 11, EXP = 12, LOG = 13, TANH = 14, RELU = 15, SIGMOID = 16;
const OP_NAMES: readonly string[] = ['', '+', '+', '-', '-', '*', '*', '/', '/', '**', '**', 'neg', 'exp', 'log', 'tanh', 'relu', 'sigmoid'];

/**
 * d out / d a for node `n` = op(a, b): the local derivative backward multiplies along the edge to
 * the first parent. Kinks follow PyTorch: relu'(0) = 0, and x**0 has derivative 0 even at x = 0.
 */
function localA(n: Value): number {
  const a = (n._a as Value).data;
  const b = n._b;
  switch (n._code) {
    case ADD: case ADDC: case SUB: case SUBC: return 1;
    case MUL: return (b as Value).data;
    case MULC: return b as number;
    case DIV: return 1 / (b as Value).data;
    case DIVC: return 1 / (b as number);
    case POW: return powSlope(a, (b as Value).data);
    case POWC: return powSlope(a, b as number);
    case NEG: return -1;
    case EXP: return n.data;
    case LOG: return 1 / a;
    case TANH: return 1 - n.data * n.data;
    case RELU: return a > 0 ? 1 : 0;
    case SIGMOID: return n.data * (1 - n.data);
    default: throw new Error(`memograd: unknown op code ${n._code}`);
  }
}

/** d out / d b for node `n` = op(a, b) whose second parent `b` is a Value. */
function localB(n: Value, b: Value): number {
  switch (n._code) {
    case ADD: return 1;
    case SUB: return -1;
    case MUL: return (n._a as Value).data;
    case DIV: return -n.data / b.data;
    // d/db a**b = a**b ln a; PyTorch's rule: 0 where a = 0 and b >= 0 (the limit from a > 0).
    case POW: return (n._a as Value).data === 0 && b.data >= 0 ? 0 : n.data * Math.log((n._a as Value).data);
    default: throw new Error(`memograd: op code ${n._code} has no second parent`);
  }
}

// The inner nodes of the current backward(), reused across calls (see `collect`).
const sweepOrder: Value[] = [];
// The leaves' gradients from before the current backward(), by position in `sweepOrder`.
let saved = new Float64Array(1024);

function isIterable(x: unknown): x is Iterable<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function powSlope(a: number, k: number): number {
  return k === 0 ? 0 : k * Math.pow(a, k - 1);
}

function node(code: number, data: number, a: Value, b: Value | number | null): Value {
  const n = new Value(data);
  n._code = code;
  n._a = a;
  n._b = b;
  return n;
}

function operand(x: unknown, op: string): Value | number {
  if (x instanceof Value || typeof x === 'number') return x;
  throw new TypeError(`Value.${op}: expected a Value or a number, got ${describeOperand(x)}`);
}
