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
import { ADNN_NODES, ENGINE_VALUES, NAIVE_VALUES, NOMINAL_NODES, STEPS as LONG_STEPS, checkLongChain, runLongChain } from './long-chain.js';
import { DEPTHS, checkLadder, timeLadder } from './ladder.js';
import {
  GENERATED_WARMUP_STEPS,
  MICROGRAD_NODES,
  checkDemo,
  demoMemory,
  generatedWarmupCurve,
  timeDemo,
  timeDemoGenerated,
} from './demo-runs.js';
import { engineNodeCount } from './micrograd-demo.js';
import { loadMoons } from './moons.js';
import { adnnVersion, loadPeers, tfVersion, type Peers } from './peers.js';
import { childWorkload, runIsolated, sendResult, type WorkloadResult } from './isolate.js';

/** The targets: ratios are memograd / hand-written by median, times by median. */
const TARGET = {
  demoDynamic: 50,
  /** The dynamic demo step must also be this many times faster than the best JS port of micrograd. */
  demoVsPort: 15,
  demoCompiled: 3,
  tanhDynamic: 6,
  tanhCompiled: 1.5,
  longChainMs: 300,
  longChainBytesPerNode: 80,
};

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

/** "met" or "MISSED", for a condition. */
function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** A peer's cell: its times and its ratio to the hand-written code timed beside it. */
function peerCell(t: Timing, hand: Timing): string {
  return `${fmtMinMed(t)} (${fmtRatio(t, hand)})`;
}

/** A ratio target's cell: "≤ 6x: met". */
function ratioTarget(t: Timing, hand: Timing, bound: number): string {
  return `≤ ${bound}x: ${verdict(t.median / hand.median <= bound)}`;
}

/** Largest over smallest of the per-level medians. */
function spread(ts: readonly Timing[]): number {
  const meds = ts.map((t) => t.median);
  return Math.max(...meds) / Math.min(...meds);
}

/** Bytes per node, one decimal, or n/a without --expose-gc. */
function perNode(bytes: number | null, nodes: number): string {
  return bytes === null ? 'n/a (needs --expose-gc)' : `${(bytes / nodes).toFixed(1)} B`;
}

/** The table's columns. */
const HEADER = ['Workload', 'memograd', 'hand-written Float64Array', 'ratio min / median', 'target', 'naive micrograd port', 'adnn', 'tfjs'];

/** The header with the peers' versions. */
function header(peers: Peers): string[] {
  return HEADER.map((h) =>
    h === 'adnn' ? `adnn ${adnnVersion()}` : h === 'tfjs' ? `tfjs ${tfVersion(peers.tf)} (${peers.tf.getBackend()} backend, float32)` : h,
  );
}

/** Progress lines: to stdout, or to stderr in a child process, whose stdout carries its table rows. */
function say(line: string): void {
  if (childWorkload(process.argv) === undefined) console.log(line);
  else process.stderr.write(`${line}\n`);
}

/** Rows: '' for the cells a row leaves empty. */
function row(...cells: string[]): string[] {
  return [...cells, ...Array<string>(HEADER.length - cells.length).fill('')];
}

