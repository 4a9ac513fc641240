/**
 * The graph walk shared by `backward()`, `compile()`, `topologicalOrder()` and the pictures.
 *
 * It knows nothing of `Value`: only that a node has up to two parents in `_a` and `_b`
 * (a number in `_b` is a constant folded into the op, not a parent; a leaf has `_a === null`)
 * and an integer `_i`. That keeps this module pure and free of import cycles.
 *
 * Every inner node takes a creation id from `newId()` when it is made, and a parent is always made
 * before its child, so creation order is already a topological order: the walk needs no
 * depth-first search. It goes down from the root by offset (the root's id minus the node's), in
 * one pass over the offsets: a node's parents are marked at their offsets when the node is
 * reached, and every child of a node has a smaller offset, so a node is complete when the pass
 * comes to it. Marks are numbers in a typed array, which V8 stores without a write barrier; the
 * nodes themselves wait in a small young ring when their child is near (most are) and in a
 * long-lived array otherwise. Leaves are not ordered at all (they have no parents): they get a
 * slot in a list of their own, and their `_i` is that slot.
 *
 * Where ids cannot order the graph (an inner node made long before the rest, so the offsets span
 * far more than the nodes; or ids that wrapped past 2^30 onto each other), the walk falls back to
 * a search that finds the same order by sorting, or, if ids contradict the edges, a depth-first one.
 */

/** @internal The shape of a graph node, as the walk sees it. */
export interface GraphNode {
  readonly _a: GraphNode | null;
  readonly _b: GraphNode | number | null;
  /** An inner node's creation id (see `newId`); a leaf's slot in the last walk that reached it. */
  _i: number;
}

// Ids stay below 2^30, so they are small integers (Smis) in every engine, and an id field never
// becomes a boxed double: they wrap, and the offsets are computed modulo 2^30.
const ID_MASK = 0x3fffffff;
let nextId = 0;

/**
 * @internal How many times ids wrapped past 2^30, or were set (by `setNextId`): after either, a new
 * node may share an old one's id (backward()'s marks, in value.ts, are then turned off for good).
 */
export let idWraps = 0;

/** @internal The next creation id (modulo 2^30), for a new inner node. */
export function newId(): number {
  const id = nextId;
  nextId = (nextId + 1) & ID_MASK;
  if (nextId === 0) idWraps++;
  return id;
}

/** @internal Sets where the id counter stands (tests use it to cross the wrap at 2^30). */
export function setNextId(id: number): void {
  nextId = id & ID_MASK;
  idWraps++;
}

// A node whose child is at most NEAR offsets away waits in a fresh ring of NEAR slots (young, so
// storing young nodes there costs no remembered-set entry); the others wait in `far`.
const NEAR = 1024;
const NEAR_MASK = NEAR - 1;
// An old inner node (made long before the rest of the graph) stretches the offsets far beyond the
// nodes: the pass would scan mostly empty offsets. It gives up, for the fallback search, once it
// has scanned more than SPREAD empty offsets per node taken (plus SLACK), or when a node lies
// beyond FARTHEST offsets (what the tables would take: 17 bytes per offset).
const SPREAD = 8;
const SLACK = 1 << 12;
const FARTHEST = 1 << 23;
// Nor does a walk mark a node further than its work so far warrants: SPREAD offsets per offset
// scanned and per node taken, plus REACH. Marking it would grow the tables to its offset, and a
// walk that then gives up clears them that far: a 3-node graph holding a node made 4,000,000 nodes
// earlier cost 5-60 ms a walk. A graph whose ids do order it but whose first nodes reach that far
// (a sum whose first term was made long before the rest) falls back once; the fallback then finds
// it dense and lets the next walks reach as far (see `trust`).
const REACH = 1 << 17;

/**
 * @internal The state of the walk by offsets. One walk runs at a time (walks call no user code).
 * `start` begins it; then for k from 0 while k < end: `take(k)` gives the node at offset k, or
 * undefined (then, if `sparse(k)`, the caller abandons and falls back); `reach(p, k)` marks an
 * inner parent and gives its offset, or -1 (ids cannot order this graph: abandon and fall back);
 * `leaf(p)` gives a leaf's slot. `finish` ends a walk that went to the end, `abandon` any other.
 */
