import { Value, OP, type CustomNode } from '../core/value.js';
import { flatTape, type FlatTape } from '../core/flat-tape.js';

/**
 * The graph as parallel arrays, indexed by topological position: the one flat tape (its order and
 * operand positions: `pb` is -1 where `cst` holds a folded constant, if the op has one) with what
 * compile() adds to it.
 */
export interface Tape extends FlatTape<Value> {
  readonly code: Uint8Array;
  readonly cst: Float64Array;
  /** Indices of the leaves, and the leaves. */
  readonly leafIndex: Int32Array;
  readonly leaves: readonly Value[];
  /** Custom ops by node index: they call back into user code. */
  readonly customs: ReadonlyMap<number, CustomNode>;
}

const FROZEN_MESSAGE =
  'the graph holds a value fixed when it was built (a detach()ed Value, a Value made inside noGrad(), the slope of a kink of relu, abs, max or min in a gradients() graph, or the branch of pow\'s derivative for a Value exponent there), ' +
  'which run() could not recompute from the leaves; rebuild the graph instead, or make that value a leaf of its own (new Value(x.data)) and set its data before each run';

const REFUSAL = /* @__PURE__ */ Symbol('memograd.compileRefusal');

/** Marks `e` as compile()'s refusal of a graph run() could not replay (see `isRefusal`). */
function refusal<E extends Error>(e: E): E {
  Object.defineProperty(e, REFUSAL, { value: true });
  return e;
}

/**
 * @internal Whether compile() threw `e` because it refuses the graph (a value fixed at build time,
 * a custom op's derivative without derivativeValues), not because of a bad argument or a fault:
 * the Trainer then takes the dynamic path.
 */
export function isRefusal(e: unknown): boolean {
  return e instanceof Error && (e as Error & { [REFUSAL]?: true })[REFUSAL] === true;
}

/** Flattens the graph below `output` into a `Tape`, refusing what run() could not recompute. */
export function flatten(output: Value): Tape {
  // Stryker disable next-line ArrayDeclaration: collect() writes nodes[0..n) over whatever the array starts with, and n >= 1
  const { nodes, length: n, pa, pb } = flatTape<Value>(output, []);
  const code = new Uint8Array(n);
  const cst = new Float64Array(n);
  const leafIdx: number[] = [];
  const customs = new Map<number, CustomNode>();
  for (let i = 0; i < n; i++) {
    const v = nodes[i] as Value;
    code[i] = v._code;
    if (v._code === OP.OPAQUE) {
      throw refusal(new RangeError(`compile: the graph holds the derivative of custom op '${(v._a as CustomNode)._spec.name}' without derivativeValues, which cannot be recomputed`));
    }
    // Stryker disable next-line ConditionalExpression: customs is read only at custom ops' indices, so extra entries change nothing
    if (v._code === OP.CUSTOM) customs.set(i, v as CustomNode);
    if (v._code === OP.FROZEN) throw refusal(new Error(`compile: ${FROZEN_MESSAGE}${v.label === '' ? '' : ` (label '${v.label}')`}`));
    if (v._a === null) {
      leafIdx.push(i);
      continue;
    }
    const b = v._b;
    // Stryker disable next-line ConditionalExpression: a Value or null written here is NaN or 0 in cst, which is read only where pb is -1 and the op folds a constant
    if (typeof b === 'number') cst[i] = b;
  }
  return { length: n, nodes, pa, pb, code, cst, leafIndex: Int32Array.from(leafIdx), leaves: leafIdx.map((i) => nodes[i] as Value), customs };
}
