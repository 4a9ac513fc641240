import type { Value } from '../core/value.js';
import type { CompiledGraph, CompileStats, NodeReader } from './compiled-graph.js';
import { interpreted } from './interpret.js';
import { tryReroll } from './rerolled.js';
import type { Tape } from './tape.js';

// 'auto' for a graph too large for straight-line code: the interpreter first, then (as a JIT tiers
// up) the rerolled loops, once the graph has run long enough to pay for their warm-up.

/**
 * How many passes (run() and forward()) 'auto' interprets a large graph before it tries the
 * rerolled loops. Ski rental: switch once the interpreter has spent about what the switch costs
 * (building the loops, then their first runs while V8 optimises them, beyond what the interpreter
 * would have taken), so that no run costs more than about twice the better of the two in
 * hindsight, and long runs get the loops' speed. `bench --trainer-warmup 5000 5` (the demo stepped
 * as the Trainer steps it, 5 rounds of fresh processes, 2026-12-05 21:44 UTC, load 2-2.5)
 * measured that cost: the loops from the start trailed the interpreter by at most 150 ms of
 * wall-clock (at step 201; ahead from step 1,729), 'auto' switching after 3,000 passes by at most
 * 154 ms after its switch, against an interpreted step of 143 µs: about 1,050 and 1,080 interpreted
 * steps (in CPU time, which counts V8's background compiles: 253 ms against 173 µs, about 1,470).
 */
export const TIER_UP_AFTER = 1_000;

/**
 * @internal The interpreted mode of `t`, which after `after` passes (run() and forward() alike)
 * tries `tryReroll(t)` and runs the rerolled loops from then on if the graph has their shape (else
 * it keeps interpreting). Both compute the same numbers bit for bit (`backward()`'s).
 */
export function tiered(t: Tape, after = TIER_UP_AFTER): CompiledGraph {
  return new Tiered(t, after);
}

/** A reader made before the switch, which the switch points at the rerolled graph. */
interface PendingReader {
  readonly nodes: readonly Value[];
  inner: NodeReader;
}

class Tiered implements CompiledGraph {
  readonly leaves: readonly Value[];
  readonly size: number;
  /** The graph that runs the passes: the interpreter, then the rerolled loops if the switch found them. */
  private d: CompiledGraph;
  /** Passes left before the switch: it happens at the start of the pass that finds 0 (below 0: done). */
  private left: number;
  /** Kept until the switch, which needs it. */
  private tape: Tape | undefined;
  /** The readers made before the switch, pointed at the rerolled graph by it (and then dropped). */
  private pending: PendingReader[] = [];
  private tierStats: CompileStats;

  constructor(t: Tape, private readonly after: number) {
    this.d = interpreted(t);
    this.tape = t;
    this.left = after;
    this.leaves = this.d.leaves;
    this.size = this.d.size;
    this.tierStats = { tierUp: { after, state: 'waiting' } };
  }

  get mode(): CompiledGraph['mode'] {
    return this.d.mode;
  }

  get stats(): CompileStats {
    return this.tierStats;
  }

  run(): number {
    if (this.left-- === 0) this.tierUp();
    return this.d.run();
  }

  forward(): number {
    if (this.left-- === 0) this.tierUp();
    return this.d.forward();
  }

  sync(): void {
    this.d.sync();
  }

  reader(nodes: readonly Value[]): NodeReader {
    const inner = this.d.reader(nodes);
    // Stryker disable next-line ConditionalExpression: false wraps a reader made after the switch too: it reads the same graph through the wrapper, and only the list of pending readers, never read again, grows
    if (this.tape === undefined) return inner;
    const r: PendingReader = { nodes: [...nodes], inner };
    this.pending.push(r);
    return Object.assign(() => r.inner(), { into: (out: Float64Array) => r.inner.into(out) });
  }

  /** Builds the rerolled loops and runs every pass on them from now on, or keeps interpreting where the graph does not have their shape. */
  private tierUp(): void {
    const t = this.tape as Tape;
    const pending = this.pending;
    // Decided once, whatever happens below: a fault while building the loops leaves the interpreter.
    this.tape = undefined;
    // Stryker disable next-line ArrayDeclaration: nothing reads the list after the switch (a reader made then is not wrapped): this only lets the readers' node lists go
    this.pending = [];
    const rerolled = tryReroll(t);
    if (rerolled === undefined) {
      this.tierStats = { tierUp: { after: this.after, state: 'kept' } };
      return;
    }
    // The loops learn which values the readers read before their first pass (see Rerolled.prepareReader).
    for (const r of pending) r.inner = rerolled.reader(r.nodes);
    this.d = rerolled;
    this.tierStats = { ...rerolled.stats, tierUp: { after: this.after, state: 'switched' } };
  }
}
