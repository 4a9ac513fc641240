import { Value, type CustomNode } from '../core/value.js';
import { describeOperand } from '../core/describe.js';
import type { CompiledGraph, CompileStats, NodeReader } from './compiled-graph.js';
import { customSlopes } from './custom-ops.js';
import type { Tape } from './tape.js';

/** The Compiled object of either mode, over its value and gradient arrays and its two passes. */
export function makeCompiled(
  t: Tape,
  mode: 'generated' | 'interpreted',
  v: Float64Array,
  g: Float64Array,
  forwardPass: () => boolean,
  backwardPass: (skips: boolean) => number,
  stats: CompileStats = NO_STATS,
  passLeaves: ReadonlySet<number> = NO_LEAVES,
): CompiledGraph {
  return new Compiled(t, mode, v, g, forwardPass, backwardPass, stats, passLeaves);
}

const NO_LEAVES: ReadonlySet<number> = new Set();

const NO_STATS: CompileStats = Object.freeze({});

/** What the last pass computed: nothing yet, values (forward()), or values and gradients (run()). */
export const NO_PASS = 0, FORWARD = 1, RUN = 2;
/** One of NO_PASS, FORWARD and RUN. */
export type Pass = typeof NO_PASS | typeof FORWARD | typeof RUN;

/**
 * What every compiled mode keeps of its last pass, over a value and a gradient array by tape
 * position: the leaves read into v, the leaves' gradients added once, the output written, and
 * reader() and sync() over what the pass left in v and g. A mode whose fast pass leaves some
 * values out of v fills them in `beforeRead` and `beforeSync`.
 */
export abstract class PassKeeper implements CompiledGraph {
  abstract readonly mode: CompiledGraph['mode'];
  abstract readonly stats: CompileStats;
  readonly leaves: readonly Value[];
  readonly size: number;
  protected readonly nodes: readonly Value[];
  /** The leaves this class reads and adds gradients to, and their tape positions: all but the pass's own (see the constructor). */
  private readonly ioLeaves: readonly Value[];
  private readonly ioIndex: Int32Array;
  /** @internal How many leaves the passes read and add gradients to themselves (see the constructor), for the tests. */
  readonly _passLeaves: number;
  /** The output's tape position (the last). */
  protected readonly last: number;
  protected pass: Pass = NO_PASS;

  /**
   * `passLeaves` are the tape positions of leaves the passes read and add gradients to themselves
   * (the scan kernel's units' own leaves: reading each where it is used saves a pass over them);
   * the passes must still write their values into v, for reader().
   */
  constructor(
    t: Tape,
    protected readonly v: Float64Array,
    protected readonly g: Float64Array,
    passLeaves: ReadonlySet<number> = NO_LEAVES,
  ) {
    this.nodes = t.nodes;
    this.leaves = t.leaves;
    const io = Array.from(t.leafIndex).filter((i) => !passLeaves.has(i));
    this.ioIndex = Int32Array.from(io);
    this.ioLeaves = io.map((i) => t.nodes[i] as Value);
    this._passLeaves = t.leaves.length - io.length;
    this.size = t.nodes.length;
    this.last = t.nodes.length - 1;
  }

  abstract run(): number;
  abstract forward(): number;

  /** Starts a pass: reads every leaf's `.data` into v (but the pass's own leaves, which it reads itself). */
  protected readLeaves(): void {
    const { v, ioLeaves, ioIndex } = this;
    // Until this pass completes (a custom op may throw halfway), v holds no pass's values.
    this.pass = NO_PASS;
    // The fields behind `.data` and `.grad` (see Value): a leaf's reads and writes end no marks, and the accessors cost the tanh chain's interpreted run 3-8%.
    for (let k = 0; k < ioLeaves.length; k++) v[ioIndex[k] as number] = (ioLeaves[k] as Value)._d;
  }

  /** Writes the output's value from v into its Value, and returns it. */
  protected writeOutput(): number {
    const out = this.v[this.last] as number;
    (this.nodes[this.last] as Value).data = out;
    return out;
  }