export class Descent {
  /** The root's id. */
  hi = 0;
  /** One past the largest offset marked so far. */
  end = 0;
  /** Inner nodes taken so far. */
  count = 0;
  /** Subtrees the caller skipped so far (backward() under a zero gradient): their nodes leave offsets empty. */
  skipped = 0;
  /** The offsets this walk may mark without asking `extend` (never beyond the tables). */
  limit = 0;
  /** How far a walk may reach at once, learnt from a fallback that found a dense graph (0: nothing learnt). */
  trusted = 0;
  /** Per offset: 0 unmarked, 1 waiting in the ring, 2 waiting in `far`. */
  marks = new Uint8Array(1 << 12);
  /** A number per offset for the caller (backward's gradients), kept at 0 outside a walk. */
  values = new Float64Array(1 << 12);
  /** A number per leaf slot for the caller, set to 0 when the slot is given. */
  leafValues = new Float64Array(256);
  /** The leaves reached, by slot. */
  // Stryker disable next-line ArrayDeclaration: leaf() reads only slots below leafCount, each written earlier in the same walk
  readonly leaves: GraphNode[] = [];
  leafCount = 0;
  // Stryker disable next-line ArrayDeclaration: start() gives every walk a fresh ring before it is used
  private ring: (GraphNode | undefined)[] = [];
  // As long as `marks`, and filled, so that it never turns into a sparse (dictionary) array.
  // Stryker disable next-line ArrayDeclaration: an empty array reads undefined at every offset, as the filled one does: only whether V8 keeps it packed
  private far: (GraphNode | undefined)[] = new Array<GraphNode | undefined>(1 << 12).fill(undefined);

  /** Begins a walk from an inner `root` (false for a leaf: nothing to walk). */
  start(root: GraphNode): boolean {
    if (root._a === null) return false;
    this.hi = root._i;
    // Stryker disable next-line ArrayDeclaration: an empty ring reads undefined in every slot too: only whether it is allocated at its full size up front
    this.ring = new Array<GraphNode | undefined>(NEAR);
    this.ring[0] = root;
    this.marks[0] = 1;
    this.end = 1;
    this.count = 0;
    this.skipped = 0;
    this.leafCount = 0;
    this.limit = Math.min(this.marks.length, REACH);
    return true;
  }

  /** The node at offset k if it was reached (and unmarks it), else undefined. */
  take(k: number): GraphNode | undefined {
    const m = this.marks[k] as number;
    if (m === 0) return undefined;
    this.marks[k] = 0;
    this.count++;
    if (m === 1) {
      const n = this.ring[k & NEAR_MASK];
      this.ring[k & NEAR_MASK] = undefined;
      return n;
    }
    const n = this.far[k];
    this.far[k] = undefined;
    return n;
  }

