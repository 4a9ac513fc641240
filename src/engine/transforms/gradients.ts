import { Value, NonFiniteError, node, nameOf, opaqueMessage, isRecording, frozenLeaf, hasNoEdge, type CustomNode } from '../core/value.js';
import { topologicalOrder } from '../core/topological-order.js';
import { describeOperand } from '../core/describe.js';
import { checkEntries } from '../core/array-entries.js';
import { booleanOption, optionsObject } from '../core/options-object.js';
import { CUSTOM, OPAQUE, OP_BY_CODE, type SlopeKit } from '../core/ops.js';

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
  // What a node gets when nothing flows into it: only a node whose every user is a stopGradient node,
  // which passes nothing (not g·0: no node is built for it); its gradient is then 0, as backward()'s.
  const zero = new Value(0);
  // Stryker disable next-line EqualityOperator: order[0] is always a leaf (parents come first), which the sweep skips, so stopping at k > 0 skips nothing
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k] as Value;
    if (n._a === null || hasNoEdge(n)) continue;
    // Every node of the order but the root is a parent of a later one, so by now something has
    // flowed into it (the root holds the seed), unless its users are all stopGradient nodes.
    const g = grads[k] ?? zero;
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

/**
 * @internal d out / d a for node `n`, as a Value (or a number where it is piecewise constant): the
 * op table's `slopeAValue`, each the same float operations on Values as `localA` in value.ts. jvp's
 * composable path reads it too.
 */
export function localAValue(n: Value): Value | number {
  const def = OP_BY_CODE[n._code];
  if (def !== undefined) return def.slopeAValue(n, n._a as Value, n._b as Value | number, KIT);
  if (n._code === CUSTOM) return customSlope(n as CustomNode, 0);
  if (n._code === OPAQUE) throw new Error(`gradients: ${opaqueMessage(n)}`);
  throw new Error(`memograd: unknown op code ${n._code}`);
}

/** @internal d out / d b for node `n` whose second parent `b` is a Value, as a Value or a number. */
export function localBValue(n: Value, b: Value): Value | number {
  const def = OP_BY_CODE[n._code];
  const slope = def?.slopeBValue;
  if (slope !== undefined && slope !== null && n._code === def?.code) return slope(n, n._a as Value, b, KIT);
  if (n._code === CUSTOM) return customSlope(n as CustomNode, 1);
  throw new Error(`memograd: op code ${n._code} has no second parent`);
}

const POW_BRANCH = "pow's derivative, branch chosen at build time";

/** What the table's Value slopes make besides ops on the node and its operands. */
const KIT: SlopeKit = {
  // 1 / x as backward() computes it: a division, not pow(-1).
  reciprocal: (x, numerator = 1) => new Value(numerator).div(x),
  // A slope chosen by which side of a kink the values were on when the graph was built, as a leaf
  // marked as fixed at build time: the graph's structure does not follow the leaves across the kink,
  // so compile() refuses it rather than replay this slope after the leaves move.
  kink: (slope) => frozenLeaf(slope),
  // `slope` + (-0), which is `slope` bit for bit, as a node that marks it as chosen by build-time values.
  branch: (slope) => slope.add(frozenLeaf(-0, POW_BRANCH)),
  branchZero: () => frozenLeaf(0, POW_BRANCH),
};

/**
 * A custom op's local derivative as a Value: from its `derivativeValues` if it has them, else a
 * node that holds the number but refuses to be differentiated (so a second derivative through
 * it is an error, never a silent zero).
 */
function customSlope(n: CustomNode, which: 0 | 1): Value {
  const slopes = n._slopeValues();
  if (slopes !== undefined) return slopes[which] as Value;
  return node(OPAQUE, which === 0 ? n._da : n._db, n, null);
}
