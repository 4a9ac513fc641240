/** What compile() costs on a graph that is already built: its time, and the memory the compiled graph keeps. */
import { compile, type CompileMode, type CompiledGraph, type Value } from '../src/index.js';
import { exposedGc, summarize, type Timing } from './harness.js';

/**
 * Milliseconds per compile(output, { mode }), min and median over `reps` compiles of the same graph.
 * Only for mode 'interpreted': generated code for a graph whose source V8 has seen before comes
 * from V8's compilation cache, so repeated samples would time the cache (see `compiledCost`).
 */
export function compileTimes(output: Value, mode: 'interpreted', reps: number): Timing {
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    compile(output, { mode });
    samples.push(performance.now() - t0);
  }
  return summarize(`compile (${mode})`, samples);
}

/** V8 heap in use plus memory outside it (typed arrays' buffers). */
function usage(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** A compiled graph with what compiling it cost. */
export interface CompiledCost {
  readonly graph: CompiledGraph;
  /** Milliseconds the compile() call took. */
  readonly compileMs: number;
  /** Bytes the compiled graph keeps beyond the graph itself, or null without --expose-gc. */
  readonly bytes: number | null;
}

/**
 * Compiles `output`, timing the call, and measures the bytes the compiled graph keeps beyond the
 * graph (which is alive before and after): its typed arrays and, in generated mode, the functions
 * with their source and bytecode. Measured after one run(), so lazily compiled bytecode is counted,
 * with a GC before and after (--expose-gc). Call it on the first compile of a graph's source in the
 * process: later compiles of the same source share V8's cached functions, so they cost less time
 * and memory. The run adds one gradient into the leaves.
 */
export function compiledCost(output: Value, mode: CompileMode): CompiledCost {
  const gc = exposedGc();
  gc?.();
  gc?.();
  const before = usage();
  const t0 = performance.now();
  const graph = compile(output, { mode });
  const compileMs = performance.now() - t0;
  graph.run();
  gc?.();
  gc?.();
  const bytes = gc === undefined ? null : usage() - before;
  return { graph, compileMs, bytes };
}
