/** micrograd's demo step: the correctness checks (before any timing), the timings and the memory figures. */
import { compile, type Value } from '../src/index.js';
import {
  CompiledDemo,
  EngineDemo,
  HandDemo,
  NaiveDemo,
  ScheduleRunner,
  engineNodeCount,
  naiveNodeCount,
  type DemoTrainer,
} from './micrograd-demo.js';
import { EXPECTED_LOSSES, MICROGRAD_ALT_SECOND, PARAM_COUNT, loadMoons, sharedFixtureStatus, type Moons } from './moons.js';
import { AdnnDemo } from './adnn-workloads.js';
import { TfMatrixDemo, TfScalarDemo, type TfDemoTrainer } from './tfjs-workloads.js';
import { check, relDiff, retainedBytes, timeInterleaved, type Check, type Timing } from './harness.js';
import { compileTimes, compiledBytes } from './compiled-cost.js';
import type { Ad, Peers, Tf } from './peers.js';

/** micrograd's node count for the demo's loss graph, every wrapped number a node (the figure). */
export const MICROGRAD_NODES = 65_818;
/**
 * What micrograd wraps as nodes and memograd folds into its ops: the 200 inputs, per point the
 * constants -y and 1, the 1/100 and 1e-4 factors, and Python's sums' two starting zeros with the
 * two additions they cost.
 */
export const FOLDED = 200 + 2 * 100 + 2 + 2 + 2;
/** float32 rounding, 2^-24, times 16: the tolerance for tfjs's float32 losses against float64. */
export const TOL_FLOAT32 = 16 * 2 ** -24;
/** Relative tolerance for a loss whose gradients were summed in another order: a few float64 ulps. */
const TOL_ORDER = 4 * Number.EPSILON;

/** The first three losses of a trainer started from the fixture's weights. */
function threeLosses(t: { step(k: number): number }): number[] {
  return [0, 1, 2].map((k) => t.step(k));
}

/** Losses as text, full precision. */
function show(ls: readonly number[]): string {
  return ls.map((l) => String(l)).join(', ');
}

/** Which of the three losses equal the expected ones exactly, as text. */
function exactness(ls: readonly number[]): string {
  return ls.map((l, i) => (l === EXPECTED_LOSSES[i] ? '===' : `off by ${relDiff(l, EXPECTED_LOSSES[i] as number).toExponential(2)}`)).join(', ');
}

/** The loss of every version, for the report. */
export interface DemoLosses {
  readonly [version: string]: readonly number[];
}

/** The demo's checks, and the losses each version produced. */
export interface DemoCheckResult {
  readonly checks: Check[];
  readonly losses: DemoLosses;
  readonly engineNodes: number;
  readonly naiveNodes: number;
}

/** Central difference of the hand-written loss in parameter k at the fixture's weights. */
function centralDifference(hand: HandDemo, m: Moons, k: number, h: number): number {
  const p = Float64Array.from(m.params);
  p[k] = (m.params[k] as number) + h;
  const up = hand.lossAt(p);
  p[k] = (m.params[k] as number) - h;
  const down = hand.lossAt(p);
  return (up - down) / (2 * h);
}

/**
 * Every version's first three losses against micrograd's (=== for memograd, the hand-written code
 * and the naive port), their gradients at the initial weights against each other bit for bit and the
 * hand-written ones against central differences; adnn within float64 summation-order noise, tfjs
 * within float32 rounding. `tfScalar` false skips tfjs's scalar-op version (about 5 s).
 */