  /**
   * Ends a run(): each leaf's gradient for this run is summed from zero in g, then added once if
   * not exactly 0, as backward() does (the pass's own leaves: by the pass).
   */
  protected endRun(): void {
    const { g, ioLeaves, ioIndex } = this;
    this.pass = RUN;
    for (let k = 0; k < ioLeaves.length; k++) {
      const x = g[ioIndex[k] as number] as number;
      // Adding +0 would only turn a -0 the user wrote into +0 (backward() adds nothing either).
      if (x !== 0) (ioLeaves[k] as Value)._g += x;
    }
  }

  reader(nodes: readonly Value[]): NodeReader {
    const slots = readerSlots(this.nodes, nodes);
    const prepared = this.prepareReader(slots);
    // Before any pass, v holds nothing yet: the nodes' own values are the current ones.
    return nodeReader(this.nodes, slots, () => {
      if (this.pass === NO_PASS) return undefined;
      this.beforeRead(prepared);
      return this.v;
    });
  }

  /** Readies the passes to come for a reader of the nodes at `slots`; what it returns goes to `beforeRead`. */
  // Stryker disable next-line BlockStatement: reader() hands the answer only to beforeRead(), which ignores it but in Rerolled, which overrides this too
  protected prepareReader(_slots: Int32Array): boolean {
    // Stryker disable next-line BooleanLiteral: reader() hands the answer only to beforeRead(), which ignores it but in Rerolled, which overrides this too
    return true;
  }

  /** Makes v hold the last pass's values a reader reads (every mode's pass but the rerolled one leaves them all). */
  protected beforeRead(_prepared: boolean): void {}

  sync(): void {
    const { v, g, nodes, pass } = this;
    if (pass === NO_PASS) return;
    this.beforeSync(pass);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Value;
      // A leaf's data is the caller's (a training loop updates it after run()), and run() has
      // already added its gradient: v and g hold copies that are stale once the caller moves on.
      if (node._a === null) continue;
      node.data = v[i] as number;
      // + 0: a gradient kept in a local starts from its first contribution, not from 0 + it, so
      // it can be -0 where backward() (which starts from +0) has +0.
      if (pass === RUN) node.grad = (g[i] as number) + 0;
    }
    this.afterSync();
  }

  /** Makes v (and after a run, g) hold every value (and gradient) of the last pass, for sync(). */
  protected beforeSync(_pass: Pass): void {}

  /** Writes what else a node carries from the pass (a custom node's local derivatives). */
  protected afterSync(): void {}
}

// A class rather than closures: every instance shares one `run` whose call sites V8 sees as
// polymorphic, where per-graph closures made it re-optimise and deoptimise in a loop.
class Compiled extends PassKeeper {
  /** @internal How many instructions the last run() skipped because their gradient was 0. */
  _skipped = 0;
  /** The custom ops' nodes, and the local derivatives the last pass computed for each (two per node), for sync(). */
  private readonly customNodes: readonly CustomNode[];
  private readonly customSlopesSeen: Float64Array;

  constructor(
    t: Tape,
    readonly mode: 'generated' | 'interpreted',
    v: Float64Array,
    g: Float64Array,
    /** Returns whether every inner node's value is finite (the guard of zero skipping). */
    private readonly forwardPass: () => boolean,
    /** Skips zero gradients if `skips`; returns how many instructions it skipped, for the tests. */
    private readonly backwardPass: (skips: boolean) => number,
    readonly stats: CompileStats,
    passLeaves: ReadonlySet<number>,
  ) {
    super(t, v, g, passLeaves);
    this.customNodes = [...t.customs.values()];
    this.customSlopesSeen = new Float64Array(2 * this.customNodes.length);
  }

  forward(): number {
    this.forwardFinite();
    this.pass = FORWARD;
    return this.v[this.last] as number;
  }

