/** Runs the benchmarks: every correctness check first, then (unless --quick) the timings and a README table. */
import os from 'node:os';
import {
  exposedGc,
  fmtBytes,
  fmtInt,
  fmtMinMed,
  fmtRatio,
  fmtTime,
  markdownTable,
  ratio,
  sink,
  type Check,
  type Timing,
} from './harness.js';
import { STEPS as TANH_STEPS, checkTanhChain, timeTanhChain } from './tanh-chain.js';
import { ENGINE_VALUES, NAIVE_VALUES, NOMINAL_NODES, STEPS as LONG_STEPS, checkLongChain, runLongChain } from './long-chain.js';
import { DEPTHS, checkLadder, timeLadder } from './ladder.js';

/** memograd / hand-written on the tanh chain, by median. */
const TANH_TARGET = 8;
/** Long chain build + backward, by median, in milliseconds. */
const LONG_TARGET_MS = 500;

/** One line describing the machine. */
function environment(): string {
  const cpus = os.cpus();
  const gc = exposedGc() === undefined ? 'no (heap figures unavailable)' : 'yes';
  return `Node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, --expose-gc: ${gc}`;
}

/** Prints every check; returns how many failed. */
function report(checks: readonly Check[]): number {
  console.log('Checks (results before timings):');
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  return checks.filter((c) => !c.ok).length;
}

/** "met" or "missed", for a median against a bound. */
function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** A naive-port cell: its times and its ratio to hand-written. */
function naiveCell(n: Timing | 'stack overflow', hand: Timing): string {
  return n === 'stack overflow' ? 'stack overflow' : `${fmtMinMed(n)} (${fmtRatio(n, hand)})`;
}

/** Largest over smallest of the per-level medians. */
function spread(ts: readonly Timing[]): number {
  const meds = ts.map((t) => t.median);
  return Math.max(...meds) / Math.min(...meds);
}

