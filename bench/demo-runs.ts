/** micrograd's demo step: the correctness checks (before any timing), the timings and the memory figures. */
import { AUTO_GENERATE_MAX_NODES, type CompileMode, type CompiledGraph, type Value } from '../src/index.js';
import {
  BareGraphBuild,
  CompiledDemo,
  EngineDemo,
  HandDemo,
  NaiveDemo,
  ScheduleRunner,
  SparseHandDemo,
  engineNodeCount,
  naiveNodeCount,
  type DemoTrainer,
} from './micrograd-demo.js';
import { EXPECTED_LOSSES, MICROGRAD_ALT_SECOND, PARAM_COUNT, loadMoons, sharedFixtureStatus, type Moons } from './moons.js';
import { AdnnDemo } from './adnn-workloads.js';
import { TfMatrixDemo, TfScalarDemo, type TfDemoTrainer } from './tfjs-workloads.js';
import { check, relDiff, retainedBytes, type Check, type Contender, type Pair, type Timing } from './harness.js';
import { compileTimes, compiledCost } from './compiled-cost.js';
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
export function checkDemo(peers: { readonly ad: Ad | undefined; readonly tf: Tf | undefined }, tfScalar: boolean): Check[] {
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
  const byDefault = new CompiledDemo(m);
  const generated = new CompiledDemo(m, 'generated');
  out.push(
    check(
      `demo: compile()'s default mode 'auto' interprets the demo's graph (more than AUTO_GENERATE_MAX_NODES = ${AUTO_GENERATE_MAX_NODES.toLocaleString('en-US')} nodes), and { mode: 'generated' } rerolls it (100 copies of one per-sample subgraph)`,
      byDefault.graph.mode === 'interpreted' && generated.graph.mode === 'rerolled',
      `default: ${byDefault.graph.mode}, ${byDefault.graph.size.toLocaleString('en-US')} nodes; { mode: 'generated' }: ${generated.graph.mode}`,
    ),
  );
  const versions: [string, DemoTrainer][] = [
    ['memograd dynamic', new EngineDemo(m)],
    [`memograd compiled, default mode (${byDefault.graph.mode})`, byDefault],
    [`memograd compiled, { mode: 'generated' } (${generated.graph.mode})`, generated],
    ['hand-written', new HandDemo(m)],
    ['naive port', new NaiveDemo(m)],
    ['hand-written sparse (the baseline)', new SparseHandDemo(m)],
  ];
  const grads0: Float64Array[] = [];
  for (const [name, t] of versions) {
    const ls = [t.step(0)];
    grads0.push(t.grads());
    ls.push(t.step(1), t.step(2));
    const ok = ls.every((l, i) => l === EXPECTED_LOSSES[i]);
    out.push(check(`demo: ${name}: the first three losses === micrograd's`, ok, `${show(ls)} (${exactness(ls)})`));
  }
  const bare = new BareGraphBuild(m).step(0);
  out.push(check("demo: the bare graph build's loss === micrograd's first", bare === EXPECTED_LOSSES[0], show([bare])));
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

  if (peers.ad === undefined) return out; // quick mode: the peers are not installed
  const adnn = threeLosses(new AdnnDemo(peers.ad, m));
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
  return out;
}

/** Warm-up steps before the generated code is timed: what a short training run would see. */
export const GENERATED_WARMUP_STEPS = 20;

/** The demo's timed versions, each paired with the hand-written step, by name; each is timed in a process of its own. */
export const DEMO_VERSIONS = [
  'hand-dense',
  'bare-build',
  'dynamic',
  'auto',
  'auto-second',
  'generated',
  'naive',
  'adnn',
  'tfjs-matrix',
  'tfjs-scalar',
] as const;

/** One of DEMO_VERSIONS. */
export type DemoVersion = (typeof DEMO_VERSIONS)[number];

/**
 * The pair for one version of the demo step (forward, zero grads, backward, SGD update), each
 * going round the demo's 100-step schedule. Samples are tens of milliseconds, so a version that
 * allocates pays its own garbage collection.
 *
 * - auto: `compile(loss)` in its default mode, which interprets a graph this large (for more
 *   runs than its samples take: it tiers up to the rerolled loops after TIER_UP_AFTER); the only
 *   compiled graph in the process, as in a program that trains one model. V8 does not always
 *   optimise the interpreter loop the same way: most processes run a step in about 0.28 ms, some
 *   in 0.5 ms.
 * - auto-second: another graph of the same size is compiled (so interpreted) first; the loop then
 *   runs at about 0.67 ms a step.
 * - generated: `{ mode: 'generated' }`. V8 optimises the 650-odd generated functions one by one
 *   on a background thread, which takes about a minute here; timed after GENERATED_WARMUP_STEPS
 *   steps, when most still run unoptimised (see `generatedWarmupCurve`).
 */
