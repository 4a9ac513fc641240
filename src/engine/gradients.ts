import { Value, OP, NonFiniteError, node, nameOf, opaqueMessage, isRecording, frozenLeaf, type CustomNode } from './value.js';
import { topologicalOrder } from './topological-order.js';
import { describeOperand } from './describe.js';
import { checkEntries } from './array-entries.js';
import { booleanOption, optionsObject } from './options-object.js';

/** Options for `gradients` (and for `grad`, `valueAndGrad`, `hessian`, `hvp`). */
export interface GradientsOptions {
  /** Throw a `NonFiniteError` at the first NaN or infinite value or gradient (default false). */
  readonly checkFinite?: boolean;
}

/**
 * d root / d x for each x in `wrt`, as Values built from the graph's own nodes, so the result
 * can itself be differentiated (PyTorch's `create_graph=True`). `backward()` is the fast path
 * for first derivatives; this one builds a graph for every gradient.
 *
 * It is the same sweep as `backward()` (parents after children, each gradient computed once),
 * with each local derivative written as Values: tanh' is `1 - out²` in terms of the output node
 * `out`, which is itself a function of the input, so its derivative flows on to second order.
 * The numbers match `backward()`'s bit for bit: each local derivative computes the same float
 * operations in the same order.
 *
 * @example
 * const x = new Value(2);
 * const [dx] = gradients(x.pow(3), [x]); // dx.data = 12, and dx is a Value of x
 * gradients(dx, [x])[0].data; // 12 = 6x
 */
export function gradients(root: Value, wrt: readonly Value[], options: GradientsOptions = {}): Value[] {
  if (!(root instanceof Value)) throw new TypeError(`gradients: root must be a Value, got ${describeOperand(root)}`);
  if (!Array.isArray(wrt)) throw new TypeError(`gradients: wrt must be an array of Values, got ${describeOperand(wrt)}`);
  checkEntries('gradients', 'wrt', wrt, 'a Value', (x) => x instanceof Value);
  optionsObject('gradients', options);
  const check = booleanOption('gradients', 'checkFinite', options.checkFinite);
  if (!isRecording()) {
    throw new Error('gradients: cannot build gradients inside noGrad(): the graph they are made of would not be recorded');
  }
  const order = topologicalOrder(root);
  // Positions by node, in a Map of our own: a custom op's derivativeValues may run user code that
  // walks graphs itself and rewrites the nodes' scratch positions.
  const position = new Map<Value, number>();
  order.forEach((n, k) => position.set(n, k));
  if (check) {
    for (const n of order) {
      if (!Number.isFinite(n.data)) throw new NonFiniteError(`gradients: the value of ${nameOf(n)} is ${n.data}`, n, 'value');
    }
  }
  // grads[k] is d root / d order[k], as a Value; undefined while nothing has flowed into it.
  // Stryker disable next-line ArrayDeclaration: an empty array reads undefined at every index just the same; the length only saves regrowth
  const grads: (Value | undefined)[] = new Array<Value | undefined>(order.length);
  const seed = new Value(1);
  grads[order.length - 1] = seed;
  const add = (to: Value, contribution: Value, from: Value): void => {
    if (check && !Number.isFinite(contribution.data)) {
      throw new NonFiniteError(
        `gradients: the gradient flowing back through ${nameOf(from)} became ${contribution.data}`,
        from,
        'gradient',
      );
    }
    const k = position.get(to) as number;
    const sum = grads[k];
    // backward() sums from +0, so a lone contribution of -0 comes out +0 there: 0 + c, as a node
    // only when it changes anything.
    grads[k] = sum !== undefined ? sum.add(contribution) : Object.is(contribution.data, -0) ? contribution.add(0) : contribution;
  };
  // Stryker disable next-line EqualityOperator: order[0] is always a leaf (parents come first), which the sweep skips, so stopping at k > 0 skips nothing
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k] as Value;
    if (n._a === null) continue;
    // Every node of the order but the root is a parent of a later one, so by now something has
    // flowed into it (the root holds the seed).
    const g = grads[k] as Value;
    add(n._a, times(g, localAValue(n), seed), n);
    const b = n._b;
    if (b instanceof Value) add(b, times(g, localBValue(n, b), seed), n);
  }
  const results: Value[] = [];
  for (const x of wrt) {
    const k = position.get(x);
    // Stryker disable next-line ConditionalExpression: grads[undefined] is undefined too; the test only keeps the index a number for the type checker
    let gx = (k === undefined ? undefined : grads[k]) ?? new Value(0);
    // Never hand back a node of the caller's graph (an input, when d(x·y)/dx is y) or the same
    // object twice: the result is a fresh node with the same value and derivatives.
    if (position.has(gx) || results.includes(gx)) gx = gx.mul(1);
    results.push(gx);
  }
  return results;
}

/** g · local, as `backward()` computes it: skipping the product by 1 (the seed, or a local of 1) is exact. */
function times(g: Value, local: Value | number, seed: Value): Value {
  if (typeof local === 'number') return local === 1 ? g : g.mul(local);
  return g === seed ? local : g.mul(local);
}

/** 1 / x as a Value, computed as `backward()` computes it (a division, not pow(-1)). */
function reciprocal(x: Value, numerator = 1): Value {
  return new Value(numerator).div(x);
}

