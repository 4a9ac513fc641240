/**
 * What a compiled workload costs before it runs at its speed: the time of the compile() call
 * (generation time), the first run, and the number of runs until V8 has optimised what it runs,
 * each measured in a fresh process, with the hand-written baseline timed in the same process after.
 *
 * Runs to steady speed, precisely: time the runs after the first in blocks of `block` runs (each
 * block's mean time per run is one point of the series) for at most `maxRuns` runs or `maxMs`
 * milliseconds. The final speed F is the median of the series' last quarter. Take the median of
 * every WINDOW consecutive blocks; the runs to steady speed are the runs before the first block
 * from which every such window median is within TOLERANCE (10%) of F, counted in whole blocks
 * (first run included). If the last quarter has not settled itself (the medians of its two halves
 * differ by more than TOLERANCE) the workload did not reach a steady speed within the series, and
 * says so.
 */
import { compile, type CompileMode } from '../src/index.js';
import { CompiledDemo, EngineDemo, ScheduleRunner, SparseHandDemo, engineLoss } from './micrograd-demo.js';
import { loadMoons } from './moons.js';
import { CompiledTanhChain, HandTanhChain } from './tanh-chain.js';
import { tanhInputs } from './tanh-inputs.js';
import { HandLongChain, engineBuild } from './long-chain.js';
import { HandMinibatch, TrainerMinibatch } from './minibatch.js';
import { check, consume, summarize, timeInterleaved, type Check, type Timing } from './harness.js';

/** Blocks per sliding window. */
export const WINDOW = 5;
/** How far from the final speed a window's median may be, relatively. */
export const TOLERANCE = 0.1;
/** The fewest blocks a series has, whatever its time limit. */
const MIN_BLOCKS = 4 * WINDOW;

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  return summarize('', xs).median;
}

/** Where a series of per-run times settles: the final speed, and the first block of the steady stretch (null: not settled). */
export function steadyFrom(series: readonly number[]): { readonly final: number; readonly from: number | null } {
  if (series.length < MIN_BLOCKS) throw new Error(`steadyFrom: ${series.length} blocks, needs at least ${MIN_BLOCKS}`);
  const q = Math.floor(series.length / 4);
  const last = series.slice(series.length - q);
  const final = median(last);
  const h = Math.floor(q / 2);
  const settled = Math.abs(median(last.slice(0, h)) - median(last.slice(h))) <= TOLERANCE * final;
  if (!settled) return { final, from: null };
  let from = 0;
  for (let j = 0; j + WINDOW <= series.length; j++) {
    if (Math.abs(median(series.slice(j, j + WINDOW)) - final) > TOLERANCE * final) from = j + 1;
  }
  return { final, from };
}

/** A compiled workload's warm-up, measured in a process of its own. */
export interface Warmup {
  /** The mode compile() chose or was given (for the Trainer: how many of its steps ran compiled). */
  readonly mode: string;
  /** Milliseconds of the compile() call; null where the workload compiles inside its first run (the Trainer). */
  readonly compileMs: number | null;
  /** Milliseconds of the first run after compile(). */
  readonly firstMs: number;
  /** Runs per block of the series, and the runs and seconds it took in all. */
  readonly block: number;
  readonly runs: number;
  readonly seconds: number;
  /** The final speed F (ms per run). */
  readonly steadyMs: number;
  /** Runs before the steady stretch (first run included), or null if the series did not settle. */
  readonly steadyAfter: number | null;
  /** Milliseconds from the first run to the steady stretch (null if it did not settle). */
  readonly steadyAfterMs: number | null;
  /** Times of more compile() calls in the same process once warm (the demo in the default mode only; else empty). */
  readonly recompileMs: readonly number[];
  /** After the series: the version and the hand-written baseline timed interleaved. */
  readonly run: Timing;
  readonly hand: Timing;
}

