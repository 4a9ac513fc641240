/** Workload 2: x = x·1.0001 + 0.0001 for 250,000 steps from a leaf x0; build + backward time and heap per node. */
import { Value, compile, type CompileMode } from '../src/index.js';
import { NaiveValue, survivesStack } from './naive-micrograd.js';
import { check, relDiff, retainedBytes, summarize, timeInterleaved, type Check, type Timing } from './harness.js';
import { adnnLongChain } from './adnn-workloads.js';
import { compileTimes, compiledCost } from './compiled-cost.js';
import type { Ad } from './peers.js';
import { BareNode } from './bare-node.js';

/** Chain length. */
export const STEPS = 250_000;
/** The multiplier: d x_{i+1} / d x_i. */
const M = 1.0001;
/** The added constant. */
const C = 0.0001;
/** The starting value. */
const X0 = 1;
/** Nodes as micrograd counts them: per step two constants, a product and a sum. */
export const NOMINAL_NODES = 4 * STEPS;
/** Value objects memograd creates: per step a product and a sum (constants are folded), plus x0. */
export const ENGINE_VALUES = 2 * STEPS + 1;
/** Nodes the naive port creates: the nominal four per step, plus x0. */
export const NAIVE_VALUES = 4 * STEPS + 1;
/** Nodes adnn creates: like memograd, a product and a sum per step (constants stay numbers), plus x0. */
export const ADNN_NODES = 2 * STEPS + 1;

/** memograd's graph: the leaf and the output. */
export function engineBuild(): { readonly x0: Value; readonly y: Value } {
  const x0 = new Value(X0, 'x0');
  let y = x0;
  for (let i = 0; i < STEPS; i++) y = y.mul(M).add(C);
  return { x0, y };
}

/** One memograd build + backward; returns y + dy/dx0. */
export function engineRun(): number {
  const { x0, y } = engineBuild();
  y.backward();
  return y.data + x0.grad;
}

/**
 * The chain built as bare garbage-collected objects, with nothing else (no gradient, label, id or
 * checks; no backward): a floor under any build of this graph as objects. Returns y.
 */
export function bareBuild(): number {
  let y = new BareNode(X0, 0, null, null);
  for (let i = 0; i < STEPS; i++) {
    const p = new BareNode(y.data * M, 1, y, M);
    y = new BareNode(p.data + C, 2, p, C);
  }
  return y.data;
}

/** The output with plain numbers. */
function plainForward(): number {
  let x = X0;
  for (let i = 0; i < STEPS; i++) x = x * M + C;
  return x;
}

/** Hand-written: forward into a Float64Array tape, then the reverse loop (each step's local derivative is M). */
export class HandLongChain {
  private readonly tape = new Float64Array(STEPS + 1);
  /** dy/dx0 from the last run. */
  grad = 0;

  /**
   * One forward and reverse pass; returns y + dy/dx0. Each loop is a function of its own that ends
   * in a bare return: V8 compiles a long loop on its first call (on-stack replacement), before the
   * code after it has run, and an OSR version that meets code without type feedback deoptimises
   * there on every later call (2 to 360 times per process when both loops and `this.grad = g` were here).
   */
  run(): number {
    const y = tapeForward(this.tape);
    const g = tapeReverse();
    this.grad = g;
    return y + g;
  }
}

/** The forward pass into `tape`; returns the output. */
function tapeForward(tape: Float64Array): number {
  let x = X0;
  tape[0] = x;
  for (let i = 0; i < STEPS; i++) {
    x = x * M + C;
    tape[i + 1] = x;
  }
  return x;
}

/** The reverse pass: dy/dx0, the product of the steps' local derivatives, last step first. */
function tapeReverse(): number {
  let g = 1;
  for (let i = STEPS - 1; i >= 0; i--) g *= M;
  return g;
}

/** The naive port's graph: the leaf and the output. */
function naiveBuild(): { readonly x0: NaiveValue; readonly y: NaiveValue } {
  const x0 = new NaiveValue(X0);
  let y = x0;
  for (let i = 0; i < STEPS; i++) y = y.mul(M).add(C);
  return { x0, y };
}

/**
 * memograd's gradient and value, the hand-written and adnn's gradients, against the closed form and a
 * plain loop; the compiled graph (the default mode, which interprets a graph this large, and
 * generated code) against backward() bit for bit.
 */
export function checkLongChain(ad: Ad | undefined, modes: readonly CompileMode[] = ['auto', 'generated']): Check[] {
  const closed = Math.pow(M, STEPS);
  const plain = plainForward();
  const bare = bareBuild();
  const { x0, y } = engineBuild();
  y.backward();
  const hand = new HandLongChain();
  hand.run();
  const dG = relDiff(x0.grad, closed);
  const dH = relDiff(hand.grad, closed);
  const out = [
    check(
      'long chain: memograd x0.grad vs 1.0001^250000',
      dG <= 1e-9,
      `${x0.grad} vs ${closed}: rel diff ${dG.toExponential(2)} (tol 1e-9)`,
    ),
    check('long chain: memograd output vs plain-number loop', y.data === plain, `${y.data} vs ${plain}`),
    check('long chain: the bare build\'s output vs plain-number loop', bare === plain, `${bare} vs ${plain}`),
    check('long chain: hand-written gradient vs 1.0001^250000', dH <= 1e-9, `rel diff ${dH.toExponential(2)} (tol 1e-9)`),
  ];
  const want = { y: y.data, grad: x0.grad };
  for (const mode of modes) {
    const c = compile(y, { mode });
    x0.grad = 0;
    const value = c.run();
    const same = Object.is(value, want.y) && Object.is(y.data, want.y) && Object.is(x0.grad, want.grad);
    // The default mode runs this chain as a scan loop, which is generated code (compile()'s stats.scan).
    const expected = mode === 'auto' ? 'generated' : mode;
    out.push(
      check(
        `long chain: compiled run() (${mode === 'auto' ? 'default mode, ' : ''}${c.mode}) equals backward() bit for bit (y, x0.grad)`,
        same && c.mode === expected && (mode === 'auto' ? c.stats.scan !== undefined : true),
        `${c.mode === expected ? '' : `ran as ${c.mode}, expected ${expected}; `}y ${value}, x0.grad ${x0.grad} vs ${want.y}, ${want.grad}`,
      ),
    );
  }
  if (ad === undefined) return out; // quick mode: the peers are not installed
  const a = adnnLongChain(ad, STEPS, X0, M, C);
  a.y.backprop();
  const dA = relDiff(a.x0.dx, closed);
  out.push(
    check(
      'long chain: adnn x0 derivative vs 1.0001^250000, its output vs the plain loop',
      dA <= 1e-9 && a.y.x === plain,
      `rel diff ${dA.toExponential(2)} (tol 1e-9); y ${a.y.x} vs ${plain}`,
    ),
  );
  return out;
}