export function checkDemo(peers: { readonly ad: Ad; readonly tf: Tf | undefined }, tfScalar: boolean): DemoCheckResult {
  const m = loadMoons();
  const out: Check[] = [];
  const status = sharedFixtureStatus();
  out.push(
    check(
      "demo: bench/fixtures/micrograd-moons.json is the project's shared fixture",
      status !== 'DIFFERENT',
      status === 'same' ? 'byte for byte equal to ../shared/fixtures/micrograd-moons.json' : 'shared copy absent (a clean clone): using the repository copy',
    ),
  );
  const versions: [string, DemoTrainer][] = [
    ['memograd dynamic', new EngineDemo(m)],
    ['memograd compiled (generated)', new CompiledDemo(m, 'auto')],
    ['memograd compiled (interpreted)', new CompiledDemo(m, 'interpreted')],
    ['hand-written', new HandDemo(m)],
    ['naive port', new NaiveDemo(m)],
  ];
  const losses: Record<string, readonly number[]> = {};
  const grads0: Float64Array[] = [];
  for (const [name, t] of versions) {
    const ls = [t.step(0)];
    grads0.push(t.grads());
    ls.push(t.step(1), t.step(2));
    losses[name] = ls;
    const ok = ls.every((l, i) => l === EXPECTED_LOSSES[i]);
    out.push(check(`demo: ${name}: the first three losses === micrograd's`, ok, `${show(ls)} (${exactness(ls)})`));
  }
  const ref = grads0[3] as Float64Array; // hand-written
  const names = versions.map(([n]) => n);
  const differing = grads0
    .map((g, i) => [names[i] as string, g.every((x, k) => Object.is(x, ref[k]))] as const)
    .filter(([, same]) => !same)
    .map(([n]) => n);
  out.push(
    check(
      `demo: the ${PARAM_COUNT} gradients at the initial weights are identical bit for bit in all ${versions.length} versions`,
      differing.length === 0,
      differing.length === 0 ? 'identical' : `differ from hand-written: ${differing.join(', ')}`,
    ),
  );
  // The loss is piecewise linear in any one weight (plus the quadratic L2 term), so central
  // differences are exact up to rounding unless a relu kink lies within h of the weight.
  const hand = new HandDemo(m);
  const spots = [0, 1, 2, 47, 48, 50, 100, 250, 319, 320, 335, 336];
  const h = 1e-6;
  const fdWorst = Math.max(...spots.map((k) => Math.abs((ref[k] as number) - centralDifference(hand, m, k, h))));
  const sizes = spots.map((k) => Math.abs(ref[k] as number));
  out.push(
    check(
      `demo: hand-written gradients vs central differences (h = ${h.toExponential(0)}, ${spots.length} parameters across all layers)`,
      fdWorst <= 1e-8,
      `max abs diff ${fdWorst.toExponential(2)} (tol 1e-8; these gradients' sizes: ${Math.min(...sizes).toExponential(1)} to ${Math.max(...sizes).toExponential(1)})`,
    ),
  );
  const engineNodes = engineNodeCount(m);
  const naiveNodes = naiveNodeCount(m);
  out.push(
    check(
      `demo: the naive port's graph has micrograd's ${MICROGRAD_NODES.toLocaleString('en-US')} nodes, memograd's ${FOLDED} fewer`,
      naiveNodes === MICROGRAD_NODES && engineNodes === MICROGRAD_NODES - FOLDED,
      `naive ${naiveNodes}, memograd ${engineNodes} (inputs and constants folded into ops)`,
    ),
  );

  const adnn = threeLosses(new AdnnDemo(peers.ad, m));
  losses['adnn'] = adnn;
  const adnnOk = adnn[0] === EXPECTED_LOSSES[0] && adnn.every((l, i) => relDiff(l, EXPECTED_LOSSES[i] as number) <= TOL_ORDER);
  out.push(
    check(
      `demo: adnn's first loss === micrograd's, the next two within ${TOL_ORDER.toExponential(1)} (its backprop sums gradients in another order)`,
      adnnOk,
      `${show(adnn)} (${exactness(adnn)})` +
        (adnn[1] === MICROGRAD_ALT_SECOND ? `; ${MICROGRAD_ALT_SECOND} is also micrograd's own second loss in some runs` : ''),
    ),
  );
  const tf = peers.tf;
  if (tf !== undefined) {
    const runs: [string, () => TfDemoTrainer][] = [['tfjs matrix ops', () => new TfMatrixDemo(tf, m)]];
    if (tfScalar) runs.push(['tfjs scalar ops', () => new TfScalarDemo(tf, m)]);
    for (const [name, make] of runs) {
      const t = make();
      const ls = threeLosses(t);
      t.dispose();
      losses[name] = ls;
      const worst = Math.max(...ls.map((l, i) => relDiff(l, EXPECTED_LOSSES[i] as number)));
      out.push(
        check(
          `demo: ${name} (float32): the first three losses within ${TOL_FLOAT32.toExponential(2)} (16 float32 roundings) of micrograd's`,
          worst <= TOL_FLOAT32,
          `${show(ls)}; max rel diff ${worst.toExponential(2)}`,
        ),
      );
    }
  }
  return { checks: out, losses, engineNodes, naiveNodes };
}

