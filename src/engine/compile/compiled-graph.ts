import type { Value } from '../core/value.js';

/** A graph flattened for repeated evaluation: see `compile`. */
export interface CompiledGraph {
  /**
   * Re-reads every leaf's `.data`, recomputes every node, adds d output / d leaf into each leaf's
   * `.grad` (as `backward()` does), sets the output Value's `.data`, and returns it.
   */
  run(): number;
  /** Like `run` without the gradients: recomputes the output from the leaves' current `.data`. */
  forward(): number;
  /**
   * Writes what the last pass computed into the inner nodes' Values, for inspection: each inner
   * node's value (after `run()` or `forward()`) and gradient (after `run()`). Leaves are never
   * written: their `.data` is the caller's, and `run()` already added their gradients. Before any
   * pass it does nothing.
   */
  sync(): void;
  /**
   * A reader of the last pass's values of some nodes of the graph (a model's scores beside its
   * loss, say) that costs one array write per node instead of `sync()`'s write to every node.
   * Each call returns a new array (before any pass, of the nodes' current `.data`); `into(out)`
   * fills an array of the caller's instead, for loops that allocate nothing.
   * Throws a RangeError if a node is not in the graph.
   *
   * @example
   * const read = step.reader(scores);
   * step.run();
   * read()[0]; // the first score, as this run computed it
   */
  reader(nodes: readonly Value[]): NodeReader;
  /**
   * How it runs: 'generated' code, 'interpreted' typed arrays, or 'rerolled': loops over the
   * samples of a graph made of many copies of one per-sample subgraph, summed (see `stats.rerolled`).
   * A graph that tiers up (see `stats.tierUp`) turns from 'interpreted' to 'rerolled' at its switch.
   */
  readonly mode: 'generated' | 'interpreted' | 'rerolled';
  /** What compile() found in the graph and how it uses it: see `CompileStats`. */
  readonly stats: CompileStats;
  /** The leaves the graph reads, in topological order. */
  readonly leaves: readonly Value[];
  /** The number of nodes, leaves included. */
  readonly size: number;
}

/** Reads the values of some nodes of a compiled graph: see `CompiledGraph.reader`. */
export interface NodeReader {
  /** A new array of the nodes' values from the last `run()` or `forward()` (before any, their current `.data`). */
  (): Float64Array;
  /** The same values written into `out`, a Float64Array as long as the nodes asked for, which it returns: nothing is allocated. */
  into(out: Float64Array): Float64Array;
}

/**
 * What the 'rerolled' mode of `compile` found: `instances` copies of a per-sample subgraph of
 * `nodesPerInstance` nodes, whose folded constants that differ between copies became
 * `constantColumns` data columns and whose leaves of their own `leafColumns` columns read from
 * the leaves' `.data` at each run. The 'fused' kernel runs each sample's forward and backward in
 * one loop (where the path from the sum to the output is linear); 'remat' runs the forward loop,
 * then the rest of the graph, then a backward loop that recomputes each sample's forward; 'stored'
 * is remat keeping the values the backward loop reads instead of recomputing them (for samples too
 * large for one function V8 optimises).
 */
export interface RerollStats {
  /** How many copies of the per-sample subgraph the graph sums. */
  readonly instances: number;
  /** The nodes of one copy, its own leaves included (leaves shared by the copies are not). */
  readonly nodesPerInstance: number;
  /** Folded constants that differ between copies, one column per distinct sequence. */
  readonly constantColumns: number;
  /** Leaves read by one copy alone, re-read from their `.data` at each run. */
  readonly leafColumns: number;
  /** Which loops run the samples. */
  readonly variant: 'fused' | 'remat' | 'stored';
}

/** What compile() found in a graph beyond its mode, for tests and benchmarks. */
export interface CompileStats {
  /**
   * Present when a chain of identical units (a recurrence such as y = tanh(y·w_i + b_i)) runs as
   * one generated loop forward and one in reverse (see `compile`).
   */
  readonly scan?: {
    /** How many units the loop runs (the chain's first unit may run before it, as straight-line code). */
    readonly units: number;
    /** The nodes of each unit, its own leaves included. */
    readonly nodesPerUnit: number;
  };
  /** Present in the 'rerolled' mode: the copies compile() found and which loops run them. */
  readonly rerolled?: RerollStats;
  /**
   * Present where 'auto' interprets a graph too large for straight-line code and tiers up: after
   * `after` passes (`run()` and `forward()` alike) it looks for the rerolled shape, and from that
   * pass on runs the rerolled loops if it found it ('switched': `mode` is then 'rerolled' and
   * `rerolled` is present), or keeps interpreting ('kept'); before that it is 'waiting'.
   */
  readonly tierUp?: {
    /** How many passes run interpreted before the switch is tried. */
    readonly after: number;
    /** Whether the switch is still to come, happened, or found no rerolled shape. */
    readonly state: 'waiting' | 'switched' | 'kept';
  };
}