/** The micrograd demo, every version but the generated code: timings, compile times and memory. */
function demoRows(peers: Peers): WorkloadResult {
  const nodes = engineNodeCount(loadMoons());
  say(
    `\nmicrograd demo: one training step (forward, zero grads, backward, SGD), MLP(2, [16, 16, 1]) on 100 points; ` +
      `${fmtInt(nodes)} memograd nodes, ${fmtInt(MICROGRAD_NODES)} in micrograd (min / median of 15; tfjs scalar ops of 2):`,
  );
  const d = timeDemo(peers);
  const mem = demoMemory(peers.ad);
  // The "best JS port" (750-950x there) is a port of micrograd: the naive port here. adnn
  // is a different design (a JS scalar AD library) and much faster, so it is reported beside it.
  const vsPort = d.naive.median / d.engine.median;
  const vsAdnn = d.adnn.median / d.engine.median;
  say(`  hand-written              ${fmtMinMed(d.hand)}`);
  say(
    `  memograd dynamic          ${fmtMinMed(d.engine)}  ${fmtRatio(d.engine, d.hand)}; ` +
      `${ratio(vsPort)} faster than the naive micrograd port, ${ratio(vsAdnn)} faster than adnn (medians)`,
  );
  say(`  compiled, interpreted     ${fmtMinMed(d.interpreted)}  ${fmtRatio(d.interpreted, d.hand)} (the only compiled graph in the process)`);
  say(
    `  compiled, interpreted     ${fmtMinMed(d.interpretedSecond.run)}  ${fmtRatio(d.interpretedSecond.run, d.interpretedSecond.hand)} ` +
      `(a second compiled graph; hand-written beside it: ${fmtMinMed(d.interpretedSecond.hand)})`,
  );
  say(`  compile(): generated ${fmtMinMed(d.compile.generated)}, interpreted ${fmtMinMed(d.compile.interpreted)} (graph already built)`);
  say(`  naive port                ${fmtMinMed(d.naive)}  ${fmtRatio(d.naive, d.hand)}`);
  say(`  adnn                      ${fmtMinMed(d.adnn)}  ${fmtRatio(d.adnn, d.hand)}`);
  say(`  tfjs, matrix ops          ${fmtMinMed(d.tfMatrix)}  ${fmtRatio(d.tfMatrix, d.hand)}`);
  say(`  tfjs, scalar ops          ${fmtMinMed(d.tfScalar.tf)}  ${fmtRatio(d.tfScalar.tf, d.tfScalar.hand)} (hand-written beside it: ${fmtMinMed(d.tfScalar.hand)})`);
  say(
    `  heap per node while the graph is alive: memograd ${perNode(mem.engine, mem.engineNodes)}, naive port ${perNode(mem.naive, mem.naiveNodes)}, ` +
      `adnn ${perNode(mem.adnn, mem.engineNodes)}`,
  );
  for (const c of mem.compiled) say(`  compile() (${c.mode}) keeps ${c.bytes === null ? 'n/a' : fmtBytes(c.bytes)} = ${perNode(c.bytes, c.nodes)} per node`);
  const ratioOk = d.engine.median / d.hand.median <= TARGET.demoDynamic;
  const rows = [
    row(
      `micrograd demo step, dynamic (rebuild each step; ${fmtInt(nodes)} nodes)`,
      fmtMinMed(d.engine),
      fmtMinMed(d.hand),
      fmtRatio(d.engine, d.hand),
      `≤ ${TARGET.demoDynamic}x: ${verdict(ratioOk)}; ≥ ${TARGET.demoVsPort}x faster than the micrograd port: ` +
        `${verdict(vsPort >= TARGET.demoVsPort)} (${ratio(vsPort)}); than adnn: ${verdict(vsAdnn >= TARGET.demoVsPort)} (${ratio(vsAdnn)})`,
      peerCell(d.naive, d.hand),
      peerCell(d.adnn, d.hand),
      `scalar ops: ${peerCell(d.tfScalar.tf, d.tfScalar.hand)}; matrix ops: ${peerCell(d.tfMatrix, d.hand)}`,
    ),
    row(
      `micrograd demo step, compiled run(), interpreted, the only compiled graph in the process (compile ${fmtMinMed(d.compile.interpreted)})`,
      fmtMinMed(d.interpreted),
      fmtMinMed(d.hand),
      fmtRatio(d.interpreted, d.hand),
      ratioTarget(d.interpreted, d.hand, TARGET.demoCompiled),
    ),
    row(
      'micrograd demo step, compiled run(), interpreted, once a second graph is compiled',
      fmtMinMed(d.interpretedSecond.run),
      fmtMinMed(d.interpretedSecond.hand),
      fmtRatio(d.interpretedSecond.run, d.interpretedSecond.hand),
      ratioTarget(d.interpretedSecond.run, d.interpretedSecond.hand, TARGET.demoCompiled),
    ),
    row(
      `micrograd demo step, compile() time of the generated code`,
      fmtMinMed(d.compile.generated),
    ),
    row(
      'micrograd demo graph, heap per node while alive (dynamic)',
      perNode(mem.engine, mem.engineNodes),
      '',
      '',
      '',
      `${perNode(mem.naive, mem.naiveNodes)} (${fmtInt(mem.naiveNodes)} nodes)`,
      perNode(mem.adnn, mem.engineNodes),
    ),
    row(
      'micrograd demo graph, what compile() keeps per node, beyond the graph',
      mem.compiled.map((c) => `${c.mode}: ${perNode(c.bytes, c.nodes)}`).join('; '),
    ),
  ];
  return { rows, values: {} };
}