  /**
   * Marks inner node `p`, a parent of the node at offset k, and returns its offset; -1 if ids
   * cannot order this graph: `p` would come at or before its child (ids wrapped), another node
   * holds its offset (ids wrapped onto each other), or it lies too far away (an old node).
   */
  reach(p: GraphNode, k: number): number {
    const at = (this.hi - p._i) & ID_MASK;
    if (at <= k) return -1;
    // Stryker disable next-line ConditionalExpression: extend() for an offset within the limit lets it through and only recomputes the limit: slower, same walk
    if (at >= this.limit && !this.extend(at, k)) return -1;
    const m = this.marks[at] as number;
    if (m === 0) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a node may always wait in far instead (memory only), and offsets up to k + NEAR fit the ring without sharing a slot (the always-ring twin is killed by the test of two far parents 1,024 offsets apart)
      if (at - k < NEAR) {
        this.ring[at & NEAR_MASK] = p;
        this.marks[at] = 1;
      } else {
        this.far[at] = p;
        this.marks[at] = 2;
      }
      if (at >= this.end) this.end = at + 1;
      return at;
    }
    return (m === 1 ? this.ring[at & NEAR_MASK] : this.far[at]) === p ? at : -1;
  }

  /**
   * Whether the pass, at an empty offset k, has scanned too many empty offsets for the nodes it
   * took: an old inner node stretches the offsets, and the caller should abandon and fall back.
   * Never after the caller skipped a subtree: the empty offsets are then mostly its nodes, which
   * nothing counts, and how far the walk scans is bounded by how far `reach` lets it mark.
   */
  sparse(k: number): boolean {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: only chooses between two walks that give the same order
    return this.skipped === 0 && k - this.count > SPREAD * this.count + SLACK;
  }

  /** Leaf `p`'s slot in this walk, given at its first call (with `leafValues` at 0). */
  leaf(p: GraphNode): number {
    const i = p._i;
    if (
      // Stryker disable next-line ConditionalExpression,EqualityOperator: `true` and `<=`: finish() left every slot from leafCount on empty, so leaves[i] is p only below leafCount (the `false` and `>=` twins, a new slot at every visit, are killed by the tests)
      i < this.leafCount &&
      this.leaves[i] === p
    ) {
      return i;
    }
    const j = this.leafCount++;
    p._i = j;
    this.leaves[j] = p;
    if (j >= this.leafValues.length) {
      const grown = new Float64Array(2 * this.leafValues.length);
      grown.set(this.leafValues);
      this.leafValues = grown;
    }
    this.leafValues[j] = 0;
    return j;
  }

  /** Ends a walk that went to the end: the leaves are let go (`values` is back to 0 if the caller zeroed what it took). */
  finish(): void {
    walkStats.slots += this.end;
    release(this.leaves, this.leafCount);
    // Stryker disable next-line ArrayDeclaration: start() gives the next walk a fresh ring; this only lets the last one go
    this.ring = [];
    this.shrink();
  }

  /** Ends a walk cut short (a -1 from `reach`, or a throw): every mark, node and value is cleared. */
  abandon(): void {
    walkStats.slots += this.end;
    this.marks.fill(0, 0, this.end);
    this.values.fill(0, 0, this.end);
    this.far.fill(undefined, 0, this.end);
    // What a fallback taught may not hold for the graphs that follow: a walk that gave up forgets it.
    this.trusted = 0;
    this.finish();
  }

  /** Lets the pass at offset k mark offset `at`, if its work so far warrants it (see REACH), growing the tables; false if not. */
  private extend(at: number, k: number): boolean {
    // Stryker disable next-line EqualityOperator,ConditionalExpression,BooleanLiteral: beyond FARTHEST the next line refuses first (trusted stays below it; only a walk that has scanned a million offsets warrants more), and `true` without growing leaves marks[at] undefined, so reach() gives -1 all the same
    if (at >= FARTHEST) return false;
    // Stryker disable next-line ArithmeticOperator: how far a walk may reach only chooses between two walks that give the same order
    const warranted = Math.max(SPREAD * (k + this.count) + REACH, this.trusted);
    // Stryker disable next-line EqualityOperator: `>` only chooses between two walks that give the same order
    if (at >= warranted) return false;
    // Stryker disable next-line ConditionalExpression: growing tables that are long enough already is memory only
    if (at >= this.marks.length) this.grow(at);
    this.limit = Math.min(warranted, this.marks.length);
    return true;
  }

  /** @internal Lets the next walks reach `offsets` far at once (a fallback found a graph that dense). */
  trust(offsets: number): void {
    // Stryker disable next-line EqualityOperator,ConditionalExpression: trusting FARTHEST or more changes nothing, extend() refuses such offsets first
    if (offsets < FARTHEST) this.trusted = Math.max(this.trusted, offsets);
  }

  private grow(at: number): void {
    const size = Math.max(at + 1, this.marks.length + (this.marks.length >> 1));
    walkStats.slots += size;
    const marks = new Uint8Array(size);
    marks.set(this.marks);
    this.marks = marks;
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
    const far = this.far;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: far is kept as long as marks only so that V8 keeps it packed; a shorter or longer one reads undefined where nothing waits all the same (`true` never ends, which Stryker would count as a timeout)
    for (let i = far.length; i < size; i++) far.push(undefined);
  }

  // Stryker disable next-line BlockStatement: whether the arrays shrink is memory only
  private shrink(): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator,BlockStatement: whether the arrays shrink is memory only
    if (this.marks.length > 1 << 16 && this.marks.length > 4 * this.end) {
      this.marks = new Uint8Array(1 << 12);
      this.values = new Float64Array(1 << 12);
      // Stryker disable next-line ArrayDeclaration: an empty array reads undefined at every offset, as the filled one does: only whether V8 keeps it packed
      this.far = new Array<GraphNode | undefined>(1 << 12).fill(undefined);
    }
  }
}

/**
 * @internal How often a walk fell back to the search, and how many table slots and nodes the walks
 * touched (offsets scanned, allocated or cleared; nodes the fallback visited): tests check which
 * walk ran, and that a walk's cost follows its graph's size, not its nodes' age.
 */
export const walkStats = { fallbacks: 0, slots: 0 };

/** @internal The one walk by offsets (backward() drives it directly; collect() below uses it too). */
export const descent = new Descent();