/** Timings of one training step (forward, zero grads, backward, update) per version, milliseconds. */
export interface DemoTimings {
  readonly hand: Timing;
  readonly engine: Timing;
  /** The interpreted version while its graph is the only one compiled in the process. */
  readonly interpreted: Timing;
  /** The interpreted version once a second graph has been compiled, with the hand-written samples taken beside it. */
  readonly interpretedSecond: { readonly run: Timing; readonly hand: Timing };
  readonly naive: Timing;
  readonly adnn: Timing;
  readonly tfMatrix: Timing;
  /** tfjs's scalar-op version, with the hand-written samples taken beside it. */
  readonly tfScalar: { readonly tf: Timing; readonly hand: Timing };
  readonly compile: { readonly generated: Timing; readonly interpreted: Timing };
}

/**
 * Times a training step of every version but the generated code (see `timeDemoGenerated`), each
 * going round the demo's 100-step schedule. The interpreted version is timed first as the only
 * compiled graph in the process, then as a second one; compile times come after.
 */
export function timeDemo(peers: Peers): DemoTimings {
  const m = loadMoons();
  const hand = new ScheduleRunner(new HandDemo(m));
  const engine = new ScheduleRunner(new EngineDemo(m));
  const interpreted = new ScheduleRunner(new CompiledDemo(m, 'interpreted'));
  const naive = new ScheduleRunner(new NaiveDemo(m));
  const adnn = new ScheduleRunner(new AdnnDemo(peers.ad, m));
  const tfMatrixDemo = new TfMatrixDemo(peers.tf, m);
  const tfMatrix = new ScheduleRunner(tfMatrixDemo);
  const [h, e, ci, n, a, tm] = timeInterleaved(
    [
      { name: 'hand-written', calls: 100, run: () => hand.next() },
      { name: 'memograd dynamic', calls: 4, run: () => engine.next() },
      { name: 'memograd compiled (interpreted)', calls: 30, run: () => interpreted.next() },
      { name: 'naive port', calls: 1, run: () => naive.next() },
      { name: 'adnn', calls: 3, run: () => adnn.next() },
      { name: 'tfjs matrix ops', calls: 5, run: () => tfMatrix.next() },
    ],
    { warmup: 3, reps: 15 },
  );
  tfMatrixDemo.dispose();

  // A second compiled graph: V8 had specialised the interpreter loop to the only graph there was
  // (its typed arrays as constants); with two, the loop reads them from its closure.
  const second = new ScheduleRunner(new CompiledDemo(m, 'interpreted'));
  const [ci2, ci2Hand] = timeInterleaved(
    [
      { name: 'memograd compiled (interpreted, second graph)', calls: 30, run: () => second.next() },
      { name: 'hand-written', calls: 100, run: () => hand.next() },
    ],
    { warmup: 3, reps: 15 },
  );

  const tfScalarDemo = new TfScalarDemo(peers.tf, m);
  const tfScalar = new ScheduleRunner(tfScalarDemo);
  const [ts, tsHand] = timeInterleaved(
    [
      { name: 'tfjs scalar ops', calls: 1, run: () => tfScalar.next() },
      { name: 'hand-written', calls: 100, run: () => hand.next() },
    ],
    { warmup: 1, reps: 2 },
  );
  tfScalarDemo.dispose();

  const graph = new EngineDemo(m).build();
  const compileGen = compileTimes(graph, 'auto', 3);
  const compileInt = compileTimes(graph, 'interpreted', 5);
  return {
    hand: h as Timing,
    engine: e as Timing,
    interpreted: ci as Timing,
    interpretedSecond: { run: ci2 as Timing, hand: ci2Hand as Timing },
    naive: n as Timing,
    adnn: a as Timing,
    tfMatrix: tm as Timing,
    tfScalar: { tf: ts as Timing, hand: tsHand as Timing },
    compile: { generated: compileGen, interpreted: compileInt },
  };
}