/** The micrograd demo's generated code, timed in a process of its own. */
function demoGeneratedRows(): WorkloadResult {
  say(`\nmicrograd demo, compiled run() with generated code (after ${GENERATED_WARMUP_STEPS} warm-up steps; min / median of 15):`);
  const g = timeDemoGenerated();
  say(`  compiled, generated       ${fmtMinMed(g.run)}  ${fmtRatio(g.run, g.hand)} (hand-written beside it: ${fmtMinMed(g.hand)})`);
  const rows = [
    row(
      `micrograd demo step, compiled run(), generated code (the default mode), after ${GENERATED_WARMUP_STEPS} steps`,
      fmtMinMed(g.run),
      fmtMinMed(g.hand),
      fmtRatio(g.run, g.hand),
      ratioTarget(g.run, g.hand, TARGET.demoCompiled),
    ),
  ];
  return { rows, values: {} };
}

/** The tanh chain: every version, and the peers. */
function tanhRows(peers: Peers): WorkloadResult {
  say(`\ntanh chain: ${TANH_STEPS} steps, ${3 * TANH_STEPS} op nodes, ${2 * TANH_STEPS + 1} gradients; per run (min / median of 15; tfjs of 5):`);
  const t = timeTanhChain(peers);
  say(`  hand-written              ${fmtMinMed(t.hand)}`);
  say(`  memograd build + backward ${fmtMinMed(t.engine)}  ${fmtRatio(t.engine, t.hand)}`);
  say(`  compiled, generated       ${fmtMinMed(t.generated)}  ${fmtRatio(t.generated, t.hand)}  (compile ${fmtTime(t.compileMs.generated)})`);
  say(`  compiled, interpreted     ${fmtMinMed(t.interpreted)}  ${fmtRatio(t.interpreted, t.hand)}  (compile ${fmtTime(t.compileMs.interpreted)})`);
  say(`  gradients()               ${fmtMinMed(t.graph)}  ${fmtRatio(t.graph, t.hand)} (the graph-building path, for higher derivatives)`);
  say(`  naive port                ${fmtMinMed(t.naive)}  ${fmtRatio(t.naive, t.hand)}`);
  say(`  adnn                      ${fmtMinMed(t.adnn)}  ${fmtRatio(t.adnn, t.hand)}`);
  say(`  tfjs                      ${fmtMinMed(t.tf.tf)}  ${fmtRatio(t.tf.tf, t.tf.hand)} (hand-written beside it: ${fmtMinMed(t.tf.hand)})`);
  const rows = [
    row(
      `tanh chain, ${TANH_STEPS} steps, ${2 * TANH_STEPS + 1} gradients, dynamic (build + backward)`,
      fmtMinMed(t.engine),
      fmtMinMed(t.hand),
      fmtRatio(t.engine, t.hand),
      ratioTarget(t.engine, t.hand, TARGET.tanhDynamic),
      peerCell(t.naive, t.hand),
      peerCell(t.adnn, t.hand),
      peerCell(t.tf.tf, t.tf.hand),
    ),
    row(
      `tanh chain, compiled run(), generated code (compile ${fmtTime(t.compileMs.generated)})`,
      fmtMinMed(t.generated),
      fmtMinMed(t.hand),
      fmtRatio(t.generated, t.hand),
      ratioTarget(t.generated, t.hand, TARGET.tanhCompiled),
    ),
    row(
      `tanh chain, compiled run(), interpreted (compile ${fmtTime(t.compileMs.interpreted)})`,
      fmtMinMed(t.interpreted),
      fmtMinMed(t.hand),
      fmtRatio(t.interpreted, t.hand),
      ratioTarget(t.interpreted, t.hand, TARGET.tanhCompiled),
    ),
    row(
      'tanh chain via gradients(): the same gradients as differentiable Values',
      fmtMinMed(t.graph),
      fmtMinMed(t.hand),
      fmtRatio(t.graph, t.hand),
      `backward() is ${ratio(t.graph.median / t.engine.median)} faster`,
    ),
  ];
  // For the long chain's tfjs cell: tfjs's time per scalar op (forward and backward) on this chain.
  return { rows, values: { tfMsPerOp: t.tf.tf.median / (3 * TANH_STEPS) } };
}

