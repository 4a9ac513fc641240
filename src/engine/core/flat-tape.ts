import { collect, positionOf, type GraphNode } from './topo.js';

/**
 * @internal A graph flattened once: the walk's order (collect()'s: parents before children, each
 * leaf just before its first user, so the reverse of it is backward()'s order) and, per node, the
 * positions of its operands. It is the one form every reader that sweeps a graph by position
 * reads: backward()'s reference sweep (the fallback and `checkFinite`), `backwardSteps()`, the
 * linear tape of `jvp`, `vjp` and `jacobian`, and `compile()`. Positions are the tape's own: a
 * reader keeps them across other walks, which rewrite the walk's scratch positions.
 */
export interface FlatTape<N extends GraphNode> {
  /** How many nodes the walk reached: `nodes[0..length)`, the root last. */
  readonly length: number;
  /** The nodes in the walk's order (the array passed in, written from 0). */
  readonly nodes: N[];
  /** The position of each node's first operand; -1 for a leaf. */
  readonly pa: Int32Array;
  /** The position of each node's second operand; -1 if it has none (a folded constant is not an operand). */
  readonly pb: Int32Array;
}

/**
 * @internal Walks the graph below `root` into `nodes` (see `collect`; `tryIds` false goes straight
 * to the fallback search) and records each node's operand positions. `reuse`, a tape this caller
 * made before, lends its position arrays where they are long enough (they may then be longer than
 * `length`): a caller that records on every call allocates nothing of graph size.
 */
// Stryker disable next-line BooleanLiteral: the fallback search gives the same order as the walk by ids: only speed differs
export function flatTape<N extends GraphNode>(root: N, nodes: N[], tryIds = true, reuse?: FlatTape<N>): FlatTape<N> {
  const length = collect(root, nodes, tryIds);
  const pa = reuse !== undefined && reuse.pa.length >= length ? reuse.pa : new Int32Array(length);
  const pb = reuse !== undefined && reuse.pb.length >= length ? reuse.pb : new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const n = nodes[i] as N;
    const a = n._a;
    const b = n._b;
    pa[i] = a === null ? -1 : positionOf(a);
    // A leaf's _b is null.
    pb[i] = b !== null && typeof b === 'object' ? positionOf(b) : -1;
  }
  return { length, nodes, pa, pb };
}
