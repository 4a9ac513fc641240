/**
 * The graph walk shared by `backward()` and `topologicalOrder()` (and every later reader of a graph).
 *
 * It knows nothing of `Value`: only that a node has up to two parents in `_a` and `_b`
 * (a number in `_b` is a constant folded into the op, not a parent; a leaf has `_a === null`)
 * and a scratch integer `_i`. That keeps this module pure and free of import cycles.
 */

/** @internal The shape of a graph node, as the walk sees it. */
export interface GraphNode {
  readonly _a: GraphNode | null;
  readonly _b: GraphNode | number | null;
  /** Scratch: the node's position in the order being built. */
  _i: number;
}

// Sits on the stack above a node whose parents have been pushed: when it surfaces, the
// parents are done and the node can be emitted.
const DONE: GraphNode = { _a: null, _b: null, _i: -1 };
// A walk starts on a fresh stack (see collect) and moves here once that stack outgrows what V8
// allocates young: growing a fresh array of millions of entries costs more than the write barrier.
const DEEP = 1 << 14;
const deep: GraphNode[] = [];

/**
 * @internal Writes the nodes reachable from `root` into `order[0..count)` in topological order (parents
 * first) and returns the count. Each emitted node's `_i` is set to its position.
 *
 * Iterative depth-first post-order: no recursion, so a chain of millions of nodes walks at the
 * default stack size. Emitted nodes are recognised without a Set or an epoch counter by the
 * sparse-set test `order[n._i] === n`: a stale `_i` left by another walk points at another node.
 */
export function collect<N extends GraphNode>(root: N, order: N[]): number {
  // A fresh stack per walk, not a long-lived one: storing young nodes into an array in V8's old
  // space records each store in the remembered set, which cost more than the walk itself.
  let stack: GraphNode[] = [root];
  let len = 0;
  let top = 0;
  let high = 0;
  while (top >= 0) {
    const n = stack[top] as N;
    if (n === DONE) {
      const m = stack[top - 1] as N;
      top -= 2;
      m._i = len;
      order[len++] = m;
      continue;
    }
    if (emitted(order, len, n)) {
      top--;
      continue;
    }
    stack[++top] = DONE;
    // A leaf parent has nothing to wait for, so it is emitted at once (a before b); inner
    // parents are pushed, b below a, so that a's subgraph is walked first.
    const a = n._a as N | null;
    const b = n._b;
    if (a !== null && a._a === null && !emitted(order, len, a)) {
      a._i = len;
      order[len++] = a;
    }
    if (b !== null && typeof b === 'object' && !emitted(order, len, b as N)) {
      if (b._a === null) {
        b._i = len;
        order[len++] = b as N;
      } else stack[++top] = b;
    }
    // Stryker disable next-line ConditionalExpression: a parent pushed though already emitted (a leaf parent is, just above) is popped and skipped at once
    if (a !== null && a._a !== null && !emitted(order, len, a)) stack[++top] = a;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: high only bounds how much of the shared stack release() clears and when a walk moves to it, which changes no result
    if (top > high) {
      high = top;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: when (or whether) a walk moves to the shared stack changes its speed, not its order
      if (high >= DEEP && stack !== deep) {
        for (let i = 0; i <= top; i++) deep[i] = stack[i] as GraphNode;
        stack = deep;
      }
    }
  }
  // Stryker disable next-line ConditionalExpression: true only clears slots of the shared stack that are already clear; false (which the leak test in topological-order.test.ts catches) is ignored with it
  if (stack === deep) release(deep, high + 1);
  return len;
}

function emitted<N extends GraphNode>(order: readonly N[], len: number, n: N): boolean {
  const i = n._i;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: order holds nothing at or past len (a walk writes below len, release() clears it), so i < len only saves a read
  return i < len && order[i] === n;
}

/**
 * @internal Drops the references a scratch array holds in `[0, used)`, so a finished graph can be collected.
 * The capacity is kept for the next walk (regrowing it costs more than the walk), unless it is
 * both large and far beyond what this walk used.
 */
export function release(scratch: unknown[], used: number): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: both branches drop the references; the test only decides whether the capacity is kept
  if (scratch.length > 1 << 16 && scratch.length > 4 * used) scratch.length = 0;
  else scratch.fill(undefined, 0, used);
}