/** Placeholder for the long chain's tfjs cell, which the parent fills in from the tanh chain's timing. */
const TF_LONG = '@tfjs-long-chain-estimate';

/** The million-node chain: build + backward, heap, the compiled chain, the peers. */
function longRows(peers: Peers): WorkloadResult {
  say(
    `\nlong chain: ${fmtInt(LONG_STEPS)} steps = ${fmtInt(NOMINAL_NODES)} nominal nodes (counting constants), ` +
      `${fmtInt(ENGINE_VALUES)} memograd Values (constants folded); build + backward (min / median of 5, GC before each):`,
  );
  const l = runLongChain(peers.ad);
  say(`  memograd      ${fmtMinMed(l.engine)}`);
  say(`  hand-written  ${fmtMinMed(l.hand)}`);
  say(`  memograd / hand-written ${fmtRatio(l.engine, l.hand)}`);
  const perNominal = l.engineBytes === null ? null : l.engineBytes / NOMINAL_NODES;
  if (l.engineBytes === null) say('  heap: run node with --expose-gc to measure');
  else {
    say(
      `  heap retained by the live graph: ${fmtBytes(l.engineBytes)} = ${(perNominal as number).toFixed(1)} B per nominal node, ` +
        `${(l.engineBytes / ENGINE_VALUES).toFixed(1)} B per Value object`,
    );
  }
  const nv = l.naive;
  const naiveFate =
    nv.outcome === 'stack overflow'
      ? 'backward: stack overflow (RangeError in the recursive topological sort, caught)'
      : `backward: ${fmtTime(nv.outcome.ms)}, x0.grad ${nv.outcome.grad}`;
  say(`  naive port: built ${fmtInt(NAIVE_VALUES)} nodes in ${fmtTime(nv.buildMs)}, ${perNode(nv.bytes, NAIVE_VALUES)} per node; ${naiveFate}`);
  say(
    `  adnn: build + backprop ${fmtMinMed(l.adnn.time)} (of 3), ${fmtInt(ADNN_NODES)} nodes, heap ${perNode(l.adnn.bytes, NOMINAL_NODES)} per nominal node, ` +
      `${perNode(l.adnn.bytes, ADNN_NODES)} per node object`,
  );
  for (const c of l.compiled) {
    say(
      `  compiled (${c.mode}): compile ${fmtMinMed(c.compile)}; run() ${fmtMinMed(c.run)} = ${fmtRatio(c.run, c.hand)} hand-written; ` +
        `keeps ${c.bytes === null ? 'n/a' : fmtBytes(c.bytes)} = ${perNode(c.bytes, c.nodes)} per node`,
    );
  }
  const rows = [
    row(
      `${fmtInt(NOMINAL_NODES)}-node chain (${fmtInt(LONG_STEPS)} × (x·1.0001 + 0.0001), ${fmtInt(ENGINE_VALUES)} Values), build + backward`,
      fmtMinMed(l.engine),
      fmtMinMed(l.hand),
      fmtRatio(l.engine, l.hand),
      `≤ ${TARGET.longChainMs} ms: ${verdict(l.engine.median <= TARGET.longChainMs)}`,
      nv.outcome === 'stack overflow'
        ? `stack overflow in backward (build ${fmtTime(nv.buildMs)})`
        : `${fmtTime(nv.buildMs)} build + ${fmtTime(nv.outcome.ms)} backward`,
      peerCell(l.adnn.time, l.hand),
      TF_LONG,
    ),
    row(
      `${fmtInt(NOMINAL_NODES)}-node chain, heap while the graph is alive, per nominal node`,
      perNominal === null ? 'n/a (needs --expose-gc)' : `${perNominal.toFixed(1)} B (${perNode(l.engineBytes, ENGINE_VALUES)} per Value)`,
      `${fmtBytes(8 * (LONG_STEPS + 1))} tape (8 B per step)`,
      '',
      `≤ ${TARGET.longChainBytesPerNode} B: ${perNominal === null ? 'not measured' : verdict(perNominal <= TARGET.longChainBytesPerNode)}`,
      `${perNode(nv.bytes, NAIVE_VALUES)} per node`,
      `${perNode(l.adnn.bytes, NOMINAL_NODES)} (${perNode(l.adnn.bytes, ADNN_NODES)} per node object)`,
    ),
    ...l.compiled.map((c) =>
      row(
        `${fmtInt(NOMINAL_NODES)}-node chain, compiled run(), ${c.mode} (compile ${fmtMinMed(c.compile)}; keeps ${perNode(c.bytes, c.nodes)} per node)`,
        fmtMinMed(c.run),
        fmtMinMed(c.hand),
        fmtRatio(c.run, c.hand),
      ),
    ),
  ];
  return { rows, values: {} };
}

