import { Value, hasNoEdge, localGradients } from './value.js';
import { flatTape } from './flat-tape.js';
import { describeOperand } from './describe.js';

/** One edge of a `BackwardStep`: the node's gradient sent to one of its operands. */
export interface BackwardStepEdge {
  /** The operand (a parent in the graph) that receives a share of the gradient. */
  readonly parent: Value;
  /** d node / d parent at the forward values. */
  readonly local: number;
  /** gradient × local: what this edge adds to the parent's gradient (one multiplication); +0 for stopGradient's edge, which carries nothing. */
  readonly contribution: number;
  /** The parent's gradient so far, this contribution included. */
  readonly parentGradient: number;
}

/** One step of the backward sweep: one node, whose gradient is complete when its step comes. */
export interface BackwardStep {
  /** 0 for the root, then one more per node, in the order `backward()` visits them. */
  readonly index: number;
  /** The node whose gradient this step holds (read its `label`, `op` and `data`; its `grad` is not touched). */
  readonly node: Value;
  /** d root / d node: every node that uses this one came earlier, so nothing more will be added. */
  readonly gradient: number;
  /**
   * The node's gradient sent to each operand, in `backward()`'s order (a node used twice, as in
   * `x.mul(x)`, has two edges): the memoised gradient is read once per edge, never recomputed.
   */
  readonly edges: readonly BackwardStepEdge[];
  /** How many distinct paths lead from the root down to this node (a doubly used operand counts twice). */
  readonly paths: number;
  /**
   * The total length of those paths: the multiplications the path sum (`pathSumGradient`) spends to
   * find this node's gradient, each path's product formed from scratch.
   */
  readonly pathMultiplications: number;
  /** `backward()`'s multiplications so far, this step's included: one per edge. */
  readonly multiplications: number;
  /**
   * How many distinct paths lead from this node down to the leaves (1 for a leaf): the path sum,
   * finding every leaf's gradient, would recompute this node's gradient once for each of them.
   */
  readonly pathsBelow: number;
  /**
   * What the path sum would multiply to compute the same numbers as `multiplications` counts, this
   * step's included: each share sent down an edge, as the sum over every path from the root through
   * that edge of the path's product formed from scratch (one multiplication per edge of the path).
   * Never below `multiplications`, and the gap never shrinks from one step to the next.
   */
  readonly pathSumMultiplications: number;
}

/**
 * The backward sweep of `root.backward()` one node at a time, without touching any Value's
 * `grad`: each node with the gradient that reached it, each edge's local derivative and
 * contribution, and the path counts that show what memoising the gradients saves. The gradients
 * are the ones `backward()` computes, bit for bit (the same order of the same operations).
 *
 * @example
 * const x = new Value(3, 'x');
 * const y = x.mul(x).add(x);
 * for (const s of backwardSteps(y)) console.log(s.node.label || s.node.op, s.gradient, s.edges.length);
 * // '+' 1 2, then '*' 1 2, then 'x' 7 0
 */
export function backwardSteps(root: Value): Generator<BackwardStep, void, undefined> {
  // Checked here, not inside the generator, so that a bad root fails at the call, not at the first step.
  if (!(root instanceof Value)) throw new TypeError(`backwardSteps: root must be a Value, got ${describeOperand(root)}`);
  return sweep(root);
}

function* sweep(root: Value): Generator<BackwardStep, void, undefined> {
  // The one flat tape: its operand positions are its own, not the walk's scratch field, so the
  // caller may run other walks (even backward()) between two steps of this generator.
  // Stryker disable next-line ArrayDeclaration: collect() writes nodes[0..n) over whatever the array starts with, and n >= 1
  const { nodes: order, length: len, pa, pb } = flatTape<Value>(root, []);
  const grad = new Float64Array(len);
  const paths = new Float64Array(len);
  const lengths = new Float64Array(len);
  grad[len - 1] = 1;
  paths[len - 1] = 1;
  const below = pathsToLeaves(len, pa, pb);
  let multiplications = 0;
  let pathSumMultiplications = 0;
  for (let i = len - 1; i >= 0; i--) {
    const node = order[i] as Value;
    const gradient = grad[i] as number;
    const parents = node.parents;
    const locals = localGradients(node);
    // stopGradient's edge carries nothing, whatever the gradient (gradient × 0 would be NaN for an infinite one).
    const carries = !hasNoEdge(node);
    const edges: BackwardStepEdge[] = [];
    for (let e = 0; e < parents.length; e++) {
      const parent = parents[e] as Value;
      // parents is [first operand, second operand], as the tape's columns.
      const j = (e === 0 ? pa[i] : pb[i]) as number;
      const local = locals[e] as number;
      const contribution = carries ? gradient * local : 0;
      grad[j] = (grad[j] as number) + contribution;
      paths[j] = (paths[j] as number) + (paths[i] as number);
      // Every path to the parent through this edge is a path to the node plus one edge.
      lengths[j] = (lengths[j] as number) + (lengths[i] as number) + (paths[i] as number);
      edges.push(Object.freeze({ parent, local, contribution, parentGradient: grad[j] as number }));
    }
    multiplications += edges.length;
    // Each edge extends every path to the node by one edge: their lengths plus one multiplication each.
    pathSumMultiplications += edges.length * ((lengths[i] as number) + (paths[i] as number));
    yield Object.freeze({
      index: len - 1 - i,
      node,
      gradient,
      edges: Object.freeze(edges),
      paths: paths[i] as number,
      pathMultiplications: lengths[i] as number,
      multiplications,
      pathsBelow: below[i] as number,
      pathSumMultiplications,
    });
  }
}

/** For each node of the tape (inputs first), the number of paths from it down to a leaf. */
function pathsToLeaves(len: number, pa: Int32Array, pb: Int32Array): Float64Array {
  const below = new Float64Array(len);
  // Stryker disable next-line EqualityOperator: at i = len, below[len] is a write past the end, which a typed array ignores (the >= twin is killed by the pathsBelow tests)
  for (let i = 0; i < len; i++) {
    const a = pa[i] as number;
    const b = pb[i] as number;
    below[i] = a === -1 ? 1 : (below[a] as number) + (b === -1 ? 0 : (below[b] as number));
  }
  return below;
}
