import { Value, OP, hasNoEdge, localA, localB, opaqueMessage } from '../core/value.js';
import { newId, positionIn, positionOf, release, type GraphNode } from '../core/topo.js';
import { flatTape } from '../core/flat-tape.js';

/**
 * @internal A recorded evaluation reduced to what the chain rule needs: for each node, the
 * positions of its parents and the local derivative along each edge, read from the same table
 * `backward()` multiplies by (`localA`, `localB` in value.ts). Forward mode sweeps it parents
 * first, pushing a tangent along each edge; reverse mode sweeps it children first, pulling a
 * cotangent back. The Values themselves are not kept, so a pullback that is called later holds
 * typed arrays (24 bytes a node, and 9 more of scratch for a sweep), not the graph.
 *
 * A node that does not depend on a seeded input (forward) or reach a seeded output (reverse) is
 * a structural zero: nothing is multiplied along its edges, as `backward()` never visits a node
 * the root does not depend on. Otherwise an infinite local derivative times a zero tangent would
 * make NaN out of an edge that is not on any path (sqrt'(0) = Infinity under a constant).
 */
export class LinearTape {
  /** Nodes recorded, and one bookkeeping entry per output when there are two or more (one when there are none: see `joined`). */
  readonly length: number;
  /** Position of each node's first parent; -1 for a leaf. */
  private readonly pa: Int32Array;
  /** Position of each node's second parent; -1 if it has none, OPAQUE_EDGE if its derivative refuses, NO_EDGE for stopGradient. */
  private readonly pb: Int32Array;
  private readonly da: Float64Array;
  private readonly db: Float64Array;
  /** Position of each input; -1 if the function never used it. */
  private readonly inputAt: Int32Array;
  private readonly outputAt: Int32Array;
  /** The error message of each node whose derivative cannot be taken (a custom op's opaque derivative). */
  private readonly opaque: Map<number, string>;
  private value: Float64Array;
  private active: Uint8Array;

  /** Records the graph from `inputs` to `outputs`; run it straight after the graph is built, before other user code. */
  constructor(caller: string, inputs: readonly Value[], outputs: readonly Value[]) {
    const order = scratchOrder;
    // The one flat tape of the graph (its own position arrays, which this tape keeps).
    const { length: len, pa, pb } = flatTape(joined(outputs), order);
    try {
      this.length = len;
      this.pa = pa;
      this.pb = pb;
      this.da = new Float64Array(len);
      this.db = new Float64Array(len);
      this.opaque = new Map();
      for (let i = 0; i < len; i++) {
        const n = order[i] as Value;
        // The bookkeeping nodes above the outputs are recorded as leaves.
        if (!(n instanceof Value)) {
          pa[i] = -1;
          // Stryker disable next-line UnaryOperator: a leaf's pb is never read: both sweeps skip a node whose pa is -1 first
          pb[i] = -1;
        }
        if (pa[i] === -1) continue;
        const b = n._b;
        if (hasNoEdge(n)) {
          this.pb[i] = NO_EDGE;
          continue;
        }
        if (n._code === OP.OPAQUE) {
          this.pb[i] = OPAQUE_EDGE;
          this.opaque.set(i, `${caller}: ${opaqueMessage(n)}`);
          continue;
        }
        this.da[i] = localA(n);
        if (b !== null && typeof b === 'object') this.db[i] = localB(n, b);
      }
      this.inputAt = Int32Array.from(inputs, (x) => positionIn(x, order, len));
      this.outputAt = Int32Array.from(outputs, (y) => positionOf(y));
    } finally {
      release(order, len);
    }
    this.value = new Float64Array(len);
    this.active = new Uint8Array(len);
  }

  /** How many inputs and outputs were recorded. */
  get inputs(): number {
    return this.inputAt.length;
  }
  get outputs(): number {
    return this.outputAt.length;
  }