/** What the naive port did on the long chain: its build time and heap, and how backward ended. */
export interface NaiveLongChain {
  readonly buildMs: number;
  readonly bytes: number | null;
  readonly outcome: 'stack overflow' | { readonly ms: number; readonly grad: number };
}

/** Timings, heap and the naive port's fate on the long chain. */
export interface LongChainResults {
  readonly engine: Timing;
  readonly hand: Timing;
  /** The bare build (see `bareBuild`), timed beside them. */
  readonly bare: Timing;
  /** Heap retained by memograd's graph (x0 through y) while alive, or null without --expose-gc. */
  readonly engineBytes: number | null;
  readonly naive: NaiveLongChain;
  readonly compiled: readonly CompiledLongChain[];
  readonly adnn: { readonly time: Timing; readonly bytes: number | null };
}

/** The compiled chain in one mode: compile time, run time against hand-written samples taken beside it, and memory. */
export interface CompiledLongChain {
  readonly mode: string;
  readonly compile: Timing;
  readonly run: Timing;
  readonly hand: Timing;
  readonly bytes: number | null;
  readonly nodes: number;
}

/** Times build + backward (5 samples after 1 warm-up, GC between), measures heap, lets the naive port try, then the compiled chain and adnn. */
export function runLongChain(ad: Ad): LongChainResults {
  const hand = new HandLongChain();
  const [e, h, b] = timeInterleaved(
    [
      { name: 'memograd', calls: 1, run: engineRun },
      { name: 'hand-written', calls: 20, run: () => hand.run() },
      { name: 'bare build', calls: 1, run: bareBuild },
    ],
    { warmup: 1, reps: 5, gcBetween: true },
  );
  const mem = retainedBytes(engineBuild);
  mem.value.y.backward(); // keeps the graph alive through the second reading, and checks it still works
  if (relDiff(mem.value.x0.grad, Math.pow(M, STEPS)) > 1e-9) throw new Error('long chain: gradient changed between runs');
  const naive = runNaive();
  const compiled = runCompiled(hand);
  const adnnTime = timeInterleaved(
    [
      {
        name: 'adnn',
        calls: 1,
        run: () => {
          const { x0, y } = adnnLongChain(ad, STEPS, X0, M, C);
          y.backprop();
          return y.x + x0.dx;
        },
      },
    ],
    { warmup: 1, reps: 3, gcBetween: true },
  )[0] as Timing;
  const adnnMem = retainedBytes(() => adnnLongChain(ad, STEPS, X0, M, C));
  adnnMem.value.y.backprop();
  return { engine: e as Timing, hand: h as Timing, bare: b as Timing, engineBytes: mem.bytes, naive, compiled, adnn: { time: adnnTime, bytes: adnnMem.bytes } };
}

/**
 * Compiles the chain in each mode (its compile time and memory), times run() beside the
 * hand-written loop, then takes more compile-time samples in interpreted mode. The timed graph is
 * the first one compiled in the process: the interpreter loop runs slower once a second graph is
 * compiled (see demo-runs.ts).
 */
function runCompiled(hand: HandLongChain): CompiledLongChain[] {
  return (['interpreted', 'generated'] as const).map((mode) => {
    const { x0, y } = engineBuild();
    const cost = compiledCost(y, mode);
    const c = cost.graph;
    const [r, hh] = timeInterleaved(
      [
        {
          name: `compiled (${mode})`,
          calls: 1,
          run: () => {
            x0.grad = 0;
            return c.run() + x0.grad;
          },
        },
        { name: 'hand-written', calls: 20, run: () => hand.run() },
      ],
      { warmup: 2, reps: 7 },
    );
    // Generated code compiles in about 2 s, and again it would come from V8's cache: one sample.
    const more = mode === 'interpreted' ? compileTimes(y, mode, 2).samples : [];
    const compileTime = summarize(`compile (${mode})`, [cost.compileMs, ...more]);
    return { mode: c.mode, compile: compileTime, run: r as Timing, hand: hh as Timing, bytes: cost.bytes, nodes: c.size };
  });
}

/** Builds the naive port's million-node chain, measures it, and calls its recursive backward once. */
function runNaive(): NaiveLongChain {
  let buildMs = NaN;
  const mem = retainedBytes(() => {
    const t0 = performance.now();
    const graph = naiveBuild();
    buildMs = performance.now() - t0;
    return graph;
  });
  const { x0, y } = mem.value;
  const t1 = performance.now();
  const outcome = survivesStack(() => y.backward());
  const ms = performance.now() - t1;
  return { buildMs, bytes: mem.bytes, outcome: outcome === 'stack overflow' ? outcome : { ms, grad: x0.grad } };
}
