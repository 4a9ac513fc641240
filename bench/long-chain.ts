/** Workload 2: x = x·1.0001 + 0.0001 for 250,000 steps from a leaf x0; build + backward time and heap per node. */
import { Value } from '../src/index.js';
import { NaiveValue, survivesStack } from './naive-micrograd.js';
import { check, relDiff, retainedBytes, timeInterleaved, type Check, type Timing } from './harness.js';

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

/** memograd's graph: the leaf and the output. */
function engineBuild(): { readonly x0: Value; readonly y: Value } {
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

  /** One forward and reverse pass; returns y + dy/dx0. */
  run(): number {
    const tape = this.tape;
    tape[0] = X0;
    for (let i = 0; i < STEPS; i++) tape[i + 1] = (tape[i] as number) * M + C;
    let g = 1;
    for (let i = STEPS - 1; i >= 0; i--) g *= M;
    this.grad = g;
    return (tape[STEPS] as number) + g;
  }
}

/** The naive port's graph: the leaf and the output. */
function naiveBuild(): { readonly x0: NaiveValue; readonly y: NaiveValue } {
  const x0 = new NaiveValue(X0);
  let y = x0;
  for (let i = 0; i < STEPS; i++) y = y.mul(M).add(C);
  return { x0, y };
}

/** memograd's gradient and value, and the hand-written gradient, against the closed form and a plain loop. */
export function checkLongChain(): Check[] {
  const closed = Math.pow(M, STEPS);
  const plain = plainForward();
  const { x0, y } = engineBuild();
  y.backward();
  const hand = new HandLongChain();
  hand.run();
  const dG = relDiff(x0.grad, closed);
  const dH = relDiff(hand.grad, closed);
  return [
    check(
      'long chain: memograd x0.grad vs 1.0001^250000',
      dG <= 1e-9,
      `${x0.grad} vs ${closed}: rel diff ${dG.toExponential(2)} (tol 1e-9)`,
    ),
    check('long chain: memograd output vs plain-number loop', y.data === plain, `${y.data} vs ${plain}`),
    check('long chain: hand-written gradient vs 1.0001^250000', dH <= 1e-9, `rel diff ${dH.toExponential(2)} (tol 1e-9)`),
  ];
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
  /** Heap retained by memograd's graph (x0 through y) while alive, or null without --expose-gc. */
  readonly engineBytes: number | null;
  readonly naive: NaiveLongChain;
}

/** Times build + backward (5 samples after 1 warm-up, GC between), measures heap, then lets the naive port try. */
export function runLongChain(): LongChainResults {
  const hand = new HandLongChain();
  const [e, h] = timeInterleaved(
    [
      { name: 'memograd', calls: 1, run: engineRun },
      { name: 'hand-written', calls: 20, run: () => hand.run() },
    ],
    { warmup: 1, reps: 5, gcBetween: true },
  );
  const mem = retainedBytes(engineBuild);
  mem.value.y.backward(); // keeps the graph alive through the second reading, and checks it still works
  if (relDiff(mem.value.x0.grad, Math.pow(M, STEPS)) > 1e-9) throw new Error('long chain: gradient changed between runs');
  return { engine: e as Timing, hand: h as Timing, engineBytes: mem.bytes, naive: runNaive() };
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