// Where collect() left each inner node: by offset from `posHi` (the ids walk), or in `posMap` (the fallback).
let posAt = new Int32Array(1 << 12);
let posHi = 0;
let posMap: Map<GraphNode, number> | null = null;

/**
 * @internal Writes the nodes reachable from `root` into `order[0..count)` in topological order and
 * returns the count: the inner nodes in creation order, each leaf just before the first node that
 * uses it (first operand first). `positionOf` then gives each node's position, until the next walk.
 * `backward()` sweeps the inner nodes in the same order (newest first), so everything that sums
 * along this order (compile(), gradients(), backwardSteps()) sums as backward() does. With
 * `tryIds` false, it goes straight to the fallback search (a caller whose walk by ids just failed).
 */
export function collect<N extends GraphNode>(root: N, order: N[], tryIds = true): number {
  posMap = null;
  if (root._a === null) {
    root._i = 0;
    order[0] = root;
    return 1;
  }
  let inner = tryIds ? byIds(root) : -1;
  // Stryker disable next-line EqualityOperator: `<=`: byIds() takes at least the root, so inner is never 0 (the `>=` twin is killed by the tests)
  const nodes = inner < 0 ? byFallback(root) : innerScratch;
  // Stryker disable next-line EqualityOperator: `<=`: byIds() takes at least the root, so inner is never 0 (the `>=` twin is killed by the tests)
  if (inner < 0) inner = nodes.length;
  // (A cast: TypeScript does not see that byFallback() sets posMap.)
  const map = posMap as Map<GraphNode, number> | null;
  let len = 0;
  for (let i = inner - 1; i >= 0; i--) {
    const n = nodes[i] as N;
    const a = n._a as N;
    if (a._a === null && positionIn(a, order, len) < 0) {
      a._i = len;
      order[len++] = a;
    }
    const b = n._b;
    if (
      b !== null &&
      // Stryker disable next-line ConditionalExpression: a constant (a number) has no _a, so b._a === null already leaves it out
      typeof b === 'object' &&
      b._a === null &&
      positionIn(b, order, len) < 0
    ) {
      b._i = len;
      order[len++] = b as N;
    }
    if (map === null) posAt[(posHi - n._i) & ID_MASK] = len;
    else map.set(n, len);
    order[len++] = n;
  }
  // Stryker disable next-line ConditionalExpression: after the fallback innerScratch holds no node (byIds() released it, or did not run), so releasing it again changes nothing
  if (map === null) release(innerScratch, inner);
  return len;
}

/**
 * @internal The position `collect()` gave node `n` in its order, if `n` was reached: a caller that
 * asks about a node it did not reach checks `order[p] === n` (p may be stale or out of range).
 */
export function positionOf(n: GraphNode): number {
  if (n._a === null) return n._i;
  // Stryker disable next-line UnaryOperator: for a node the walk did not reach any position will do: every caller checks order[p] === n
  if (posMap !== null) return posMap.get(n) ?? -1;
  const at = (posHi - n._i) & ID_MASK;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: past the table the node was not reached, and -1, +1 or undefined all fail every caller's check order[p] === n (the `false` and `>=` twins, which lose reached nodes, are killed by the tests)
  return at < posAt.length ? (posAt[at] as number) : -1;
}

/** @internal Where `n` is in `order[0..len)`, the order the last `collect()` wrote, or -1 if that walk did not reach it. */
export function positionIn(n: GraphNode, order: readonly GraphNode[], len: number): number {
  const p = positionOf(n);
  // p is -1 for a node no walk has placed, and order[-1] is never n.
  return p < len && order[p] === n ? p : -1;
}

// The inner nodes collect() found by ids, newest first: long-lived, so collect() allocates nothing
// of graph size beyond the caller's order.
// Stryker disable next-line ArrayDeclaration: byIds() writes it from slot 0 and reads only what it wrote
const innerScratch: GraphNode[] = [];

