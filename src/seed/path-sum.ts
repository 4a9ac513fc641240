import { Value, hasNoEdge, localGradients } from '../engine/core/value.js';
import { topologicalOrder } from '../engine/core/topological-order.js';
import { describeOperand } from '../engine/core/describe.js';
import { optionsObject } from '../engine/core/options-object.js';

/** Options for `pathSumGradient`. */
export interface PathSumOptions {
  /**
   * Give up with a RangeError on reaching path number `maxPaths + 1` (default 1e7), before
   * multiplying along it. The work done before that is at most `maxPaths` paths times their length.
   */
  readonly maxPaths?: number;
}

/** The derivative found by `pathSumGradient`, with the work it took. */
export interface PathSumResult {
  /** d output / d input. */
  readonly gradient: number;
  /** How many distinct paths lead from output down to input (a doubly used parent counts twice). */
  readonly paths: number;
  /**
   * How many multiplications of local derivatives the path products took: each path's product
   * is formed from scratch, starting from d output / d output = 1 as `backward()` does, so a
   * path of L edges costs L multiplications and the total is the sum of the paths' lengths.
   */
  readonly multiplications: number;
}

const DEFAULT_MAX_PATHS = 1e7;

/**
 * d output / d input as the sum, over every path from `output` down to `input`, of the product
 * of the local derivatives along it: the chain rule without dynamic programming, to show the
 * exponential cost that `backward()` avoids.
 *
 * Nothing is memoised: each complete path's product is computed from scratch, 1 × d1 × d2 × … × dL
 * for a path of L edges (L multiplications; on a chain, a graph that is one path, that is exactly
 * what `backward()` does, one multiplication per edge). No product of a shared prefix or suffix is kept
 * for another path, and no node keeps a gradient. The one thing computed ahead is plain
 * reachability: which edges lead to `input` at all, so that the walk does not wander down branches
 * that cannot reach it (that prunes paths to other leaves, not arithmetic on the paths counted).
 *
 * @example
 * const x = new Value(3);
 * pathSumGradient(x.mul(x), x); // { gradient: 6, paths: 2, multiplications: 2 }
 */
export function pathSumGradient(output: Value, input: Value, options: PathSumOptions = {}): PathSumResult {
  if (!(output instanceof Value)) {
    throw new TypeError(`pathSumGradient: output must be a Value, got ${describeOperand(output)}`);
  }
  if (!(input instanceof Value)) {
    throw new TypeError(`pathSumGradient: input must be a Value, got ${describeOperand(input)}`);
  }
  optionsObject(`pathSumGradient`, options);
  const maxPaths = checkMaxPaths(options.maxPaths);
  const edges = edgesToward(output, input);

  let gradient = 0;
  let paths = 0;
  let multiplications = 0;
  if (!edges.has(output)) return { gradient, paths, multiplications };

  // Depth-first enumeration of the paths with an explicit stack (a recursive walk would overflow
  // on a deep chain). The stack is the current path: `path[d]` is its d-th node, `next[d]` the
  // index of the edge of `path[d]` to try next, and `locals[d]` the local derivative of the edge
  // from `path[d]` to `path[d + 1]`. The stack holds derivatives, never partial products.
  const path: Value[] = [output];
  const next: number[] = [0];
  const locals: number[] = [];
  while (path.length > 0) {
    const depth = path.length - 1;
    const n = path[depth] as Value;
    if (n === input) {
      paths++;
      if (paths > maxPaths) {
        throw new RangeError(
          `pathSumGradient: reached ${paths} paths from output to input, more than maxPaths = ${maxPaths}; ` +
            'the count grows exponentially with shared subexpressions (backward() does not)',
        );
      }
      // The product along this path, from scratch: `depth` edges, `depth` multiplications.
      let product = 1;
      for (let i = 0; i < depth; i++) product *= locals[i] as number;
      multiplications += depth;
      // A path through stopGradient's edge carries nothing (not its product with 0: NaN under an
      // infinite factor), as backward() passes nothing along that edge; it is still a path.
      if (!path.some((n) => hasNoEdge(n))) gradient += product;
      path.pop();
      next.pop();
      locals.pop();
      continue;
    }
    // A parent used twice (`x.mul(x)`) is listed twice: two edges, so two separate paths.
    const out = edges.get(n) as NodeEdges;
    const i = next[depth] as number;
    if (i < out.parents.length) {
      next[depth] = i + 1;
      path.push(out.parents[i] as Value);
      next.push(0);
      locals.push(out.locals[i] as number);
    } else {
      path.pop();
      next.pop();
      locals.pop();
    }
  }
  return { gradient, paths, multiplications };
}

/** The edges of one node that lie on some path to the input, with their local derivatives. */
interface NodeEdges {
  readonly parents: readonly Value[];
  readonly locals: readonly number[];
}

/**
 * For each node from which `input` can be reached, its edges that keep `input` reachable.
 *
 * This is reachability, not memoisation of gradients: it records which edges lead to `input`,
 * never a product or a sum of derivatives. Without it the walk would also enumerate every path to
 * every other leaf, and a graph with few paths to `input` could still take exponential time. The
 * local derivatives are read once per node here (a lookup, not a multiplication) rather than on
 * every visit of the exponential walk.
 */
function edgesToward(output: Value, input: Value): Map<Value, NodeEdges> {
  const reaches = new Map<Value, NodeEdges>();
  // Parents come before children in this order, so a node's parents are settled when it is reached.
  for (const n of topologicalOrder(output)) {
    if (n === input) {
      reaches.set(n, { parents: [], locals: [] });
      continue;
    }
    const allParents = n.parents;
    if (allParents.length === 0) continue;
    const allLocals = localGradients(n);
    const parents: Value[] = [];
    const locals: number[] = [];
    allParents.forEach((p, i) => {
      if (reaches.has(p)) {
        parents.push(p);
        locals.push(allLocals[i] as number);
      }
    });
    if (parents.length > 0) reaches.set(n, { parents, locals });
  }
  return reaches;
}

function checkMaxPaths(x: unknown): number {
  if (x === undefined) return DEFAULT_MAX_PATHS;
  if (typeof x !== 'number') {
    throw new TypeError(`pathSumGradient: maxPaths must be a number, got ${describeOperand(x)}`);
  }
  if (!(x >= 0) || (x !== Infinity && !Number.isInteger(x))) {
    throw new RangeError(`pathSumGradient: maxPaths must be an integer >= 0 or Infinity, got ${x}`);
  }
  return x;
}
