import { Value, OP, type CustomNode } from '../value.js';
import { collect, positionOf } from '../topo.js';

/** The graph as parallel arrays, indexed by topological position. */
export interface Tape {
  readonly nodes: readonly Value[];
  readonly code: Uint8Array;
  /** Index of the first parent, or -1. */
  readonly pa: Int32Array;
  /** Index of the second parent, or -1 (then `cst` holds a folded constant, if the op has one). */
  readonly pb: Int32Array;
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

/** Flattens the graph below `output` into a `Tape`, refusing what run() could not recompute. */
export function flatten(output: Value): Tape {
  // Stryker disable next-line ArrayDeclaration: collect() writes nodes[0..n) over whatever the array starts with, and n >= 1
  const nodes: Value[] = [];
  const n = collect(output, nodes);
  const code = new Uint8Array(n);
  const pa = new Int32Array(n).fill(-1);
  const pb = new Int32Array(n).fill(-1);
  const cst = new Float64Array(n);
  const leafIdx: number[] = [];
  const customs = new Map<number, CustomNode>();
  for (let i = 0; i < n; i++) {
    const v = nodes[i] as Value;
    code[i] = v._code;
    if (v._code === OP.OPAQUE) {
      throw new RangeError(`compile: the graph holds the derivative of custom op '${(v._a as CustomNode)._spec.name}' without derivativeValues, which cannot be recomputed`);
    }
    // Stryker disable next-line ConditionalExpression: customs is read only at custom ops' indices, so extra entries change nothing
    if (v._code === OP.CUSTOM) customs.set(i, v as CustomNode);
    if (v._code === OP.FROZEN) throw new Error(`compile: ${FROZEN_MESSAGE}${v.label === '' ? '' : ` (label '${v.label}')`}`);
    if (v._a === null) {
      leafIdx.push(i);
      continue;
    }
    pa[i] = positionOf(v._a);
    const b = v._b;
    if (typeof b === 'number') cst[i] = b;
    else if (b !== null) pb[i] = positionOf(b);
  }
  return { nodes, code, pa, pb, cst, leafIndex: Int32Array.from(leafIdx), leaves: leafIdx.map((i) => nodes[i] as Value), customs };
}