/** A workload made ready: its mode (read after the series: a Trainer decides as it goes), compile time and run. */
interface Measured {
  readonly mode: () => string;
  readonly compileMs: number | null;
  readonly run: () => number;
  /**
   * More compile() calls, timed, once everything else is measured (a second compiled graph in the
   * process changes how V8 optimises the first: see demo-runs.ts): a warm process's compile time.
   */
  readonly recompile?: () => number[];
}

/** How one workload is measured. */
interface WarmupSpec {
  /** Builds and compiles the workload: its mode, compile time and one run (the first is timed by the caller). */
  readonly make: () => Measured;
  /** The hand-written baseline's run. */
  readonly hand: () => () => number;
  readonly block: number;
  readonly maxRuns: number;
  readonly maxMs: number;
  /** Calls per sample of the version and of the hand-written code in the timing after the series. */
  readonly calls: number;
  readonly handCalls: number;
}

/** The long chain compiled in `mode` (default: compile()'s own choice): one run zeroes x0's gradient and returns y + dy/dx0. */
function longChainCompiled(mode: CompileMode | undefined): Measured {
  const { x0, y } = engineBuild();
  const t0 = performance.now();
  const c = mode === undefined ? compile(y) : compile(y, { mode });
  const compileMs = performance.now() - t0;
  return {
    mode: () => c.mode,
    compileMs,
    run: () => {
      x0.grad = 0;
      return c.run() + x0.grad;
    },
  };
}

/** How many more compile() calls of the demo's graph (a new one, at the fixture's weights, default mode) `recompile` times. */
const RECOMPILES = 5;

/** The demo compiled in `mode`, stepped round its schedule. */
function demoCompiled(mode: CompileMode | undefined): Measured {
  const m = loadMoons();
  const demo = mode === undefined ? new CompiledDemo(m) : new CompiledDemo(m, mode);
  const r = new ScheduleRunner(demo);
  const recompile = (): number[] => {
    const loss = engineLoss(new EngineDemo(m).p, m);
    return Array.from({ length: RECOMPILES }, () => {
      const t0 = performance.now();
      compile(loss);
      return performance.now() - t0;
    });
  };
  return { mode: () => demo.graph.mode, compileMs: demo.compileMs, run: () => r.next(), ...(mode === undefined ? { recompile } : {}) };
}

/** The tanh chain compiled in `mode`. */
function tanhCompiled(mode: CompileMode | undefined): Measured {
  const c = mode === undefined ? new CompiledTanhChain(tanhInputs()) : new CompiledTanhChain(tanhInputs(), mode);
  return { mode: () => c.graph.mode, compileMs: c.compileMs, run: () => c.run() };
}

const demoHand = (): (() => number) => {
  const r = new ScheduleRunner(new SparseHandDemo(loadMoons()));
  return () => r.next();
};
const tanhHand = (): (() => number) => {
  const h = new HandTanhChain(tanhInputs());
  return () => h.run();
};
const longHand = (): (() => number) => {
  const h = new HandLongChain();
  return () => h.run();
};

/** The measured workloads, by name: each compiled workload of the bench, in compile()'s default mode and in the other. */
const SPECS = {
  'demo-auto': { make: () => demoCompiled(undefined), hand: demoHand, block: 10, maxRuns: 5000, maxMs: 1500, calls: 30, handCalls: 100 },
  'demo-generated': { make: () => demoCompiled('generated'), hand: demoHand, block: 10, maxRuns: 100_000, maxMs: 4000, calls: 4, handCalls: 100 },
  'tanh-auto': { make: () => tanhCompiled(undefined), hand: tanhHand, block: 50, maxRuns: 40_000, maxMs: 1000, calls: 500, handCalls: 1000 },
  'tanh-interpreted': { make: () => tanhCompiled('interpreted'), hand: tanhHand, block: 50, maxRuns: 40_000, maxMs: 1000, calls: 300, handCalls: 1000 },
  'long-auto': { make: () => longChainCompiled(undefined), hand: longHand, block: 2, maxRuns: 1000, maxMs: 2000, calls: 2, handCalls: 10 },
  'long-generated': { make: () => longChainCompiled('generated'), hand: longHand, block: 1, maxRuns: 200, maxMs: 2500, calls: 1, handCalls: 10 },
  'minibatch-trainer': {
    make: () => {
      const t = new TrainerMinibatch(loadMoons(), undefined);
      return {
        mode: () => `Trainer default: ${t.trainer.compiledSteps} of ${t.trainer.stepCount} steps compiled`,
        compileMs: null,
        run: () => t.step(),
      };
    },
    hand: () => {
      const h = new HandMinibatch(loadMoons());
      return () => h.step();
    },
    block: 5,
    maxRuns: 5000,
    maxMs: 1500,
    calls: 10,
    handCalls: 200,
  },
} as const satisfies Record<string, WarmupSpec>;

