/** What compile() costs on a graph that is already built: its time, and the memory the compiled graph keeps. */
import { compile, type CompileMode, type Value } from '../src/index.js';
import { exposedGc, summarize, type Timing } from './harness.js';

/** Milliseconds per compile(output, { mode }), min and median over `reps` compiles of the same graph. */
export function compileTimes(output: Value, mode: CompileMode, reps: number): Timing {
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

/**
 * Bytes the compiled graph keeps beyond the graph itself (which is alive before and after): its
 * typed arrays, tape and, in generated mode, the functions and their source. Measured after one
 * run(), so lazily compiled bytecode is counted; null without --expose-gc. Adds one run's
 * gradients into the leaves.
 */
export function compiledBytes(output: Value, mode: CompileMode): { readonly bytes: number | null; readonly nodes: number; readonly mode: string } {
  const gc = exposedGc();
  if (gc === undefined) {
    const c = compile(output, { mode });
    return { bytes: null, nodes: c.size, mode: c.mode };
  }
  gc();
  gc();
  const before = usage();
  const c = compile(output, { mode });
  c.run();
  gc();
  gc();
  const after = usage();
  return { bytes: after - before, nodes: c.size, mode: c.mode };
}
