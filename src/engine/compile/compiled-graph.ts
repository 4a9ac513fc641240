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
  /** How it runs: 'generated' code or 'interpreted' typed arrays. */
  readonly mode: 'generated' | 'interpreted';
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
}