export function demoPair(version: DemoVersion, peers: Peers): Pair {
  const m = loadMoons();
  // The baseline: the fastest correct hand-written step (checked against the others in checkDemo).
  const handRunner = new ScheduleRunner(new SparseHandDemo(m));
  const hand = { name: 'hand-written sparse', calls: 100, run: () => handRunner.next() };
  const plan = { warmup: 3, reps: 15 };
  const pair = (name: string, trainer: { step(k: number): number; reset(): void }, calls: number, p = plan, info?: () => Record<string, number>): Pair => {
    const r = new ScheduleRunner(trainer);
    const version: Contender = { name, calls, run: () => r.next() };
    return info === undefined ? { version, hand, plan: p } : { version, hand, plan: p, info };
  };
  switch (version) {
    case 'hand-dense':
      return pair('hand-written dense', new HandDemo(m), 100);
    case 'bare-build':
      return pair('bare graph build', new BareGraphBuild(m), 10);
    case 'dynamic':
      return pair('memograd dynamic', new EngineDemo(m), 10);
    case 'auto': {
      const demo = compiledIn(m, 'interpreted');
      return pair('memograd compiled (default mode)', demo, 30, plan, () => stillInterpreted(demo));
    }
    case 'auto-second': {
      compiledIn(m, 'interpreted').step(0);
      const demo = compiledIn(m, 'interpreted');
      return pair('memograd compiled (default mode, a second graph)', demo, 30, plan, () => stillInterpreted(demo));
    }
    case 'generated': {
      const demo = compiledIn(m, 'rerolled', 'generated');
      return pair('memograd compiled (generated)', demo, 4, { warmup: GENERATED_WARMUP_STEPS / 4, reps: 15 }, () => ({ compileMs: demo.compileMs }));
    }
    case 'naive':
      return pair('naive port', new NaiveDemo(m), 1);
    case 'adnn':
      return pair('adnn', new AdnnDemo(peers.ad, m), 2);
    case 'tfjs-matrix':
      return pair('tfjs matrix ops', new TfMatrixDemo(peers.tf, m), 10);
    case 'tfjs-scalar':
      return pair('tfjs scalar ops', new TfScalarDemo(peers.tf, m), 1, { warmup: 1, reps: 3 });
  }
}

/**
 * Checks that the default mode's demo ran interpreted throughout its timing (it tiers up to the
 * rerolled loops after TIER_UP_AFTER runs, more than its samples take): the row's label says so.
 */
function stillInterpreted(demo: CompiledDemo): Record<string, number> {
  if (demo.graph.mode !== 'interpreted') throw new Error(`demo: the default mode's graph ran ${demo.graph.mode} before its timing ended (tiered up): the bench's labels would be wrong`);
  return {};
}

/** The demo compiled with `mode` (the default when omitted), refusing to time it if it does not run as `expected`. */
function compiledIn(m: Moons, expected: CompiledGraph['mode'], mode?: CompileMode): CompiledDemo {
  const demo = mode === undefined ? new CompiledDemo(m) : new CompiledDemo(m, mode);
  if (demo.graph.mode !== expected) throw new Error(`demo: compiled in mode ${demo.graph.mode}, expected ${expected}: the bench's labels would be wrong`);
  return demo;
}

/**
 * Steps the generated-code version for `seconds`, reporting the mean step time of each block of 100
 * steps through `report` (elapsed seconds, steps so far, milliseconds per step): how long V8 takes
 * to optimise it. Not part of `npm run bench` (it takes minutes): `node build/bench.js --generated-warmup 120`.
 */
export function generatedWarmupCurve(seconds: number, report: (elapsedS: number, steps: number, msPerStep: number) => void): void {
  const m = loadMoons();
  const t0 = performance.now();
  const generated = new ScheduleRunner(compiledIn(m, 'rerolled', 'generated'));
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
  readonly compiled: readonly { readonly mode: string; readonly bytes: number | null; readonly nodes: number; readonly compileMs: number }[];
  /** compile() in interpreted mode, 5 samples (generated mode's is `compiled`'s compileMs: V8 caches a source it has compiled). */
  readonly compileInterpreted: Timing;
}

/**
 * Measures the graphs' heap (GC before and after building each, with --expose-gc) and the compiled
 * graphs' memory and compile time. Call it before anything else in the process compiles the demo
 * graph to generated code (see `compiledCost`).
 */
export function demoMemory(ad: Ad): DemoMemory {
  const m = loadMoons();
  const engine = retainedBytes(() => new EngineDemo(m).build());
  const engineNodes = engineNodeCount(m);
  const naive = retainedBytes(() => new NaiveDemo(m).build());
  const adnn = retainedBytes(() => new AdnnDemo(ad, m).build());
  // The graph exists before and after compile(): only what compile() adds is counted.
  const graph: Value = new EngineDemo(m).build();
  const compiled = (['interpreted', 'generated'] as const).map((mode) => {
    const c = compiledCost(graph, mode);
    if (c.graph.size !== engineNodes) throw new Error('demo: compiled size differs from the node count');
    return { mode: c.graph.mode, bytes: c.bytes, nodes: c.graph.size, compileMs: c.compileMs };
  });
  const compileInterpreted = compileTimes(graph, 'interpreted', 5);
  return { engine: engine.bytes, engineNodes, naive: naive.bytes, naiveNodes: MICROGRAD_NODES, adnn: adnn.bytes, compiled, compileInterpreted };
}
