import { Value } from '../core/value.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';
import type { CompiledGraph } from './compiled-graph.js';
import { tryGenerate } from './generate.js';
import { interpreted } from './interpret.js';
import { tryReroll } from './rerolled.js';
import { tryScanKernel } from './scan-kernel.js';
import { tiered } from './tiered.js';
import { flatten } from './tape.js';

export type { CompiledGraph, CompileStats, NodeReader, RerollStats } from './compiled-graph.js';

/** How `compile` runs the graph. */
export type CompileMode = 'auto' | 'generated' | 'interpreted';

/** Options for `compile`. */
export interface CompileOptions {
  /**
   * 'generated' writes straight-line JavaScript for the graph (the fastest once V8 has optimised
   * it; needs `new Function`), 'interpreted' runs a loop over typed arrays (works under a strict
   * Content-Security-Policy), 'auto' (the default) generates code for graphs of up to
   * `AUTO_GENERATE_MAX_NODES` nodes where it is allowed, and interprets otherwise. A chain of
   * identical units that holds at least half the graph's ops runs as a generated loop (see
   * `compile`) in 'generated' mode, and in 'auto' mode wherever the nodes outside the loop are
   * within that limit. 'generated' first looks for a graph made of 8 or more copies of one
   * per-sample subgraph summed in order (what `sum` and `mean` build over per-sample losses), and
   * runs it as loops over the samples at any size: `mode` is then 'rerolled' (see
   * `CompileStats.rerolled`). 'auto' interprets such a graph, when it is too large for
   * straight-line code, for its first `TIER_UP_AFTER` passes, then tiers up to the same loops
   * (V8 takes that long to make them pay): `mode` turns from 'interpreted' to 'rerolled' (see
   * `CompileStats.tierUp`).
   */
  readonly mode?: CompileMode;
}

/**
 * Flattens the graph below `output` for a training loop that builds it once: each `run()` then
 * recomputes values and gradients from the leaves' current `.data`, with no allocation and no
 * graph walk. The results equal `backward()`'s bit for bit: the same float operations in the same
 * order. A chain of at least 8 units of one shape, each reading the previous unit's output (a
 * recurrence such as y = tanh(y·w_i + b_i)), runs as one generated loop forward and one in
 * reverse, however long; `stats.scan` then says so.
 *
 * @example
 * const loss = model.loss(); // built once from parameter Values
 * const step = compile(loss);
 * for (let k = 0; k < 100; k++) {
 *   zeroGrad(params);
 *   step.run();
 *   for (const p of params) p.data -= 0.1 * p.grad;
 * }
 */
export function compile(output: Value, options: CompileOptions = {}): CompiledGraph {
  if (!(output instanceof Value)) throw new TypeError(`compile: expected a Value, got ${describeOperand(output)}`);
  optionsObject(`compile`, options);
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'generated' && mode !== 'interpreted') {
    throw new RangeError(`compile: mode must be 'auto', 'generated' or 'interpreted', got ${describeOperand(mode)}`);
  }
  const tape = flatten(output);
  // A graph of many copies of one per-sample subgraph runs as loops over the samples, at any size.
  // 'generated' takes them up front. 'auto' interprets first and tiers up (tiered.ts): V8
  // optimises a function only after about 450 runs of its own size in bytecode, so the demo's
  // chunk functions run their first few hundred samples unoptimised, and building the loops costs
  // more than compile() itself: the loops pay off only on long runs (bench --trainer-warmup;
  // docs/compiled-path.md).
  if (mode === 'generated') {
    const rerolled = tryReroll(tape);
    if (rerolled !== undefined) return rerolled;
  }
  // A chain of identical units runs as a loop (see scan-kernel.ts): small code at any length.
  if (mode !== 'interpreted') {
    const scan = tryScanKernel(tape, mode === 'auto' ? AUTO_GENERATE_MAX_NODES : Infinity);
    if (scan !== undefined) return scan;
  }
  // V8 optimises generated code chunk by chunk, in the background: for a large graph that takes
  // tens of seconds (the 65,000-node micrograd demo: about 40 s, 655 functions), and until then
  // it runs slower than the interpreter. So 'auto' generates code for small graphs only, and
  // interprets larger ones, tiering up to the rerolled loops after TIER_UP_AFTER passes where the
  // graph has their shape (looked for then, not here: most runs are too short to need it, and
  // finding the copies costs about what interpreted() does). The rerolled mode refuses custom ops.
  if (mode === 'auto' && tape.nodes.length > AUTO_GENERATE_MAX_NODES) return tape.customs.size === 0 ? tiered(tape) : interpreted(tape);
  if (mode === 'interpreted') return interpreted(tape);
  const generated = tryGenerate(tape);
  if (generated !== undefined) return generated;
  if (mode === 'generated') throw new Error('compile: code generation is not allowed here (new Function is blocked); use mode "interpreted"');
  return interpreted(tape);
}

/** The largest graph 'auto' writes code for; larger ones are interpreted (see `compile`). */
export const AUTO_GENERATE_MAX_NODES = 20_000;