/** Warm-up steps before the generated code is timed: what a short training run would see. */
export const GENERATED_WARMUP_STEPS = 20;

/**
 * Times the generated-code version beside the hand-written one. V8 optimises its 650-odd generated
 * functions one by one on a background thread, which takes about a minute here; until then most of
 * them run unoptimised (see `generatedWarmupCurve`). Timed after GENERATED_WARMUP_STEPS steps.
 */
export function timeDemoGenerated(): { readonly run: Timing; readonly hand: Timing } {
  const m = loadMoons();
  const hand = new ScheduleRunner(new HandDemo(m));
  const generated = new ScheduleRunner(new CompiledDemo(m, 'auto'));
  const calls = 4;
  const [cg, h] = timeInterleaved(
    [
      { name: 'memograd compiled (generated)', calls, run: () => generated.next() },
      { name: 'hand-written', calls: 100, run: () => hand.next() },
    ],
    { warmup: GENERATED_WARMUP_STEPS / calls, reps: 15 },
  );
  return { run: cg as Timing, hand: h as Timing };
}

/**
 * Steps the generated-code version for `seconds`, reporting the mean step time of each block of 100
 * steps through `report` (elapsed seconds, steps so far, milliseconds per step): how long V8 takes
 * to optimise it. Not part of `npm run bench` (it takes minutes): `node build/bench.js --generated-warmup 120`.
 */
export function generatedWarmupCurve(seconds: number, report: (elapsedS: number, steps: number, msPerStep: number) => void): void {
  const m = loadMoons();
  const t0 = performance.now();
  const generated = new ScheduleRunner(new CompiledDemo(m, 'auto'));
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const t1 = performance.now();
    for (let i = 0; i < 100; i++) generated.next();
    steps += 100;
    report((performance.now() - t0) / 1000, steps, (performance.now() - t1) / 100);
  }
}

/** Heap per node of each dynamic graph while alive, and what compile() keeps per node. */
export interface DemoMemory {
  readonly engine: number | null;
  readonly engineNodes: number;
  readonly naive: number | null;
  readonly naiveNodes: number;
  readonly adnn: number | null;
  readonly compiled: readonly { readonly mode: string; readonly bytes: number | null; readonly nodes: number }[];
}

/** Measures the graphs' heap (GC before and after building each, with --expose-gc) and the compiled graphs' memory. */
export function demoMemory(ad: Ad): DemoMemory {
  const m = loadMoons();
  const engine = retainedBytes(() => new EngineDemo(m).build());
  const engineNodes = engineNodeCount(m);
  const naive = retainedBytes(() => new NaiveDemo(m).build());
  const adnn = retainedBytes(() => new AdnnDemo(ad, m).build());
  // The graph exists before and after compile(): only what compile() adds is counted.
  const graph: Value = new EngineDemo(m).build();
  const compiled = (['interpreted', 'auto'] as const).map((mode) => compiledBytes(graph, mode));
  if (compile(graph, { mode: 'interpreted' }).size !== engineNodes) throw new Error('demo: compiled size differs from the node count');
  return {
    engine: engine.bytes,
    engineNodes,
    naive: naive.bytes,
    naiveNodes: MICROGRAD_NODES,
    adnn: adnn.bytes,
    compiled,
  };
}
