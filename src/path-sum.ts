import { Value, localGradients } from './value.js';
import { topologicalOrder } from './topological-order.js';
import { describeOperand } from './describe.js';

/** Options for `pathSumGradient`. */
export interface PathSumOptions {
  /** Give up with a RangeError once more than this many paths are found (default 1e7). */
  readonly maxPaths?: number;
}

/** The derivative found by `pathSumGradient`, with the work it took. */
export interface PathSumResult {
  /** d output / d input. */
  readonly gradient: number;
  /** How many distinct paths lead from output down to input (a doubly used parent counts twice). */
  readonly paths: number;
  /** How many multiplications of local derivatives the enumeration performed. */
  readonly multiplications: number;
}

const DEFAULT_MAX_PATHS = 1e7;

/**
 * d output / d input as the sum, over every path from `output` down to `input`, of the product
 * of the local derivatives along it: the chain rule without dynamic programming, to show the
 * exponential cost that `backward()` avoids.
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
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`pathSumGradient: options must be an object, got ${describeOperand(options)}`);
  }
  const maxPaths = checkMaxPaths(options.maxPaths);
  const edges = edgesToward(output, input);

  let gradient = 0;
  let paths = 0;
  let multiplications = 0;
  // Depth-first, one stack entry per partial path: the product so far travels with the node, so
  // a path shares the multiplications of its prefix with its siblings but nothing is memoised
  // per node. An explicit stack, because a recursive walk would overflow on a deep chain.
  const nodes: Value[] = [];
  const products: number[] = [];
  if (edges.has(output)) {
    nodes.push(output);
    products.push(1);
  }
  while (nodes.length > 0) {
    const n = nodes.pop() as Value;
    const product = products.pop() as number;
    if (n === input) {
      gradient += product;
      paths++;
      if (paths > maxPaths) {
        throw new RangeError(
          `pathSumGradient: reached ${paths} paths from output to input, more than maxPaths = ${maxPaths}; ` +
            'the count grows exponentially with shared subexpressions (backward() does not)',
        );
      }
      continue;
    }
    // A parent used twice (`x.mul(x)`) is listed twice: two edges, so two separate paths.
    const out = edges.get(n) as NodeEdges;
    for (let i = 0; i < out.parents.length; i++) {
      nodes.push(out.parents[i] as Value);
      products.push(product * (out.locals[i] as number));
      multiplications++;
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
 * Pruning is only reachability: without it the walk would also enumerate every path to every
 * other leaf, and a graph with few paths to `input` could still take exponential time. The local
 * derivatives are read once per node here rather than on every visit of the exponential walk.
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