/** The ladder: per-level times at three depths. */
function ladderRows(): WorkloadResult {
  say(`\nladder: y = y*0.5 + y*0.5 (2^depth paths, 3 memograd Values per level); time per level (min / median of 9):`);
  const ladder = timeLadder();
  for (const d of ladder) {
    say(
      `  depth ${String(d.depth).padStart(5)}: memograd ${fmtMinMed(d.engine)}, hand-written ${fmtMinMed(d.hand)}, ` +
        `ratio ${fmtRatio(d.engine, d.hand)}; memograd backward alone ${fmtMinMed(d.backwardOnly)}; naive ${d.naive === 'stack overflow' ? d.naive : peerCell(d.naive, d.hand)}`,
    );
  }
  const s = spread(ladder.map((d) => d.engine));
  const sb = spread(ladder.map((d) => d.backwardOnly));
  say(`  per-level spread over depths ${DEPTHS.join(', ')} (largest / smallest median): build + backward ${ratio(s)}, backward alone ${ratio(sb)}`);
  const rows = [
    ...ladder.map((d) =>
      row(
        `ladder, depth ${fmtInt(d.depth)}, per level (build + backward)`,
        fmtMinMed(d.engine),
        fmtMinMed(d.hand),
        fmtRatio(d.engine, d.hand),
        `linear: per-level spread ${ratio(s)}`,
        d.naive === 'stack overflow' ? 'stack overflow' : peerCell(d.naive, d.hand),
      ),
    ),
    row(
      `ladder, backward alone, per level at depth ${DEPTHS.join(' / ')} (median)`,
      ladder.map((d) => fmtTime(d.backwardOnly.median)).join(' / '),
      '',
      '',
      `linear: per-level spread ${ratio(sb)}`,
    ),
  ];
  return { rows, values: {} };
}