/** Runs the timings, prints the details as they come, and returns the README table rows. */
function timeAll(): string[][] {
  const rows: string[][] = [];

  console.log(`\ntanh chain: ${TANH_STEPS} steps, ${3 * TANH_STEPS} op nodes, ${2 * TANH_STEPS + 1} gradients; per build + backward (min / median of 15):`);
  const t = timeTanhChain();
  console.log(`  memograd      ${fmtMinMed(t.engine)}`);
  console.log(`  hand-written  ${fmtMinMed(t.hand)}`);
  console.log(`  naive port    ${fmtMinMed(t.naive)}`);
  console.log(`  gradients()   ${fmtMinMed(t.graph)} (the graph-building path, for higher derivatives)`);
  console.log(`  memograd / hand-written ${fmtRatio(t.engine, t.hand)}; naive / hand-written ${fmtRatio(t.naive, t.hand)}; naive / memograd ${fmtRatio(t.naive, t.engine)}`);
  const tanhRatio = t.engine.median / t.hand.median;
  rows.push([
    `tanh chain, ${TANH_STEPS} steps, ${2 * TANH_STEPS + 1} gradients (build + backward)`,
    fmtMinMed(t.engine),
    fmtMinMed(t.hand),
    fmtRatio(t.engine, t.hand),
    `≤ ${TANH_TARGET}x: ${verdict(tanhRatio <= TANH_TARGET)}`,
    naiveCell(t.naive, t.hand),
  ]);
  rows.push([
    `tanh chain via gradients(): the same 2001 gradients as differentiable Values`,
    fmtMinMed(t.graph),
    fmtMinMed(t.hand),
    fmtRatio(t.graph, t.hand),
    `backward() is ${ratio(t.graph.median / t.engine.median)} faster`,
    '',
  ]);

  console.log(
    `\nlong chain: ${fmtInt(LONG_STEPS)} steps = ${fmtInt(NOMINAL_NODES)} nominal nodes (counting constants), ` +
      `${fmtInt(ENGINE_VALUES)} memograd Values (constants folded); build + backward (min / median of 5, GC before each):`,
  );
  const l = runLongChain();
  console.log(`  memograd      ${fmtMinMed(l.engine)}`);
  console.log(`  hand-written  ${fmtMinMed(l.hand)}`);
  console.log(`  memograd / hand-written ${fmtRatio(l.engine, l.hand)}`);
  const perNominal = l.engineBytes === null ? null : l.engineBytes / NOMINAL_NODES;
  const perValue = l.engineBytes === null ? null : l.engineBytes / ENGINE_VALUES;
  if (l.engineBytes === null) console.log('  heap: run node with --expose-gc to measure');
  else {
    console.log(
      `  heap retained by the live graph: ${fmtBytes(l.engineBytes)} = ${(perNominal as number).toFixed(1)} B per nominal node, ` +
        `${(perValue as number).toFixed(1)} B per Value object`,
    );
  }
  const nv = l.naive;
  const naiveBytes = nv.bytes === null ? '' : `, ${(nv.bytes / NAIVE_VALUES).toFixed(1)} B per node`;
  const naiveFate =
    nv.outcome === 'stack overflow'
      ? 'backward: stack overflow (RangeError in the recursive topological sort, caught)'
      : `backward: ${fmtTime(nv.outcome.ms)}, x0.grad ${nv.outcome.grad}`;
  console.log(`  naive port: built ${fmtInt(NAIVE_VALUES)} nodes in ${fmtTime(nv.buildMs)}${naiveBytes}; ${naiveFate}`);
  rows.push([
    `long chain, ${fmtInt(LONG_STEPS)} steps: ${fmtInt(NOMINAL_NODES)} nominal nodes, ${fmtInt(ENGINE_VALUES)} Values (build + backward)`,
    fmtMinMed(l.engine),
    fmtMinMed(l.hand),
    fmtRatio(l.engine, l.hand),
    `≤ ${LONG_TARGET_MS} ms: ${verdict(l.engine.median <= LONG_TARGET_MS)}`,
    nv.outcome === 'stack overflow'
      ? `stack overflow in backward (build ${fmtTime(nv.buildMs)})`
      : `${fmtTime(nv.buildMs)} build + ${fmtTime(nv.outcome.ms)} backward`,
  ]);
  rows.push([
    'long chain, heap while the graph is alive',
    perNominal === null || perValue === null ? 'n/a (needs --expose-gc)' : `${perNominal.toFixed(1)} B per nominal node, ${perValue.toFixed(1)} B per Value`,
    `${fmtBytes(8 * (LONG_STEPS + 1))} tape (8 B per step)`,
    '',
    '',
    nv.bytes === null ? 'n/a' : `${(nv.bytes / NAIVE_VALUES).toFixed(1)} B per node`,
  ]);

  console.log(`\nladder: y = y*0.5 + y*0.5 (2^depth paths, 3 memograd Values per level); time per level (min / median of 9):`);
  const ladder = timeLadder();
  for (const d of ladder) {
    console.log(
      `  depth ${String(d.depth).padStart(5)}: memograd ${fmtMinMed(d.engine)}, hand-written ${fmtMinMed(d.hand)}, ` +
        `ratio ${fmtRatio(d.engine, d.hand)}; memograd backward alone ${fmtMinMed(d.backwardOnly)}; naive ${naiveCell(d.naive, d.hand)}`,
    );
  }
  const s = spread(ladder.map((d) => d.engine));
  const sb = spread(ladder.map((d) => d.backwardOnly));
  console.log(
    `  per-level spread over depths ${DEPTHS.join(', ')} (largest / smallest median): build + backward ${ratio(s)}, backward alone ${ratio(sb)}`,
  );
  for (const d of ladder) {
    rows.push([
      `ladder, depth ${fmtInt(d.depth)}, per level (build + backward)`,
      fmtMinMed(d.engine),
      fmtMinMed(d.hand),
      fmtRatio(d.engine, d.hand),
      `linear: per-level spread ${ratio(s)}`,
      naiveCell(d.naive, d.hand),
    ]);
  }
  rows.push([
    `ladder, backward alone, per level at depth ${DEPTHS.join(' / ')} (median)`,
    ladder.map((d) => fmtTime(d.backwardOnly.median)).join(' / '),
    '',
    '',
    `linear: per-level spread ${ratio(sb)}`,
    '',
  ]);
  return rows;
}

/** Entry point; exit code 1 when any check fails. */
function main(): number {
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  console.log(`memograd benchmarks (${quick ? 'quick: checks only' : 'full'})`);
  console.log(environment());
  const checks = [...checkTanhChain(), ...checkLongChain(), ...checkLadder()];
  const failed = report(checks);
  if (failed > 0) {
    console.error(`\nFAILED: ${failed} of ${checks.length} checks failed; no timings taken.`);
    return 1;
  }
  console.log(`All ${checks.length} checks passed.`);
  if (quick) return 0;

  const rows = timeAll();
  console.log('\nREADME table (times are min / median; ratios are memograd / hand-written, or naive / hand-written):\n');
  console.log(
    markdownTable(['Workload', 'memograd', 'hand-written Float64Array', 'ratio min / median', 'target', 'naive micrograd port'], rows),
  );
  console.log(`\n${environment()}`);
  console.log(`\nsink (sum of every timed result, so none is dead code): ${sink()}`);
  console.log(`total bench time ${fmtTime(performance.now() - t0)}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error('bench: crashed:', e);
  process.exitCode = 1;
}