  /** The forward pass from the leaves' current values; returns whether every inner node's value is finite. */
  private forwardFinite(): boolean {
    this.readLeaves();
    const finite = this.forwardPass();
    this.writeOutput();
    // A custom node's slopes live in a map shared by every compiled graph: keep this pass's.
    const { customNodes, customSlopesSeen } = this;
    for (let k = 0; k < customNodes.length; k++) {
      const slopes = customSlopes.get(customNodes[k] as CustomNode) as readonly number[];
      customSlopesSeen[2 * k] = slopes[0] as number;
      customSlopesSeen[2 * k + 1] = slopes[1] ?? 0;
    }
    return finite;
  }

  run(): number {
    const skips = this.forwardFinite();
    const out = this.v[this.last] as number;
    const { g } = this;
    g.fill(0);
    g[this.last] = 1;
    this._skipped = this.backwardPass(skips);
    this.endRun();
    return out;
  }

  protected override afterSync(): void {
    // A custom node carries the local derivatives computed with its value (backward() reads
    // them): the pass's, so that the node is as a build at these leaves would make it.
    const { customNodes, customSlopesSeen } = this;
    for (let k = 0; k < customNodes.length; k++) {
      const c = customNodes[k] as { _da: number; _db: number };
      c._da = customSlopesSeen[2 * k] as number;
      c._db = customSlopesSeen[2 * k + 1] as number;
    }
  }
}

/** The tape positions of the nodes a reader reads (see `CompiledGraph.reader`), each checked to be in the graph. */
export function readerSlots(graphNodes: readonly Value[], nodes: readonly Value[]): Int32Array {
  if (!Array.isArray(nodes)) throw new TypeError(`CompiledGraph.reader: expected an array of Values, got ${describeOperand(nodes)}`);
  const wanted = new Map<Value, number>();
  for (const node of nodes) wanted.set(node, -1);
  // One scan of the graph finds every wanted node's slot, however many there are.
  for (let i = 0; i < graphNodes.length; i++) {
    const node = graphNodes[i] as Value;
    // Stryker disable next-line ConditionalExpression: true sets entries for nodes nobody asked for, which are never read (the false twin fails compile-sync-reader.test.ts)
    if (wanted.has(node)) wanted.set(node, i);
  }
  return Int32Array.from(nodes, (node, k) => {
    // Stryker disable next-line UnaryOperator: every asked-for node is in wanted (set to -1 above), so the fallback is never used
    const i = wanted.get(node) ?? -1;
    if (i === -1) throw new RangeError(`CompiledGraph.reader: nodes[${k}] (${node instanceof Value ? String(node) : describeOperand(node)}) is not in the compiled graph`);
    return i;
  });
}

/**
 * A reader of the nodes at `slots` (from `readerSlots`) over a graph's nodes in tape order:
 * `values()` gives the last pass's values by tape position, or undefined before any pass (the
 * nodes' own `.data` are then the current values).
 */
export function nodeReader(graphNodes: readonly Value[], slots: Int32Array, values: () => Float64Array | undefined): NodeReader {
  const length = slots.length;
  const into = (out: Float64Array): Float64Array => {
    if (!(out instanceof Float64Array) || out.length !== length) {
      const got = out instanceof Float64Array ? `one of length ${out.length}` : describeOperand(out);
      throw new (out instanceof Float64Array ? RangeError : TypeError)(`CompiledGraph.reader: into() needs a Float64Array of length ${length}, got ${got}`);
    }
    const v = values();
    if (v === undefined) {
      // Stryker disable next-line EqualityOperator: <= writes out[length], past the end, which a typed array ignores (the >= twin fails compile-sync-reader.test.ts's reads before any run)
      for (let k = 0; k < length; k++) out[k] = (graphNodes[slots[k] as number] as Value).data;
      return out;
    }
    // Stryker disable next-line EqualityOperator: <= writes out[length], past the end, which a typed array ignores (the >= twin fails compile-sync-reader.test.ts's reads after a run)
    for (let k = 0; k < length; k++) out[k] = v[slots[k] as number] as number;
    return out;
  };
  // A new array at each call: an array handed to the caller never changes under it.
  return Object.assign(() => into(new Float64Array(length)), { into });
}