  /**
   * Forward mode: the output tangents J·v for input tangents `v`, in one sweep parents first;
   * an input whose tangent is exactly 0 is not seeded. Returns the multiplications made (one per
   * edge carrying a tangent).
   */
  pushForward(v: ArrayLike<number>, into: number[]): number {
    const { pa, pb, da, db } = this;
    const t = this.value;
    const on = this.active;
    t.fill(0);
    on.fill(0);
    // Stryker disable next-line EqualityOperator: at k = length, at is undefined and t[undefined], on[undefined] are properties no index read sees (the >= twin is killed by the jvp tests)
    for (let k = 0; k < this.inputAt.length; k++) {
      const at = this.inputAt[k] as number;
      const vk = v[k] as number;
      if (
        // Stryker disable next-line ConditionalExpression: at < 0 as false writes t[-1] and on[-1], which a typed array ignores (this line also starts the whole condition, whose true and false twins the jvp tests kill)
        at < 0 ||
        vk === 0
      ) continue;
      t[at] = vk;
      on[at] = 1;
    }
    let multiplications = 0;
    // Stryker disable next-line EqualityOperator: at i = length, pa[length] is undefined, no operand is on, and the step continues (the >= twin is killed by the jvp tests)
    for (let i = 0; i < this.length; i++) {
      const a = pa[i] as number;
      // Stryker disable next-line ConditionalExpression: false lets a leaf through to the checks below, where on[-1] is undefined, so it continues there (the true twin is killed by the jvp tests)
      if (a < 0) continue;
      const b = pb[i] as number;
      // stopGradient: no tangent flows through it (not 0 × t, NaN for an infinite t): a structural zero.
      if (b === NO_EDGE) continue;
      const onA = on[a] === 1;
      const onB =
        // Stryker disable next-line ConditionalExpression: b >= 0 as true reads on[-1] or on[-2], undefined, so onB is false either way (this line also starts the whole condition, whose true and false twins the jvp tests kill)
        b >= 0 &&
        on[b] === 1;
      if (b === OPAQUE_EDGE && onA) throw new Error(this.opaque.get(i));
      if (onA && onB) {
        t[i] = (da[i] as number) * (t[a] as number) + (db[i] as number) * (t[b] as number);
        multiplications += 2;
      } else if (onA) {
        t[i] = (da[i] as number) * (t[a] as number);
        multiplications += 1;
      } else if (onB) {
        t[i] = (db[i] as number) * (t[b] as number);
        multiplications += 1;
      } else continue;
      on[i] = 1;
    }
    into.length = this.outputAt.length;
    for (let k = 0; k < this.outputAt.length; k++) {
      const at = this.outputAt[k] as number;
      // An output no seeded input reaches was never written: it holds the +0 the sweep started from.
      into[k] = t[at] as number;
    }
    return multiplications;
  }

  /**
   * Reverse mode: the input cotangents cᵀ·J for output cotangents `c`, in one sweep children
   * first, summing into each node from +0 as `backward()` does; an output whose cotangent is
   * exactly 0 is not seeded. Returns the multiplications made (one per edge carrying a cotangent).
   */
  pullBack(c: ArrayLike<number>, into: number[]): number {
    const { pa, pb, da, db } = this;
    const g = this.value;
    const on = this.active;
    g.fill(0);
    on.fill(0);
    // Stryker disable next-line EqualityOperator: at k = length, at is undefined and g[undefined], on[undefined] are properties no index read sees (the >= twin is killed by vjp.test.ts's pullback against cᵀJ)
    for (let k = 0; k < this.outputAt.length; k++) {
      const at = this.outputAt[k] as number;
      const ck = c[k] as number;
      if (ck === 0) continue;
      g[at] = (g[at] as number) + ck;
      on[at] = 1;
    }
    let multiplications = 0;
    // Stryker disable next-line ArithmeticOperator,EqualityOperator: starting at length + 1 reads pa and on past their ends (undefined), so those steps continue; i > 0 skips position 0, always a leaf (the walk puts every node after its parents), which the sweep skips anyway (the i < 0 twin is killed by vjp.test.ts's pullback against cᵀJ)
    for (let i = this.length - 1; i >= 0; i--) {
      const a = pa[i] as number;
      if (a < 0 || on[i] !== 1) continue;
      const b = pb[i] as number;
      if (b === OPAQUE_EDGE) throw new Error(this.opaque.get(i));
      if (b === NO_EDGE) {
        // stopGradient: its operand is reached, as backward() reaches it, and gets nothing (not g × 0).
        on[a] = 1;
        continue;
      }
      const gi = g[i] as number;
      g[a] = (g[a] as number) + gi * (da[i] as number);
      on[a] = 1;
      multiplications += 1;
      if (b >= 0) {
        g[b] = (g[b] as number) + gi * (db[i] as number);
        on[b] = 1;
        multiplications += 1;
      }
    }
    into.length = this.inputAt.length;
    for (let k = 0; k < this.inputAt.length; k++) {
      const at = this.inputAt[k] as number;
      into[k] = at >= 0 ? (g[at] as number) : 0;
    }
    return multiplications;
  }
}

// The nodes of the current recording, reused across tapes as backward() reuses its own: growing
// a fresh array to a million entries costs more than the walk.
// Stryker disable next-line ArrayDeclaration: an entry left in it is overwritten, as the walk writes positions 0 to length - 1 (at least 1) before any is read
const scratchOrder: GraphNode[] = [];

/** Marks, in the second-parent column, a node whose local derivative throws when a derivative reaches it. */
const OPAQUE_EDGE = -2;
/** Marks, in the second-parent column, a node with no derivative edge (stopGradient): nothing flows along it either way. */
const NO_EDGE = -3;

/**
 * @internal One root above all the outputs, so that one walk orders them all: a chain of
 * bookkeeping nodes, each holding an output as its first parent. They are not Values, and
 * the tape records them as leaves, which nothing ever seeds.
 */
export function joined(outputs: readonly Value[]): GraphNode {
  if (outputs.length === 1) return outputs[0] as Value;
  let root: GraphNode | null = null;
  for (const y of outputs) root = { _a: y, _b: root, _i: newId() };
  return root ?? { _a: null, _b: null, _i: 0 };
}