/** Writes the inner nodes reachable from `root`, newest first, into innerScratch by the walk by offsets and returns their count; -1 if ids cannot order them. */
function byIds(root: GraphNode): number {
  const d = descent;
  d.start(root);
  const inner = innerScratch;
  let count = 0;
  let k = 0;
  // Stryker disable next-line EqualityOperator: `<=`: nothing is marked at offset end, so one more turn takes nothing, and the pass ends there either way (the `>=` twin is killed by the tests)
  for (; k < d.end; k++) {
    const n = d.take(k);
    if (n === undefined) {
      if (d.sparse(k)) break;
      continue;
    }
    inner[count++] = n;
    const a = n._a as GraphNode;
    // Stryker disable next-line EqualityOperator: `<= 0`: reach() gives -1 or an offset above k >= 0, never 0 (the `>= 0` twin is killed by the tests)
    if (a._a !== null && d.reach(a, k) < 0) break;
    const b = n._b;
    // Stryker disable next-line EqualityOperator: `<= 0`: reach() gives -1 or an offset above k >= 0, never 0 (the `>= 0` twin is killed by the tests)
    if (b !== null && typeof b === 'object' && b._a !== null && d.reach(b, k) < 0) break;
  }
  const end = d.end;
  if (k < end) {
    d.abandon();
    release(inner, count);
    return -1;
  }
  d.finish();
  posHi = root._i;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: memory only
  if (posAt.length < end || (posAt.length > 1 << 16 && posAt.length > 4 * end)) posAt = new Int32Array(Math.max(end, 1 << 12));
  return count;
}

/**
 * The inner nodes reachable from `root`, newest first, found without the offsets table: sorted by
 * offset (the order the walk by ids gives) when the offsets are distinct and agree with every edge,
 * else in reverse depth-first post-order (first operand first). Positions go to a Map.
 */
function byFallback(root: GraphNode): GraphNode[] {
  walkStats.fallbacks++;
  posMap = new Map();
  const seen = new Set<GraphNode>();
  const post: GraphNode[] = [];
  // Iterative depth-first post-order over inner nodes: [node, expanded] on a stack.
  const stack: GraphNode[] = [root];
  // Stryker disable next-line ArrayDeclaration: without the root's flag every flag sits one index lower (the root's at -1), and every read uses the same shift
  const expanded: boolean[] = [false];
  while (stack.length > 0) {
    const n = stack[stack.length - 1] as GraphNode;
    if (expanded[expanded.length - 1] === true) {
      stack.pop();
      expanded.pop();
      post.push(n);
      continue;
    }
    if (seen.has(n)) {
      stack.pop();
      expanded.pop();
      continue;
    }
    seen.add(n);
    expanded[expanded.length - 1] = true;
    const b = n._b;
    if (b !== null && typeof b === 'object' && b._a !== null && !seen.has(b)) {
      stack.push(b);
      expanded.push(false);
    }
    const a = n._a as GraphNode;
    if (a._a !== null && !seen.has(a)) {
      stack.push(a);
      expanded.push(false);
    }
  }
  const hi = root._i;
  const offset = (n: GraphNode) => (hi - n._i) & ID_MASK;
  walkStats.slots += post.length;
  const sorted = post.slice().sort((x, y) => offset(x) - offset(y));
  let agree = true;
  for (let i = 0; i < sorted.length && agree; i++) {
    const n = sorted[i] as GraphNode;
    if (i > 0 && offset(sorted[i - 1] as GraphNode) === offset(n)) agree = false;
    const a = n._a as GraphNode;
    // Stryker disable next-line EqualityOperator: `<`: a parent at its child's own offset is also a tie of neighbours in sorted, which the line above catches (the `>` twin is killed by the tests)
    if (a._a !== null && offset(a) <= offset(n)) agree = false;
    const b = n._b;
    // Stryker disable next-line EqualityOperator: `<`: a parent at its child's own offset is also a tie of neighbours in sorted, which the line above catches (the `>` twin is killed by the tests)
    if (b !== null && typeof b === 'object' && b._a !== null && offset(b) <= offset(n)) agree = false;
  }
  if (!agree) return post.reverse();
  // Ids order this graph; if it is dense (its offsets span no more than the walk by ids would scan
  // before giving up), the walk gave up only because its first nodes reached far: let the next
  // walks reach that far at once.
  const span = offset(sorted[sorted.length - 1] as GraphNode) + 1;
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: which graphs count as dense only chooses between two walks that give the same order
  if (span <= (SPREAD + 1) * sorted.length + SLACK) descent.trust(span);
  return sorted;
}

/**
 * @internal Drops the references a scratch array holds in `[0, used)`, so a finished graph can be collected.
 * The capacity is kept for the next walk (regrowing it costs more than the walk), unless it is
 * both large and far beyond what this walk used.
 */
// Stryker disable next-line BlockStatement: release() only lets the garbage collector reclaim a finished graph; walks never read past what they wrote
export function release(scratch: unknown[], used: number): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: both branches drop the references; the test only decides whether the capacity is kept
  if (scratch.length > 1 << 16 && scratch.length > 4 * used) scratch.length = 0;
  else scratch.fill(undefined, 0, used);
}
