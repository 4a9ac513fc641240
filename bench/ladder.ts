/** Workload 3: y = y·0.5 + y·0.5 repeated (2^depth paths): backward must stay linear in depth. */
import { Value } from '../src/index.js';
import { NaiveValue, survivesStack } from './naive-micrograd.js';
import { check, timeInterleaved, type Check, type Timing } from './harness.js';

/** The depths timed; time per level should not grow with depth. */
export const DEPTHS: readonly number[] = [200, 2000, 20000];
/** The starting value (the ladder leaves it unchanged). */
const X = 1.5;

/** memograd's ladder on leaf x. */
function engineLadder(x: Value, depth: number): Value {
  let y = x;
  for (let i = 0; i < depth; i++) y = y.mul(0.5).add(y.mul(0.5));
  return y;
}

/** The naive port's ladder on leaf x. */
function naiveLadder(x: NaiveValue, depth: number): NaiveValue {
  let y = x;
  for (let i = 0; i < depth; i++) y = y.mul(0.5).add(y.mul(0.5));
  return y;
}

/** One memograd build + backward; returns y + dy/dx. */
function engineRun(depth: number): number {
  const x = new Value(X, 'x');
  const y = engineLadder(x, depth);
  y.backward();
  return y.data + x.grad;
}

/** One naive build + backward; returns y + dy/dx. */
function naiveRun(depth: number): number {
  const x = new NaiveValue(X);
  const y = naiveLadder(x, depth);
  y.backward();
  return y.data + x.grad;
}

/** Hand-written ladder with a Float64Array tape, reused across runs of one depth. */
class HandLadder {
  private readonly tape: Float64Array;

  /** Allocates the tape for `depth` levels. */
  constructor(private readonly depth: number) {
    this.tape = new Float64Array(depth + 1);
  }

  /** Forward into the tape, then the reverse loop (both paths of each level summed); returns y + dy/dx. */
  run(): number {
    const { tape, depth } = this;
    tape[0] = X;
    for (let i = 0; i < depth; i++) {
      const y = tape[i] as number;
      tape[i + 1] = y * 0.5 + y * 0.5;
    }
    let g = 1;
    for (let i = depth - 1; i >= 0; i--) g = g * 0.5 + g * 0.5;
    return (tape[depth] as number) + g;
  }
}

/** Whether the naive port's recursive topological sort survives a ladder of each depth. */
export function naiveSurvives(depth: number): boolean {
  return survivesStack(() => naiveRun(depth)) !== 'stack overflow';
}

/** At every depth: memograd's x.grad === 1 and y === x (also on a second backward of the same graph), likewise the naive port where it survives. */
export function checkLadder(): Check[] {
  const out: Check[] = [];
  for (const depth of DEPTHS) {
    const x = new Value(X, 'x');
    const y = engineLadder(x, depth);
    y.backward();
    const first = x.grad;
    x.grad = 0;
    y.backward();
    const second = x.grad;
    out.push(
      check(
        `ladder depth ${depth}: memograd x.grad === 1 (2^${depth} paths), y === x`,
        first === 1 && second === 1 && y.data === X,
        `x.grad ${first}, again after zeroing ${second}, y ${y.data}`,
      ),
    );
  }
  const naive: string[] = [];
  let naiveOk = true;
  for (const depth of DEPTHS) {
    const x = new NaiveValue(X);
    const y = naiveLadder(x, depth);
    const r = survivesStack(() => y.backward());
    if (r === 'stack overflow') naive.push(`${depth}: stack overflow (not checked)`);
    else {
      naive.push(`${depth}: x.grad ${x.grad}`);
      naiveOk &&= x.grad === 1 && y.data === X;
    }
  }
  out.push(check('ladder: naive port x.grad === 1 where it survives', naiveOk, naive.join('; ')));
  return out;
}

/** Per-level timings at one depth: build + backward for each version, and memograd's backward alone. */
export interface LadderTimings {
  readonly depth: number;
  readonly engine: Timing;
  readonly hand: Timing;
  readonly naive: Timing | 'stack overflow';
  readonly backwardOnly: Timing;
}

/** Levels per timed sample, per version (fixed, so every depth does the same total work). */
const LEVELS = { engine: 200_000, hand: 2_000_000, naive: 20_000 };

/** Divides a timing by `depth`: milliseconds per level. */
function perLevel(t: Timing, depth: number): Timing {
  return { name: t.name, min: t.min / depth, median: t.median / depth, samples: t.samples.map((s) => s / depth) };
}

/** Times every depth; all results are per level. */
export function timeLadder(): LadderTimings[] {
  return DEPTHS.map((depth) => {
    const hand = new HandLadder(depth);
    const survives = naiveSurvives(depth);
    const contenders = [
      { name: 'memograd', calls: LEVELS.engine / depth, run: () => engineRun(depth) },
      { name: 'hand-written', calls: LEVELS.hand / depth, run: () => hand.run() },
    ];
    if (survives) contenders.push({ name: 'naive port', calls: Math.max(1, LEVELS.naive / depth), run: () => naiveRun(depth) });
    const [e, h, n] = timeInterleaved(contenders, { warmup: 2, reps: 9 });
    const x = new Value(X, 'x');
    const y = engineLadder(x, depth);
    const backwardOnly = (): number => {
      x.grad = 0;
      y.backward();
      return x.grad;
    };
    const [b] = timeInterleaved([{ name: 'memograd backward', calls: LEVELS.engine / depth, run: backwardOnly }], { warmup: 2, reps: 9 });
    return {
      depth,
      engine: perLevel(e as Timing, depth),
      hand: perLevel(h as Timing, depth),
      naive: n === undefined ? 'stack overflow' : perLevel(n, depth),
      backwardOnly: perLevel(b as Timing, depth),
    };
  });
}
