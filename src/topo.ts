/**
 * The graph walk shared by `backward()`, the DOT exporter and the compiled path.
 *
 * It knows nothing of `Value`: only that a node has up to two parents in `_a` and `_b`
 * (a number in `_b` is a constant folded into the op, not a parent; a leaf has `_a === null`)
 * and a scratch integer `_i`. That keeps this module pure and free of import cycles.
 */

/** The shape of a graph node, as the walk sees it. */
export interface GraphNode {
  readonly _a: GraphNode | null;
  readonly _b: GraphNode | number | null;
  /** Scratch: the node's position in the order being built. */
  _i: number;
}

/**
 * Every node reachable from `root`, each once, parents before children (so `root` is last).
 *
 * @example
 * topologicalOrder(y).map((n) => n.op) // leaves first, y's op last
 */
export function topologicalOrder<N extends GraphNode>(root: N): N[] {
  const order: N[] = [];
  collect(root, order, true);
  return order;
}

// Reused across walks: growing a fresh stack each time costs more than the walk itself.
// Nothing in a walk calls user code, so no walk can start while another is running.
const stack: GraphNode[] = [];
// Sits on the stack above a node whose parents have been pushed: when it surfaces, the
// parents are done and the node can be emitted.
const DONE: GraphNode = { _a: null, _b: null, _i: -1 };

/**
 * Writes the nodes reachable from `root` into `order[0..count)` in topological order (parents
 * first) and returns the count; with `withLeaves` false, leaves are neither walked nor written.
 * Each emitted node's `_i` is set to its position.
 *
 * Iterative depth-first post-order: no recursion, so a chain of millions of nodes walks at the
 * default stack size. Emitted nodes are recognised without a Set or an epoch counter by the
 * sparse-set test `order[n._i] === n`: a stale `_i` left by another walk points at another node.
 */
export function collect<N extends GraphNode>(root: N, order: N[], withLeaves: boolean): number {
  if (root._a === null && !withLeaves) return 0;
  let len = 0;
  let top = 0;
  let high = 0;
  stack[0] = root;
  while (top >= 0) {
    const n = stack[top] as N;
    if (n === DONE) {
      const m = stack[top - 1] as N;
      top -= 2;
      m._i = len;
      order[len++] = m;
      continue;
    }
    const i = n._i;
    if (i < len && order[i] === n) {
      top--;
      continue;
    }
    stack[++top] = DONE;
    // Push _b below _a so that _a is walked first: the order then follows how the graph was written.
    const b = n._b;
    if (b !== null && typeof b === 'object' && (withLeaves || b._a !== null)) {
      const j = b._i;
      if (!(j < len && order[j] === b)) stack[++top] = b;
    }
    const a = n._a;
    if (a !== null && (withLeaves || a._a !== null)) {
      const j = a._i;
      if (!(j < len && order[j] === a)) stack[++top] = a;
    }
    if (top > high) high = top;
  }
  release(stack, high + 1);
  return len;
}

/**
 * Drops the references a scratch array holds in `[0, used)`, so a finished graph can be collected;
 * a very large array is let go entirely rather than kept at its peak size.
 */
export function release(scratch: unknown[], used: number): void {
  if (scratch.length > 1 << 16) scratch.length = 0;
  else scratch.fill(undefined, 0, used);
}