/** The warm-up workloads, by name. */
export const WARMUP_WORKLOADS = Object.keys(SPECS) as (keyof typeof SPECS)[];

/** One of WARMUP_WORKLOADS. */
export type WarmupWorkload = keyof typeof SPECS;

/** Measures one workload's warm-up (call it in a fresh process: V8's state is what it measures). */
export function measureWarmup(name: WarmupWorkload): Warmup {
  const spec: WarmupSpec = SPECS[name];
  const w = spec.make();
  const t0 = performance.now();
  consume(w.run());
  const firstMs = performance.now() - t0;
  const series: number[] = [];
  // When each block ended, in ms from the first run's start.
  const ends: number[] = [];
  const start = performance.now();
  let runs = 1;
  while (series.length < MIN_BLOCKS || (runs + spec.block <= spec.maxRuns && performance.now() - start < spec.maxMs)) {
    const a = performance.now();
    for (let i = 0; i < spec.block; i++) consume(w.run());
    const b = performance.now();
    series.push((b - a) / spec.block);
    ends.push(b - t0);
    runs += spec.block;
  }
  const seconds = (performance.now() - t0) / 1000;
  const { final, from } = steadyFrom(series);
  const hand = spec.hand();
  const [run, h] = timeInterleaved(
    [
      { name, calls: spec.calls, run: w.run },
      { name: 'hand-written', calls: spec.handCalls, run: hand },
    ],
    { warmup: 1, reps: 7 },
  );
  const recompileMs = w.recompile?.() ?? [];
  return {
    recompileMs,
    mode: w.mode(),
    compileMs: w.compileMs,
    firstMs,
    block: spec.block,
    runs,
    seconds,
    steadyMs: final,
    steadyAfter: from === null ? null : 1 + from * spec.block,
    steadyAfterMs: from === null ? null : from === 0 ? firstMs : (ends[from - 1] as number),
    run: run as Timing,
    hand: h as Timing,
  };
}

/** The definition checked on made-up series: a slow start that settles, a flat one, one that never settles. */
export function checkSteady(): Check[] {
  const settles = [...Array<number>(12).fill(10), ...Array<number>(3).fill(3), ...Array<number>(45).fill(1)];
  const flat = Array<number>(40).fill(2);
  const drifting = Array.from({ length: 40 }, (_, i) => 100 / (i + 1));
  const a = steadyFrom(settles);
  const b = steadyFrom(flat);
  const c = steadyFrom(drifting);
  // settles: window j holds blocks j..j+4; the last whose median is off (three 3s of five) is j = 12, so the stretch starts at block 13.
  return [
    check(
      'warm-up: runs to steady speed on made-up series (12 slow blocks, 3 faster, then flat; flat; still speeding up)',
      a.final === 1 && a.from === 13 && b.final === 2 && b.from === 0 && c.from === null,
      `settles from block ${a.from} at ${a.final}; flat from ${b.from}; still speeding up: ${c.from === null ? 'not settled' : `from ${c.from}`}`,
    ),
  ];
}