/**
 * @internal d out / d a for node `n`, as a Value (or a number where it is piecewise constant): the
 * same table as `localA` in value.ts, each entry the same float operations on Values. jvp's
 * composable path reads it too.
 */
export function localAValue(n: Value): Value | number {
  const a = n._a as Value;
  const b = n._b;
  switch (n._code) {
    case OP.ADD: case OP.ADDC: case OP.SUB: case OP.SUBC: return 1;
    // Stryker disable next-line ConditionalExpression: falling through to MULC returns the same b
    case OP.MUL: return b as Value;
    case OP.MULC: return b as number;
    case OP.DIV: return reciprocal(b as Value);
    case OP.DIVC: return 1 / (b as number);
    // b·a^(b-1) stays a function of b at b = 0 (its derivative in b is 1/a); only where a^-1 is not
    // finite (a = ±0, a subnormal whose reciprocal overflows, NaN), so that the product would be
    // 0·Infinity or 0·NaN, is it the constant 0 that backward() uses.
    // The branch is chosen by the values at build time, so the result is marked (powBranch) for
    // compile() to refuse: replayed after the leaves cross k = 0 or a = 0 it would be NaN where
    // backward() gives 0.
    case OP.POW: {
      const k = b as Value;
      if (k.data !== 0) return powBranch(a.pow(k.sub(1)).mul(k));
      if (!Number.isFinite(1 / a.data)) return frozenLeaf(0, POW_BRANCH);
      // backward()'s slope at k = ±0 is +0, but k·a^(k-1) is -0 when k = -0 or a < 0; adding 0
      // turns -0 into +0 and changes no derivative, so the twin matches backward() bit for bit.
      return powBranch(a.pow(k.sub(1)).mul(k).add(0));
    }
    case OP.POWC: return b === 0 ? 0 : a.pow((b as number) - 1).mul(b as number);
    case OP.MAX: case OP.MAXC: return kink(maxSlope(a.data, typeof b === 'number' ? b : (b as Value).data));
    case OP.MIN: case OP.MINC: return kink(maxSlope(typeof b === 'number' ? b : (b as Value).data, a.data));
    case OP.NEG: return -1;
    case OP.EXP: return n;
    case OP.LOG: return reciprocal(a);
    case OP.TANH: return n.mul(n).neg().add(1);
    case OP.RELU: return kink(a.data > 0 ? 1 : 0);
    case OP.SIGMOID: return n.mul(n.neg().add(1));
    case OP.SQRT: return reciprocal(n, 0.5);
    case OP.ABS: return kink(a.data > 0 ? 1 : a.data < 0 ? -1 : 0);
    case OP.SIN: return a.cos();
    case OP.COS: return a.sin().neg();
    case OP.SOFTPLUS: return a.sigmoid();
    case OP.LOG1P: return reciprocal(a.add(1));
    case OP.EXPM1: return a.exp();
    // g · 0 as a node, as backward() multiplies: nothing flows to any order.
    case OP.STOP_GRADIENT: return 0;
    case OP.CUSTOM: return customSlope(n as CustomNode, 0);
    case OP.OPAQUE: throw new Error(`gradients: ${opaqueMessage(n)}`);
    default: throw new Error(`memograd: unknown op code ${n._code}`);
  }
}

/** @internal d out / d b for node `n` whose second parent `b` is a Value, as a Value or a number. */
export function localBValue(n: Value, b: Value): Value | number {
  const a = n._a as Value;
  switch (n._code) {
    case OP.ADD: return 1;
    case OP.SUB: return -1;
    case OP.MUL: return a;
    case OP.DIV: return n.div(b).neg();
    case OP.POW: return a.data === 0 && b.data >= 0 ? frozenLeaf(0, POW_BRANCH) : powBranch(n.mul(a.log()));
    case OP.MAX: return kink(maxSlope(b.data, a.data));
    case OP.MIN: return kink(maxSlope(a.data, b.data));
    case OP.CUSTOM: return customSlope(n as CustomNode, 1);
    default: throw new Error(`memograd: op code ${n._code} has no second parent`);
  }
}

/**
 * A slope chosen by which side of a kink the values were on when the graph was built, as a leaf
 * marked as fixed at build time: the graph's structure does not follow the leaves across the kink,
 * so compile() refuses it rather than replay this slope after the leaves move.
 */
function kink(slope: number): Value {
  return frozenLeaf(slope);
}

const POW_BRANCH = "pow's derivative, branch chosen at build time";

/** `slope` + (-0), which is `slope` bit for bit, as a node that marks it as chosen by build-time values. */
function powBranch(slope: Value): Value {
  return slope.add(frozenLeaf(-0, POW_BRANCH));
}

function maxSlope(x: number, y: number): number {
  return x > y ? 1 : x === y ? 0.5 : 0;
}

/**
 * A custom op's local derivative as a Value: from its `derivativeValues` if it has them, else a
 * node that holds the number but refuses to be differentiated (so a second derivative through
 * it is an error, never a silent zero).
 */
function customSlope(n: CustomNode, which: 0 | 1): Value {
  const slopes = n._slopeValues();
  if (slopes !== undefined) return slopes[which] as Value;
  return node(OP.OPAQUE, which === 0 ? n._da : n._db, n, null);
}