/** The timed workloads, each run in a process of its own (see isolate.ts), in the table's order. */
const WORKLOADS: Readonly<Record<string, (peers: Peers) => WorkloadResult>> = {
  demo: demoRows,
  'demo-generated': () => demoGeneratedRows(),
  tanh: tanhRows,
  long: longRows,
  ladder: () => ladderRows(),
};

/** Times every workload in its own process and assembles the README table. */
function timeAll(): string[][] {
  const got = Object.fromEntries(Object.keys(WORKLOADS).map((w) => [w, runIsolated(w)])) as Record<string, WorkloadResult>;
  const rows = (w: string): string[][] => (got[w] as WorkloadResult).rows;
  const tfPerOp = (got['tanh'] as WorkloadResult).values['tfMsPerOp'] as number;
  const tfLong = `not run: about ${fmtTime(tfPerOp * 2 * LONG_STEPS)} (its ${fmtTime(tfPerOp)} per scalar op on the tanh chain, × ${fmtInt(2 * LONG_STEPS)} ops)`;
  const demo = rows('demo');
  return [
    ...demo.slice(0, 3),
    ...rows('demo-generated'),
    ...demo.slice(3),
    ...rows('tanh'),
    ...rows('long').map((r) => r.map((c) => (c === TF_LONG ? tfLong : c))),
    ...rows('ladder'),
  ];
}

/** A child process: times one workload and sends its rows. */
async function child(workload: string): Promise<number> {
  const run = WORKLOADS[workload];
  if (run === undefined) throw new Error(`bench: no workload '${workload}' (have ${Object.keys(WORKLOADS).join(', ')})`);
  sendResult(run(await loadPeers()));
  say(`  (${workload}: sink ${sink()})`);
  return 0;
}

/** `--generated-warmup [seconds]`: how long V8 takes to optimise the demo's generated code. */
function warmupCurve(seconds: number): number {
  console.log(`micrograd demo, compiled with generated code: mean step time per 100 steps, for ${seconds} s`);
  let next = 0;
  generatedWarmupCurve(seconds, (elapsed, steps, ms) => {
    if (elapsed >= next) {
      console.log(`  ${elapsed.toFixed(1).padStart(6)} s  ${fmtInt(steps).padStart(7)} steps  ${fmtTime(ms)} per step`);
      next = elapsed + seconds / 40;
    }
  });
  return 0;
}

/** Entry point; exit code 1 when any check fails. */
async function main(): Promise<number> {
  const workload = childWorkload(process.argv);
  if (workload !== undefined) return child(workload);
  const w = process.argv.indexOf('--generated-warmup');
  if (w !== -1) return warmupCurve(Number(process.argv[w + 1] ?? 60) || 60);
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  console.log(`memograd benchmarks (${quick ? 'quick: checks only' : 'full'})`);
  console.log(environment());
  const peers = await loadPeers();
  console.log(`peers: @tensorflow/tfjs ${tfVersion(peers.tf)} on its '${peers.tf.getBackend()}' backend (pure JavaScript, float32); adnn ${adnnVersion()}`);
  if (quick) console.log("quick mode: tfjs's scalar-op version of the demo (about 5 s) is not checked; the full bench checks it");
  const checks = [...checkDemo(peers, !quick).checks, ...checkTanhChain(peers), ...checkLongChain(peers.ad), ...checkLadder()];
  const failed = report(checks);
  if (failed > 0) {
    console.error(`\nFAILED: ${failed} of ${checks.length} checks failed; no timings taken.`);
    return 1;
  }
  console.log(`All ${checks.length} checks passed (${fmtTime(performance.now() - t0)}).`);
  if (quick) return 0;

  console.log('\nTimings, each workload in a fresh Node process:');
  const rows = timeAll();
  console.log('\nREADME table (times are min / median; ratios are to the hand-written code timed beside it in the same process):\n');
  console.log(markdownTable(header(peers), rows));
  console.log(`\n${environment()}`);
  console.log(`total bench time ${fmtTime(performance.now() - t0)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error('bench: crashed:', e);
    process.exitCode = 1;
  },
);
